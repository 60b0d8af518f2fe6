// Centroid, flatness and frame RMS on signals with known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "afterglow/analysis/frame_features.h"
#include "afterglow/analysis/spectral_flatness.h"
#include "support/signals.h"

namespace afterglow::analysis {
namespace {

constexpr double kRate = 44100.0;
constexpr double kBinHz = kRate / 2048.0;

FrameFeatures features_of(const std::vector<float>& x, double rate = kRate) {
  auto f = compute_frame_features(x, rate);
  EXPECT_TRUE(f.ok());
  return std::move(f).value_or_throw();
}

TEST(SpectralCentroid, ToneOf440HzIsWithinTwoBins) {
  const auto f = features_of(test::sine(440.0, 0.5, 2 * 44100));
  ASSERT_EQ(f.frame_count(), 1u + 2 * 44100 / 512);
  // Interior frames (the edge frames see the zero pad and its spectral splatter).
  for (std::size_t t = 4; t + 4 < f.frame_count(); ++t) {
    EXPECT_NEAR(f.centroid_magnitude[t], 440.0, 2.0 * kBinHz) << t;
    EXPECT_NEAR(f.centroid_power[t], 440.0, 2.0 * kBinHz) << t;
  }
}

TEST(SpectralCentroid, PowerWeightingLeansToTheLoudPartial) {
  // 300 Hz loud, 3 kHz quiet: squaring the weights pulls the centroid towards 300 Hz.
  auto x = test::sine(300.0, 0.5, 44100);
  const auto hi = test::sine(3000.0, 0.1, 44100);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += hi[i];
  const auto f = features_of(x);
  const std::size_t t = f.frame_count() / 2;
  EXPECT_LT(f.centroid_power[t], f.centroid_magnitude[t] - 100.0);
  EXPECT_NEAR(f.centroid_magnitude[t], (300.0 * 0.5 + 3000.0 * 0.1) / 0.6, 40.0);
}

TEST(SpectralCentroid, SilentFrameIsZero) {
  const auto f = features_of(test::silence(8192));
  for (float c : f.centroid_magnitude) EXPECT_EQ(c, 0.0f);
  for (float c : f.centroid_power) EXPECT_EQ(c, 0.0f);
}

TEST(SpectralFlatness, WhiteNoiseIsFlatAndASineIsNot) {
  const auto noise = features_of(test::noise(0.3, 44100, 7));
  const auto tone = features_of(test::sine(1000.0, 0.5, 44100));
  for (std::size_t t = 4; t + 4 < noise.frame_count(); ++t) {
    EXPECT_GT(noise.flatness[t], 0.5f) << t;
    EXPECT_LT(tone.flatness[t], 0.05f) << t;
  }
}

TEST(SpectralFlatness, BlockedProductEqualsTheLogDefinition) {
  const auto x = test::uniform_noise(100.0, 1025, 3);
  std::vector<float> power(x.size());
  double log_sum = 0.0;
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    power[i] = i % 7 == 0 ? 0.0f : x[i] * x[i];  // some bins below the 1e-10 floor
    const double p = std::max(1e-10, static_cast<double>(power[i]));
    log_sum += std::log(static_cast<double>(static_cast<float>(p)));
    sum += static_cast<float>(p);
  }
  const double expected = std::exp(log_sum / x.size()) / (sum / x.size());
  EXPECT_NEAR(spectral_flatness(power), expected, 1e-5 * expected);
  EXPECT_NEAR(spectral_flatness(std::vector<float>(1025, 0.0f)), 1.0f, 1e-6);  // silence is "flat"
}

TEST(FrameRms, MatchesTheTimeDomainRmsOfTheCentredFrame) {
  const auto x = test::sine(440.0, 0.5, 44100);
  const auto f = features_of(x);
  EXPECT_NEAR(f.rms[40], 0.5 / std::sqrt(2.0), 2e-3);
  // Frame 0 is half zero pad: its mean square is half of the signal's.
  EXPECT_NEAR(f.rms[0], 0.5 / 2.0, 5e-3);
  const auto silent = features_of(test::silence(4096));
  for (float v : silent.rms) EXPECT_EQ(v, 0.0f);
}

TEST(FrameFeatures, RejectsABadSampleRate) {
  const auto x = test::sine(440.0, 0.5, 4096);
  EXPECT_EQ(compute_frame_features(x, 0.0).error().kind(), ErrorKind::kInvalidValue);
  EXPECT_EQ(compute_frame_features(x, -1.0).error().kind(), ErrorKind::kInvalidValue);
}

TEST(FrameFeatures, MeanOverFramesClampsAndFallsBack) {
  const std::vector<float> v{1.0f, 2.0f, 3.0f, 4.0f};
  EXPECT_DOUBLE_EQ(mean_over_frames(v, 1, 3, -1.0), 2.5);
  EXPECT_DOUBLE_EQ(mean_over_frames(v, 2, 100, -1.0), 3.5);
  EXPECT_DOUBLE_EQ(mean_over_frames(v, 4, 100, -1.0), -1.0);
}

}  // namespace
}  // namespace afterglow::analysis
