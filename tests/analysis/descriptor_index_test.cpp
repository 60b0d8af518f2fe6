// Window descriptors and the descriptor index: queries land inside acceptable windows near the target,
// never in unstable regions, and never allocate.
#include "afterglow/analysis/descriptor_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/analysis/descriptors.h"
#include "support/signals.h"

// This test executable already replaces global operator new (stft_allocation_test.cpp), and a program
// may replace it only once. So allocations are counted one level lower, at malloc, which every
// operator new of this program (that replacement included) and every C allocation goes through.
extern "C" void* __libc_malloc(std::size_t size);  // glibc's own allocator, exported for interposers
namespace {
std::atomic<long> g_mallocs{0};
}  // namespace
extern "C" void* malloc(std::size_t size) {
  g_mallocs.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}

namespace afterglow::analysis {
namespace {

constexpr double kRate = 44100.0;

WindowGrid grid(std::size_t count, std::size_t window = 1000, std::size_t hop = 500) {
  WindowGrid g;
  g.sample_rate = kRate;
  g.window = window;
  g.hop = hop;
  g.count = count;
  g.length = (count - 1) * hop + window;
  return g;
}

// Descriptors on a regular lattice of the query cube; every third window unstable.
std::vector<WindowDescriptor> lattice(std::size_t count, std::uint64_t seed) {
  Random rng(seed);
  std::vector<WindowDescriptor> d(count);
  for (std::size_t i = 0; i < count; ++i) {
    d[i].brightness = static_cast<float>(rng.uniform());
    d[i].stability = static_cast<float>(rng.uniform());
    d[i].loudness = static_cast<float>(rng.uniform());
    d[i].quality = 1.0f;
    d[i].stable = i % 3 != 0;
    d[i].acceptable = d[i].stable;
  }
  return d;
}

float distance(const DescriptorIndex::Entry& e, const DescriptorTarget& t) {
  return std::sqrt((e.brightness - t.brightness) * (e.brightness - t.brightness) +
                   (e.stability - t.stability) * (e.stability - t.stability) +
                   (e.loudness - t.loudness) * (e.loudness - t.loudness));
}

TEST(DescriptorIndex, QueriesLandInsideAcceptableWindowsNearTheTarget) {
  const auto a = lattice(3000, 1);
  const auto b = lattice(2000, 2);
  const IndexSource sources[] = {{0, grid(a.size()), a}, {1, grid(b.size(), 2000, 1000), b}};
  const DescriptorIndex index = DescriptorIndex::build(sources);
  EXPECT_EQ(index.size(), 2000u + 1333u);  // every third window is unstable and left out

  Random rng(7);
  Random targets(8);
  for (int q = 0; q < 2000; ++q) {
    const DescriptorTarget t{static_cast<float>(targets.uniform()), static_cast<float>(targets.uniform()),
                             static_cast<float>(targets.uniform())};
    const auto p = index.query(t, rng, 100);
    ASSERT_TRUE(p.has_value());
    const auto& d = p->source == 0 ? a : b;
    const WindowGrid g = p->source == 0 ? grid(a.size()) : grid(b.size(), 2000, 1000);
    ASSERT_LT(p->window, d.size());
    EXPECT_TRUE(d[p->window].acceptable) << "window " << p->window << " of source " << p->source;
    const SampleRange r = g.range(p->window);
    EXPECT_GE(p->frame, r.start);
    EXPECT_LE(p->frame + 100, r.end);
    // 3333 points in the unit cube: the 16 nearest to a cell centre lie well within 0.2 of it, and
    // the target is at most half a cell diagonal (0.054) from that centre.
    const DescriptorIndex::Entry* hit = nullptr;
    for (const auto& e : index.entries()) {
      if (e.source == p->source && e.window == p->window) hit = &e;
    }
    ASSERT_NE(hit, nullptr);
    EXPECT_LT(distance(*hit, t), 0.25f);
  }
}

TEST(DescriptorIndex, CandidatesAreTheNearestAcceptableWindows) {
  const auto a = lattice(500, 3);
  const IndexSource sources[] = {{0, grid(a.size()), a}};
  const DescriptorIndex index = DescriptorIndex::build(sources, {8, 4, 1.0f});
  const DescriptorTarget centre{(3 + 0.5f) / 8, (5 + 0.5f) / 8, (1 + 0.5f) / 8};
  const auto list = index.candidates(centre);
  ASSERT_EQ(list.size(), 4u);
  float worst_listed = 0.0f;
  for (std::uint32_t e : list) worst_listed = std::max(worst_listed, distance(index.entries()[e], centre));
  std::size_t closer = 0;
  for (const auto& e : index.entries()) closer += distance(e, centre) < worst_listed ? 1 : 0;
  EXPECT_LE(closer, 3u);  // nothing outside the list is closer than the list's farthest
}

TEST(DescriptorIndex, EmptyWhenNothingIsAcceptable) {
  auto a = lattice(100, 4);
  for (auto& d : a) d.acceptable = false;
  const IndexSource sources[] = {{0, grid(a.size()), a}};
  const DescriptorIndex index = DescriptorIndex::build(sources);
  Random rng(1);
  EXPECT_TRUE(index.empty());
  EXPECT_FALSE(index.query({}, rng).has_value());
  EXPECT_FALSE(DescriptorIndex{}.query({}, rng).has_value());
}

TEST(DescriptorIndex, OutOfRangeAndNanTargetsAreClamped) {
  const auto a = lattice(300, 5);
  const IndexSource sources[] = {{0, grid(a.size()), a}};
  const DescriptorIndex index = DescriptorIndex::build(sources);
  Random rng(1);
  EXPECT_TRUE(index.query({-5.0f, 7.0f, NAN}, rng).has_value());
}

TEST(DescriptorIndex, QueryNeverAllocates) {
  const auto a = lattice(4000, 6);
  const IndexSource sources[] = {{0, grid(a.size()), a}};
  const DescriptorIndex index = DescriptorIndex::build(sources);
  Random rng(9);
  // The counter must see allocations at all, or a zero below would prove nothing.
  const long probe_before = g_mallocs.load();
  auto* probe = new std::vector<int>(100);
  EXPECT_GT(g_mallocs.load(), probe_before);
  delete probe;

  std::size_t sum = 0;
  const long before = g_mallocs.load();
  for (int q = 0; q < 10000; ++q) {
    const float x = static_cast<float>(q % 97) / 96.0f;
    if (auto p = index.query({x, 1.0f - x, 0.5f}, rng, 64)) sum += p->frame;
  }
  const long after = g_mallocs.load();
  EXPECT_EQ(after - before, 0);
  EXPECT_GT(sum, 0u);
}

TEST(Descriptors, ARealSignalKeepsQueriesOutOfItsDrumHits) {
  // 6 s dark tone, 6 s of clicks over the tone (unstable), 6 s bright noise.
  const auto seconds = static_cast<std::size_t>(kRate);
  std::vector<float> mono = test::sine(220.0, 0.1, 18 * seconds);
  const auto clicks = test::clicks(6 * seconds, seconds / 8, 0.9f);
  for (std::size_t i = 0; i < clicks.size(); ++i) mono[6 * seconds + i] += clicks[i];
  const auto hiss = test::uniform_noise(0.15, 6 * seconds, 3);
  for (std::size_t i = 0; i < hiss.size(); ++i) mono[12 * seconds + i] = hiss[i];

  auto analysis = analyze(mono, kRate);
  ASSERT_TRUE(analysis.ok());
  const auto measures = measure_windows(mono, *analysis);
  ASSERT_EQ(measures.size(), analysis->windows.size());
  StabilityThresholds thresholds;
  const StabilityMask mask = stable_mask(analysis->windows, thresholds);
  const auto descriptors = describe_windows(measures, mask);
  const IndexSource sources[] = {{0, analysis->windows.grid(), descriptors}};
  const DescriptorIndex index = DescriptorIndex::build(sources);
  ASSERT_FALSE(index.empty());

  // The tone is dark, the noise bright, the clicks' windows unstable.
  EXPECT_LT(descriptors[2].brightness, 0.35f);
  EXPECT_GT(descriptors[descriptors.size() - 3].brightness, 0.7f);
  EXPECT_GT(descriptors[2].stability, 0.8f);

  Random rng(3);
  for (int q = 0; q < 500; ++q) {
    const bool bright = q % 2 == 0;
    const auto p = index.query({bright ? 0.9f : 0.1f, 1.0f, 0.5f}, rng, 2048);
    ASSERT_TRUE(p.has_value());
    const double t = static_cast<double>(p->frame) / kRate;
    // Never inside the click region (windows overlapping it are unstable).
    EXPECT_TRUE(t < 6.0 || t >= 12.0) << t;
    if (bright) {
      EXPECT_GE(t, 12.0);
    } else {
      EXPECT_LT(t, 6.0);
    }
  }
}

}  // namespace
}  // namespace afterglow::analysis
