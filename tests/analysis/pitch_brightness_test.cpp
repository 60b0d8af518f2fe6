// Rough pitch (§2.10), brightness classes (§2.9) and the grain quality score (§7.4).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/analysis/brightness.h"
#include "afterglow/analysis/grain_quality.h"
#include "afterglow/analysis/pitch.h"
#include "support/signals.h"

namespace afterglow::analysis {
namespace {

constexpr double kRate = 44100.0;

std::vector<float> saw(double hz, double amp, std::size_t frames) {
  std::vector<float> out(frames);
  double phase = 0.0;
  for (float& v : out) {
    v = static_cast<float>(amp * (2.0 * phase - 1.0));
    phase += hz / kRate;
    if (phase >= 1.0) phase -= 1.0;
  }
  return out;
}

TEST(Pitch, OfA220HzSawIs220) {
  const auto p = estimate_pitch(saw(220.0, 0.5, 44100), kRate);
  ASSERT_TRUE(p.has_value());
  EXPECT_NEAR(*p, 220.0, 1.0);
}

TEST(Pitch, OddLengthsAndDcOffsetsStillWork) {
  auto x = test::sine(330.0, 0.3, 22051);
  for (float& v : x) v += 0.4f;  // DC is removed first
  const auto p = estimate_pitch(x, kRate);
  ASSERT_TRUE(p.has_value());
  EXPECT_NEAR(*p, 330.0, 2.0);
}

TEST(Pitch, NoneForSilenceAndOutsideTheRange) {
  EXPECT_FALSE(estimate_pitch(test::silence(4096), kRate).has_value());
  EXPECT_FALSE(estimate_pitch(std::vector<float>(4096, 0.5f), kRate).has_value());  // pure DC
  EXPECT_FALSE(estimate_pitch(test::sine(20.0, 0.5, 44100), kRate).has_value());
  EXPECT_FALSE(estimate_pitch(test::sine(8000.0, 0.5, 44100), kRate).has_value());
  EXPECT_FALSE(estimate_pitch({}, kRate).has_value());
  EXPECT_FALSE(estimate_pitch(test::sine(220.0, 0.5, 4096), 0.0).has_value());
}

TEST(Pitch, FastFftSizesHaveOnlySmallFactors) {
  EXPECT_EQ(fast_fft_size(1), 2u);
  EXPECT_EQ(fast_fft_size(48000), 48000u);
  EXPECT_EQ(fast_fft_size(44100), 45000u);  // 44100 has the factor 7
  EXPECT_EQ(fast_fft_size(22051), 22500u);
  EXPECT_EQ(fast_fft_size(1021), 1024u);
}

TEST(Brightness, ClassesWithBothBoundariesMid) {
  const BrightnessBounds b{1500.0, 3500.0};
  EXPECT_EQ(classify_brightness(1499.9, b), Brightness::kDark);
  EXPECT_EQ(classify_brightness(1500.0, b), Brightness::kMid);
  EXPECT_EQ(classify_brightness(3500.0, b), Brightness::kMid);
  EXPECT_EQ(classify_brightness(3500.1, b), Brightness::kBright);
  EXPECT_EQ(to_string(Brightness::kBright), "bright");
  EXPECT_EQ(parse_brightness("dark"), Brightness::kDark);
}

TEST(Brightness, OfGeneratedSignals) {
  auto classify = [](const std::vector<float>& x) {
    auto a = analyze(x, kRate);
    EXPECT_TRUE(a.ok());
    return estimate_brightness(a->frames.centroid_magnitude);
  };
  const auto low = classify(test::sine(200.0, 0.3, 44100));
  EXPECT_EQ(low.brightness, Brightness::kDark);
  EXPECT_LT(low.mean_centroid_hz, 500.0);
  EXPECT_EQ(classify(test::sine(2500.0, 0.3, 44100)).brightness, Brightness::kMid);
  EXPECT_EQ(classify(test::uniform_noise(0.3, 44100)).brightness, Brightness::kBright);
}

TEST(GrainQuality, FollowsTheOriginalsPenalties) {
  EXPECT_DOUBLE_EQ(grain_quality_score(std::vector<float>{0.5f}), 0.1);
  // A steady mid-level sine: no penalty (crest ~1.41, no skew).
  EXPECT_NEAR(grain_quality_score(test::sine(440.0, 0.3, 4410)), 1.0, 1e-9);
  // Quiet: rms < 0.005 -> x0.1.
  EXPECT_NEAR(grain_quality_score(test::sine(440.0, 0.005, 4410)), 0.1, 1e-9);
  // Clipping peak > 0.98 -> x0.3.
  EXPECT_NEAR(grain_quality_score(test::sine(440.0, 0.99, 4410)), 0.3, 1e-9);
  // A click: crest > 15 (x0.4) and skew > 0.85 (x0.3) multiply.
  std::vector<float> click(4410, 0.0f);
  click[10] = 0.9f;
  EXPECT_NEAR(grain_quality_score(click), 0.4 * 0.3, 1e-9);
  // Energy only in the second half: skew 1 -> x0.3.
  auto half = test::sine(440.0, 0.3, 4410);
  for (std::size_t i = 0; i < 2205; ++i) half[i] = 0.0f;
  EXPECT_NEAR(grain_quality_score(half), 0.3, 1e-9);
}

}  // namespace
}  // namespace afterglow::analysis
