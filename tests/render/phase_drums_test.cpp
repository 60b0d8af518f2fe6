// The drum slicer on a generated loop whose 16 hits sit at known, irregular times: every hit gives one
// slice that opens within 10 ms of it, and the drum_miner rules (length, peak floor, count, fades,
// normalisation) hold on what is written.

#include "afterglow/render/phase_drums.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "afterglow/dsp/levels.h"
#include "support/archive_fixtures.h"
#include "support/signals.h"

namespace afterglow::render {
namespace {

analysis::CorpusSource source_of(const test::DrumLoop& loop) {
  analysis::CorpusSource s;
  s.id = "loop.wav";
  s.name = "loop";
  s.role = analysis::SourceRole::kDrums;
  s.features.audio.sample_rate = loop.rate;
  s.features.audio.channels = {loop.audio};
  return s;
}

std::size_t distance(std::size_t a, std::size_t b) {
  return a > b ? a - b : b - a;
}

// Each slice opens within `tolerance` samples of a hit (10 ms: less than one 512-sample frame at
// 44.1 kHz, so frame-resolution onsets alone would not do), and each hit has its own slice.
void expect_one_slice_per_hit(const std::vector<std::size_t>& starts, const test::DrumLoop& loop) {
  const auto tolerance = static_cast<std::size_t>(0.010 * loop.rate);
  EXPECT_GE(starts.size(), loop.hits.size() - 1);
  EXPECT_LE(starts.size(), loop.hits.size() + 1);
  std::vector<int> matched(loop.hits.size(), 0);
  for (const std::size_t s : starts) {
    std::size_t best = 0;
    for (std::size_t h = 1; h < loop.hits.size(); ++h) {
      if (distance(loop.hits[h], s) < distance(loop.hits[best], s)) best = h;
    }
    EXPECT_LE(distance(loop.hits[best], s), tolerance)
        << "slice at " << s << " is " << (static_cast<double>(distance(loop.hits[best], s)) / loop.rate * 1e3)
        << " ms from the nearest hit (" << loop.hits[best] << ")";
    ++matched[best];
  }
  for (std::size_t h = 0; h < loop.hits.size(); ++h)
    EXPECT_LE(matched[h], 1) << "hit " << h << " sliced twice";
  EXPECT_GE(std::count(matched.begin(), matched.end(), 1), static_cast<long>(loop.hits.size()) - 1);
}

std::vector<std::size_t> starts_of(const std::vector<DrumSlice>& slices) {
  std::vector<std::size_t> starts;
  for (const auto& s : slices) starts.push_back(s.start);
  return starts;
}

TEST(PhaseDrums, SixteenKnownHitsGiveSixteenSlicesEachOpeningWithinTenMs) {
  for (const double rate : {44100.0, 48000.0}) {
    SCOPED_TRACE(rate);
    const test::DrumLoop loop = test::drum_loop(rate);
    ASSERT_EQ(loop.hits.size(), 16u);
    auto slices = find_drum_slices(loop.audio, rate, config::DrumMinerConfig{});
    ASSERT_TRUE(slices.ok()) << slices.error().what();
    expect_one_slice_per_hit(starts_of(*slices), loop);
  }
}

// A file's first frames see the centring pad, which looks like an onset; and the envelope has no
// minimum between the start and a first hit over steady noise, so the attack search spans the whole
// lead-in. Neither may cost the first hit its slice, and a file that opens on a hit keeps it.
TEST(PhaseDrums, AFirstHitAfterALongQuietLeadInOpensItsSlice) {
  for (const double lead_in : {0.001, 0.3, 1.0}) {
    SCOPED_TRACE(lead_in);
    test::DrumLoop loop;
    loop.rate = 44100.0;
    loop.audio = test::noise(0.001, 44100 * 3, 5);
    const auto hit = static_cast<std::size_t>(lead_in * loop.rate);
    std::vector<float> burst = test::noise(0.7, 13000, 6);
    for (std::size_t n = 0; n < burst.size(); ++n) {
      loop.audio[hit + n] +=
          static_cast<float>(burst[n] * std::exp(-static_cast<double>(n) / (0.04 * loop.rate)));
    }
    loop.hits = {hit};
    auto slices = find_drum_slices(loop.audio, loop.rate, config::DrumMinerConfig{});
    ASSERT_TRUE(slices.ok());
    ASSERT_EQ(slices->size(), 1u);
    EXPECT_LE(distance((*slices)[0].start, hit), static_cast<std::size_t>(0.010 * loop.rate))
        << "opens at " << (*slices)[0].start;
  }
}

TEST(PhaseDrums, BacktrackingOpensSlicesBeforeThePeakFrames) {
  const test::DrumLoop loop = test::drum_loop(44100.0);
  config::DrumMinerConfig cfg;
  auto back = detect_drum_onsets(loop.audio, loop.rate, cfg);
  cfg.onset_backtrack = false;
  auto peaks = detect_drum_onsets(loop.audio, loop.rate, cfg);
  ASSERT_TRUE(back.ok() && peaks.ok());
  ASSERT_EQ(back->size(), peaks->size());
  std::size_t earlier = 0;
  for (std::size_t i = 0; i < back->size(); ++i) {
    EXPECT_LE((*back)[i], (*peaks)[i]);
    earlier += (*back)[i] < (*peaks)[i] ? 1 : 0;
    EXPECT_EQ((*peaks)[i] % kDrumHop, 0u) << "peak positions are frames of 512 samples";
  }
  EXPECT_GT(earlier, 0u) << "backtracking moved no onset";
}

TEST(PhaseDrums, RenderedSlicesAreFadedNormalisedMonoFilesInTheDrumsFolder) {
  const test::DrumLoop loop = test::drum_loop(44100.0);
  const analysis::CorpusSource source = source_of(loop);
  config::Scene scene;
  scene.global.target_peak_dbfs = -1.0;
  auto out = render_drums(PhaseSource{&source, "loop", 3}, scene);
  ASSERT_TRUE(out.ok()) << out.error().what();
  auto slices = find_drum_slices(loop.audio, loop.rate, scene.drum_miner);
  ASSERT_TRUE(slices.ok());
  ASSERT_EQ(out->size(), slices->size());
  const auto max_length = static_cast<std::size_t>(scene.drum_miner.max_length_sec * loop.rate);
  for (std::size_t i = 0; i < out->size(); ++i) {
    const KitItem& item = out->items[i];
    char name[64];
    std::snprintf(name, sizeof name, "loop/drums/loop_drum_%03zu.wav", i + 1);
    EXPECT_EQ(out->paths[i].generic_string(), name);
    EXPECT_EQ(item.kind, SampleKind::kDrumSlice);
    EXPECT_EQ(category_of(item.kind), Tr8sCategory::kDrums);
    ASSERT_EQ(item.audio.channel_count(), 1u);
    EXPECT_EQ(item.audio.sample_rate, loop.rate);
    EXPECT_EQ(item.audio.frames(), (*slices)[i].length());
    EXPECT_LE(item.audio.frames(), max_length);
    const auto& x = item.audio.channels[0];
    EXPECT_NEAR(dsp::lin_to_db(dsp::peak(x)), -1.0, 1e-4) << "normalised to the global target";
    EXPECT_EQ(x.front(), 0.0f) << "linear fade-in";
    EXPECT_EQ(x.back(), 0.0f) << "linear fade-out";
    EXPECT_EQ(std::get<std::string>(item.metadata.at("type")), "drum");
    EXPECT_NEAR(std::get<double>(item.metadata.at("source_start_sec")),
                static_cast<double>((*slices)[i].start) / loop.rate, 1e-12);
  }
}

TEST(PhaseDrums, LengthPeakAndCountRulesFollowTheDrumMinerSection) {
  const test::DrumLoop loop = test::drum_loop(44100.0);
  const analysis::CorpusSource source = source_of(loop);
  config::Scene scene;

  // Slices run to the next hit: only the gaps of at least 0.595 s (5 of them) and the last hit (to the
  // end of the file, cut to max_length_sec) are long enough.
  scene.drum_miner.min_length_sec = 0.595;
  auto slices = find_drum_slices(loop.audio, loop.rate, scene.drum_miner);
  ASSERT_TRUE(slices.ok());
  EXPECT_EQ(slices->size(), 6u);

  scene.drum_miner = {};
  scene.drum_miner.max_length_sec = 0.1;
  slices = find_drum_slices(loop.audio, loop.rate, scene.drum_miner);
  ASSERT_TRUE(slices.ok());
  for (const auto& s : *slices) EXPECT_LE(s.length(), 4410u);

  // A peak floor above every hit drops them all: no slice, a warning, and no failure.
  scene.drum_miner = {};
  scene.drum_miner.min_peak_db = -0.01;
  auto none = render_drums(PhaseSource{&source, "loop", 1}, scene);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->size(), 0u);
  ASSERT_EQ(none->warnings.size(), 1u);

  scene.drum_miner = {};
  scene.drum_miner.max_saved_per_file = 5;
  auto five = render_drums(PhaseSource{&source, "loop", 1}, scene);
  ASSERT_TRUE(five.ok());
  EXPECT_EQ(five->size(), 5u);
}

TEST(PhaseDrums, SameInputSameSlices) {
  const test::DrumLoop loop = test::drum_loop(48000.0);
  const analysis::CorpusSource source = source_of(loop);
  const config::Scene scene;
  auto a = render_drums(PhaseSource{&source, "loop", 1}, scene);
  auto b = render_drums(PhaseSource{&source, "loop", 99}, scene);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (std::size_t i = 0; i < a->size(); ++i)
    EXPECT_EQ(a->items[i].audio.channels, b->items[i].audio.channels);
}

TEST(PhaseDrums, AnUnusableRateIsAnError) {
  const std::vector<float> x(1000, 0.1f);
  EXPECT_FALSE(find_drum_slices(x, 0.0, config::DrumMinerConfig{}).ok());
  EXPECT_FALSE(find_drum_slices(x, std::nan(""), config::DrumMinerConfig{}).ok());
}

}  // namespace
}  // namespace afterglow::render
