#include "afterglow/analysis/window_analysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "support/signals.h"

namespace afterglow::analysis {
namespace {

constexpr double kRate = 44100.0;

AudioAnalysis analyse(const std::vector<float>& x, double window_sec = 1.0, double hop_sec = 0.5,
                      double rate = kRate) {
  AnalysisParams p;
  p.windows = {window_sec, hop_sec};
  auto a = analyze(x, rate, p);
  EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().what());
  return std::move(a).value_or_throw();
}

TEST(WindowGrid, LayoutFollowsTheOriginal) {
  auto g = make_window_grid(100000, kRate, {1.0, 0.5});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->window, 44100u);
  EXPECT_EQ(g->hop, 22050u);
  EXPECT_EQ(g->count, (100000u - 44100u) / 22050u + 1u);  // starts <= len - W
  EXPECT_EQ(g->range(0), (SampleRange{0, 44100}));
  EXPECT_EQ(g->range(2), (SampleRange{44100, 88200}));
  // Exactly one window when len == W.
  EXPECT_EQ(make_window_grid(44100, kRate, {1.0, 0.5})->count, 1u);
  EXPECT_EQ(make_window_grid(0, kRate, {1.0, 0.5})->count, 0u);
}

// Reference §13.1: the analyzer's bad-input cases.
TEST(WindowGrid, SampleRateZeroIsAnError) {
  const auto x = test::sine(440.0, 0.1, 44100);
  auto a = analyze(x, 0.0);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind(), ErrorKind::kInvalidValue);
}

TEST(WindowGrid, NegativeSampleRateIsAnError) {
  const auto x = test::sine(440.0, 0.1, 44100);
  auto a = analyze(x, -44100.0);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind(), ErrorKind::kInvalidValue);
}

TEST(WindowGrid, ZeroWindowIsAnError) {
  const auto x = test::sine(440.0, 0.1, 44100);
  AnalysisParams p;
  p.windows = {0.0, 0.5};
  auto a = analyze(x, kRate, p);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind(), ErrorKind::kInvalidValue);
  EXPECT_EQ(a.error().context_value("analysis_window_sec"), "0");
}

TEST(WindowGrid, NegativeOrZeroHopIsAnError) {
  const auto x = test::sine(440.0, 0.1, 44100);
  for (double hop : {-0.5, 0.0}) {
    AnalysisParams p;
    p.windows = {1.0, hop};
    auto a = analyze(x, kRate, p);
    ASSERT_FALSE(a.ok()) << hop;
    EXPECT_EQ(a.error().kind(), ErrorKind::kInvalidValue);
    EXPECT_FALSE(a.error().context_value("analysis_hop_sec").empty());
  }
}

TEST(WindowGrid, ClipShorterThanAWindowIsOneWindow) {
  for (std::size_t frames : {std::size_t{4410}, std::size_t{100}}) {
    const auto a = analyse(test::sine(440.0, 0.3, frames));
    ASSERT_EQ(a.windows.size(), 1u) << frames;
    EXPECT_EQ(a.windows.window_range(0), (SampleRange{0, frames}));
    EXPECT_NEAR(a.windows.features().rms_db[0], 20.0 * std::log10(0.3 / std::sqrt(2.0)),
                frames > 1000 ? 0.1 : 1.0);
  }
}

TEST(WindowFeatures, LevelDcAndCrestOfKnownWindows) {
  std::vector<float> x = test::sine(100.0, 0.5, 2 * 44100);
  for (std::size_t i = 44100; i < x.size(); ++i) x[i] = 0.25f;  // second second: pure DC
  const auto a = analyse(x, 1.0, 1.0);
  const auto& f = a.windows.features();
  ASSERT_EQ(a.windows.size(), 2u);
  EXPECT_NEAR(f.rms_db[0], 20.0 * std::log10(0.5 / std::sqrt(2.0)), 0.01);
  EXPECT_NEAR(f.dc[0], 0.0, 1e-4);
  EXPECT_NEAR(f.crest[0], std::sqrt(2.0), 0.01);
  EXPECT_NEAR(f.dc[1], 0.25, 1e-6);
  EXPECT_NEAR(f.crest[1], 1.0, 1e-5);
}

TEST(WindowFeatures, CrestOfSilentAndNearSilentWindowsIsZero) {
  const auto silent = analyse(test::silence(3 * 44100));
  for (float c : silent.windows.features().crest) EXPECT_EQ(c, 0.0f);
  for (float r : silent.windows.features().rms_db) EXPECT_EQ(r, -80.0f);
  const auto tiny = analyse(test::uniform_noise(1e-12, 3 * 44100, 5));
  ASSERT_GT(tiny.windows.size(), 0u);
  for (float c : tiny.windows.features().crest) EXPECT_EQ(c, 0.0f);
  for (float c : tiny.windows.features().crest) EXPECT_TRUE(std::isfinite(c));
}

TEST(WindowFeatures, CentroidOfLowAndHighSines) {
  const auto low = analyse(test::sine(200.0, 0.3, 3 * 44100), 1.0, 1.0);
  const auto high = analyse(test::sine(4000.0, 0.3, 3 * 44100), 1.0, 1.0);
  for (float c : low.windows.features().centroid_hz) {
    EXPECT_LT(c, 500.0f);
    EXPECT_NE(c, kFallbackCentroidHz);
  }
  for (float c : high.windows.features().centroid_hz) {
    EXPECT_GT(c, 2000.0f);
    EXPECT_NE(c, kFallbackCentroidHz);
  }
}

TEST(WindowFeatures, OnsetsAreCountedPerWindow) {
  // Clicks every 0.25 s: a 1 s window holds 4 of them.
  const auto a = analyse(test::clicks(5 * 44100, 11025, 1.0f), 1.0, 1.0);
  for (std::size_t i = 0; i < a.windows.size(); ++i) {
    EXPECT_NEAR(a.windows.features().onsets[i], 4.0, 1.0) << i;
    EXPECT_NEAR(a.windows.onset_rate(i), 4.0, 1.0) << i;
  }
}

TEST(WindowAnalysis, RefusesFeaturesOfAnotherSignal) {
  const auto x = test::sine(440.0, 0.1, 44100);
  auto f = compute_frame_features(x, kRate);
  ASSERT_TRUE(f.ok());
  const auto y = test::sine(440.0, 0.1, 50000);
  EXPECT_FALSE(WindowAnalysis::create(y, *f, {}).ok());
}

}  // namespace
}  // namespace afterglow::analysis
