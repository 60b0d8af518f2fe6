// Reference §13.1 cases on fades, mapped to tests below:
//   a fade longer than the clip keeps the clip length     FadeLongerThanClipIsClamped
//   fade_out_sec 0 / clips shorter than 4 samples: no-op  ZeroLengthFadeIsANoOp, TinyClipsDoNotCrash
// Plus the §13 property and quality checks on the two curves. The golden fixtures
// crossfade_equal_power / crossfade_linear are compared in tests/golden (read with io::read_audio).
#include "afterglow/dsp/crossfade.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "afterglow/dsp/levels.h"
#include "support/signals.h"

namespace afterglow::dsp {
namespace {

constexpr std::size_t kSecond = 44100;
constexpr std::size_t kFade = 4410;

std::vector<float> golden_crossfade(FadeCurve curve) {
  return crossfade(test::sine(440.0, 0.5, kSecond), test::sine(880.0, 0.5, kSecond), kFade, curve);
}

TEST(Crossfade, LinearDiffersFromEqualPower) {
  const auto a = golden_crossfade(FadeCurve::kEqualPower);
  const auto b = golden_crossfade(FadeCurve::kLinear);
  ASSERT_EQ(a.size(), b.size());
  double max_diff = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) max_diff = std::max(max_diff, std::fabs(double(a[i]) - b[i]));
  EXPECT_GT(max_diff, 0.05);
  // Outside the fade region both are the plain inputs.
  EXPECT_EQ(a[100], b[100]);
  EXPECT_EQ(a.back(), b.back());
}

TEST(Crossfade, LengthIsSumMinusOverlap) {
  for (std::size_t n : {0u, 1u, 10u, 300u}) {
    EXPECT_EQ(crossfade(test::silence(500), test::silence(700), n).size(), 1200 - n) << n;
  }
}

TEST(Crossfade, OverlapIsClampedToTheShorterSignal) {
  const auto out = crossfade(test::silence(10), test::silence(50), 100);
  EXPECT_EQ(out.size(), 50u);
}

TEST(Crossfade, CurvesHitTheirEndpoints) {
  const std::vector<float> a(8, 1.0f);
  const std::vector<float> b(8, 2.0f);
  const auto out = crossfade(a, b, 5, FadeCurve::kLinear);
  ASSERT_EQ(out.size(), 11u);
  EXPECT_FLOAT_EQ(out[3], 1.0f);  // t = 0: all a
  EXPECT_FLOAT_EQ(out[5], 1.5f);  // t = 0.5
  EXPECT_FLOAT_EQ(out[7], 2.0f);  // t = 1: all b
  const auto ep = crossfade(a, b, 5, FadeCurve::kEqualPower);
  EXPECT_NEAR(ep[5], std::sqrt(0.5) * 1.0 + std::sqrt(0.5) * 2.0, 1e-6);
}

// §13 "DSP validation": identical in-phase sines through an equal-power fade keep a steady level
// (coefficient of variation of the windowed RMS below 0.2).
TEST(Crossfade, EqualPowerKeepsLevelSteady) {
  const auto s = test::sine(440.0, 0.5, kSecond);
  const auto out = crossfade(s, s, kFade, FadeCurve::kEqualPower);
  std::vector<double> levels;
  for (std::size_t start = kSecond - kFade - 2205; start + 441 < kSecond + 2205; start += 441) {
    levels.push_back(rms(std::span<const float>(out).subspan(start, 441)));
  }
  double mean = 0.0;
  for (double v : levels) mean += v;
  mean /= static_cast<double>(levels.size());
  double var = 0.0;
  for (double v : levels) var += (v - mean) * (v - mean);
  EXPECT_LT(std::sqrt(var / static_cast<double>(levels.size())) / mean, 0.2);
}

// §13 "DSP validation": a linear fade between independent noises dips in the middle.
TEST(Crossfade, LinearDipsBetweenIndependentNoise) {
  const auto a = test::noise(0.3, kSecond, 1);
  const auto b = test::noise(0.3, kSecond, 2);
  const auto out = crossfade(a, b, kFade, FadeCurve::kLinear);
  const auto span = std::span<const float>(out);
  const double mid = rms(span.subspan(kSecond - kFade / 2 - 220, 441));
  const double before = rms(span.subspan(10000, 4410));
  const double after = rms(span.subspan(out.size() - 10000, 4410));
  EXPECT_LT(mid, 0.9 * before);
  EXPECT_LT(mid, 0.9 * after);
}

TEST(Fades, FadeInRampsFromZero) {
  std::vector<float> x(10, 1.0f);
  fade_in(x, 5);
  EXPECT_EQ(x[0], 0.0f);
  EXPECT_FLOAT_EQ(x[2], 0.5f);
  EXPECT_EQ(x[4], 1.0f);
  EXPECT_EQ(x[9], 1.0f);
}

TEST(Fades, FadeOutRampsToZero) {
  std::vector<float> x(10, 1.0f);
  fade_out(x, 5);
  EXPECT_EQ(x[4], 1.0f);
  EXPECT_EQ(x[5], 1.0f);
  EXPECT_FLOAT_EQ(x[7], 0.5f);
  EXPECT_EQ(x[9], 0.0f);
}

TEST(Fades, ZeroLengthFadeIsANoOp) {
  std::vector<float> x(10, 0.7f);
  fade_in(x, 0);
  fade_out(x, 0);
  EXPECT_EQ(x, std::vector<float>(10, 0.7f));
}

TEST(Fades, FadeLongerThanClipIsClamped) {
  std::vector<float> x(4, 1.0f);
  fade_out(x, 1000);
  ASSERT_EQ(x.size(), 4u);
  EXPECT_EQ(x[0], 1.0f);
  EXPECT_EQ(x[3], 0.0f);
  std::vector<float> y(4, 1.0f);
  fade_in(y, 1000);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[3], 1.0f);
}

TEST(Fades, TinyClipsDoNotCrash) {
  std::vector<float> empty;
  fade_in(empty, 10);
  fade_out(empty, 10);
  std::vector<float> one(1, 1.0f);
  fade_out(one, 1);  // a one-point ramp from 1 to 0 is just its first point, 1
  EXPECT_EQ(one[0], 1.0f);
  fade_in(one, 1);
  EXPECT_EQ(one[0], 0.0f);
}

}  // namespace
}  // namespace afterglow::dsp
