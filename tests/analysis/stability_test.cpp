#include "afterglow/analysis/stability.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/core/log.h"
#include "support/signals.h"

namespace afterglow::analysis {
namespace {

constexpr double kRate = 44100.0;

AudioAnalysis analyse(const std::vector<float>& x, double window_sec = 1.0, double hop_sec = 0.5,
                      double rate = kRate) {
  AnalysisParams p;
  p.windows = {window_sec, hop_sec};
  auto a = analyze(x, rate, p);
  EXPECT_TRUE(a.ok());
  return std::move(a).value_or_throw();
}

std::size_t count_stable(const StabilityMask& m) {
  return static_cast<std::size_t>(std::count(m.begin(), m.end(), 1));
}

// A quiet tone with a short noise burst `rate_hz` times a second: level and crest pass, only onsets differ.
std::vector<float> tone_with_bursts(double seconds, double rate_hz) {
  auto x = test::sine(330.0, 0.1, static_cast<std::size_t>(seconds * kRate));
  const auto burst = test::uniform_noise(0.3, static_cast<std::size_t>(0.02 * kRate), 11);
  const auto every = static_cast<std::size_t>(kRate / rate_hz);
  for (std::size_t at = every / 2; at + burst.size() < x.size(); at += every) {
    for (std::size_t i = 0; i < burst.size(); ++i) x[at + i] += burst[i];
  }
  return x;
}

TEST(StableMask, SteadyToneIsStable) {
  const auto a = analyse(test::sine(330.0, 0.1, 5 * 44100));
  const auto mask = stable_mask(a.windows, {});
  EXPECT_EQ(count_stable(mask), mask.size());
}

TEST(StableMask, OnsetGateWorks) {
  const auto a = analyse(tone_with_bursts(6.0, 6.0));
  const auto& f = a.windows.features();
  for (std::size_t i = 0; i < a.windows.size(); ++i) {
    ASSERT_LT(f.crest[i], 10.0f) << i;  // only the onset gate can reject these windows
    EXPECT_GE(a.windows.onset_rate(i), 4.0) << i;
  }
  EXPECT_EQ(count_stable(stable_mask(a.windows, {})), 0u);
  StabilityThresholds lax;
  lax.max_onset_rate_hz = 100.0;
  EXPECT_EQ(count_stable(stable_mask(a.windows, lax)), a.windows.size());
}

TEST(StableMask, InclusiveRmsBoundsAndStrictDcAndCrest) {
  const auto a = analyse(test::sine(330.0, 0.1, 3 * 44100));
  const auto& f = a.windows.features();
  StabilityThresholds t;
  t.min_rms_db = f.rms_db[0];
  t.max_rms_db = f.rms_db[0];
  StabilityMask m = stable_mask(a.windows, t);
  EXPECT_EQ(m[0], 1);  // both bounds inclusive
  t = {};
  t.max_crest = f.crest[0];
  EXPECT_EQ(stable_mask(a.windows, t)[0], 0);  // crest strict
  t = {};
  t.max_dc = f.dc[0];
  EXPECT_EQ(stable_mask(a.windows, t)[0], 0);  // DC strict
}

TEST(StableMask, CentroidBoundsApplyWhenGiven) {
  const auto a = analyse(test::sine(4000.0, 0.1, 3 * 44100));
  StabilityThresholds t;
  t.max_centroid_hz = 3000.0;
  EXPECT_EQ(count_stable(stable_mask(a.windows, t)), 0u);
  t = {};
  t.min_centroid_hz = 3000.0;
  EXPECT_EQ(count_stable(stable_mask(a.windows, t)), a.windows.size());
}

TEST(StableMask, InvertedRmsRangeGivesAllFalse) {
  const auto a = analyse(test::sine(330.0, 0.1, 5 * 44100));
  StabilityThresholds t;
  t.min_rms_db = -10.0;
  t.max_rms_db = -40.0;
  const auto mask = stable_mask(a.windows, t);
  ASSERT_EQ(mask.size(), a.windows.size());
  EXPECT_EQ(count_stable(mask), 0u);
}

// Reference §13 cache keying: loose and strict thresholds must give different masks.
TEST(StableMask, LooseAndStrictThresholdsGiveDifferentMasks) {
  const double sr = 1000.0;
  const auto x = test::sine(5.0, 0.2, 2000, sr);
  const auto a = analyse(x, 0.5, 0.5, sr);
  StabilityThresholds loose{5.0, -60.0, -5.0, 0.1, 20.0, std::nullopt, std::nullopt};
  StabilityThresholds strict{1.0, -20.0, -10.0, 0.01, 5.0, std::nullopt, std::nullopt};
  const auto m_loose = stable_mask(a.windows, loose);
  const auto m_strict = stable_mask(a.windows, strict);
  EXPECT_NE(m_loose, m_strict);
  EXPECT_EQ(count_stable(m_loose), m_loose.size());
}

TEST(StableMask, VerboseLogsRejectionsAndQuietDoesNot) {
  const auto a = analyse(test::clicks(2 * 44100, 4410, 1.0f));
  {
    log::ScopedCapture capture;
    (void)stable_mask(a.windows, {}, true);
    EXPECT_NE(capture.text().find("[analyzer]"), std::string::npos);
    EXPECT_NE(capture.text().find("rejected"), std::string::npos);
    EXPECT_GE(capture.count(log::Level::kDebug), 1);
  }
  {
    log::ScopedCapture capture;
    (void)stable_mask(a.windows, {}, false);
    EXPECT_EQ(capture.text().find("rejected"), std::string::npos);
    EXPECT_EQ(capture.count(log::Level::kDebug), 0);
  }
}

TEST(StableMask, VerboseNamesTheOnsetGate) {
  const auto a = analyse(tone_with_bursts(3.0, 6.0));
  log::ScopedCapture capture;
  (void)stable_mask(a.windows, {}, true);
  EXPECT_NE(capture.text().find("Onset rate"), std::string::npos) << capture.text();
}

TEST(SortedWindows, SpikeWindowRanksLast) {
  auto x = test::sine(440.0, 0.1, 2 * 44100);
  x[44100 + 22050] = 5.0f;  // window 1 gets a crest far above 10
  const auto a = analyse(x, 1.0, 1.0);
  ASSERT_EQ(a.windows.size(), 2u);
  ASSERT_GT(a.windows.features().crest[1], 10.0f);
  const auto order = sorted_windows(a.windows, {});
  ASSERT_FALSE(order.empty());
  EXPECT_EQ(order.front(), 0u);
  EXPECT_EQ(std::find(order.begin(), order.end(), 1u), order.end());  // it fails the crest gate
}

TEST(SortedWindows, AllWindowsWhenNonePassAndOnsetsRankFirst) {
  // Quiet tone (passes nothing at -80..-70 dB), busier second half.
  auto x = tone_with_bursts(4.0, 6.0);
  for (std::size_t i = 0; i < 2 * 44100; ++i) x[i] = 0.1f * std::sin(0.05f * static_cast<float>(i));
  const auto a = analyse(x, 1.0, 1.0);
  StabilityThresholds none;
  none.min_rms_db = -80.0;
  none.max_rms_db = -70.0;
  const auto order = sorted_windows(a.windows, none);
  ASSERT_EQ(order.size(), a.windows.size());
  EXPECT_EQ(a.windows.features().onsets[order.front()], 0u);
  EXPECT_LT(order.front(), 2u);
}

TEST(SampleFromStableRegion, PicksOnlyLongEnoughRunsDeterministically) {
  WindowGrid g{44100.0, 20 * 22050 + 44100, 44100, 22050, 21};
  StabilityMask mask(21, 0);
  mask[0] = 1;                                        // run of 1: too short
  for (std::size_t i = 5; i < 8; ++i) mask[i] = 1;    // run of 3
  for (std::size_t i = 12; i < 14; ++i) mask[i] = 1;  // run of 2
  std::set<std::size_t> starts;
  Random rng(42);
  for (int k = 0; k < 200; ++k) {
    const auto r = sample_from_stable_region(g, mask, 1.5, 2, rng);
    ASSERT_TRUE(r.has_value());
    const std::size_t w = r->start / g.hop;
    EXPECT_TRUE((w >= 5 && w < 8) || (w >= 12 && w < 14)) << w;
    EXPECT_EQ(r->size(), std::min<std::size_t>(66150, g.length - r->start));
    starts.insert(w);
  }
  EXPECT_EQ(starts.size(), 5u);
  Random a(7);
  Random b(7);
  EXPECT_EQ(sample_from_stable_region(g, mask, 1.0, 2, a), sample_from_stable_region(g, mask, 1.0, 2, b));
}

TEST(SampleFromStableRegion, NoneWithoutStableRunsAndStartZeroIsValid) {
  WindowGrid g{44100.0, 88200, 44100, 22050, 3};
  Random rng(1);
  EXPECT_FALSE(sample_from_stable_region(g, StabilityMask(3, 0), 1.0, 1, rng).has_value());
  EXPECT_FALSE(sample_from_stable_region(g, StabilityMask{1, 0, 1}, 1.0, 2, rng).has_value());
  const auto r = sample_from_stable_region(g, StabilityMask{1, 0, 0}, 3.0, 1, rng);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->start, 0u);
  EXPECT_EQ(r->end, 88200u);  // clamped to the signal
}

}  // namespace
}  // namespace afterglow::analysis
