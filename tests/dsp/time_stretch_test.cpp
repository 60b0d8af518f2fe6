#include "afterglow/dsp/time_stretch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "afterglow/dsp/levels.h"
#include "support/signals.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 44100.0;

// Frequency from rising zero crossings (linearly interpolated) over the middle of the signal, away
// from the fades at the ends.
double measured_frequency(const std::vector<float>& x, double rate) {
  const std::size_t lo = x.size() / 4;
  const std::size_t hi = 3 * x.size() / 4;
  double first = -1.0;
  double last = -1.0;
  int crossings = 0;
  for (std::size_t n = lo; n + 1 < hi; ++n) {
    if (x[n] < 0.0f && x[n + 1] >= 0.0f) {
      const double t = static_cast<double>(n) + x[n] / (x[n] - x[n + 1]);
      if (first < 0.0) first = t;
      last = t;
      ++crossings;
    }
  }
  return crossings > 1 ? (crossings - 1) * rate / (last - first) : 0.0;
}

double middle_rms_db(const std::vector<float>& x) {
  return rms_db(std::span<const float>(x).subspan(x.size() / 4, x.size() / 2));
}

TEST(TimeStretch, OutputLengths) {
  const auto x = test::sine(440.0, 0.5, 10001);
  for (double factor : {0.5, 1.0, 1.37, 2.0, 4.0}) {
    auto y = stretch_by(x, factor);
    ASSERT_TRUE(y.ok());
    EXPECT_EQ(y->size(), static_cast<std::size_t>(std::nearbyint(10001 * factor))) << factor;
  }
  // The reference's rate semantics: 2.0 is half as long.
  auto half = time_stretch(x, 2.0);
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(half->size(), 5000u);  // round(5000.5): half to even, as librosa
  auto longer = time_stretch(x, 0.8);
  ASSERT_TRUE(longer.ok());
  EXPECT_EQ(longer->size(), 12501u);
}

TEST(TimeStretch, SineKeepsFrequencyAndLevel) {
  const auto x = test::sine(440.0, 0.5, 2 * 44100);
  for (double factor : {0.5, 0.8, 1.5, 2.0, 3.0}) {
    auto y = stretch_by(x, factor);
    ASSERT_TRUE(y.ok());
    EXPECT_NEAR(measured_frequency(*y, kRate), 440.0, 4.4) << factor;
    EXPECT_NEAR(middle_rms_db(*y) - middle_rms_db(x), 0.0, 1.0) << factor;
  }
}

TEST(TimeStretch, HarmonicsKeepTheirPitch) {
  std::vector<float> x = test::sine(220.0, 0.3, 3 * 44100);
  const auto h2 = test::sine(440.0, 0.15, x.size());
  const auto h3 = test::sine(660.0, 0.1, x.size());
  for (std::size_t n = 0; n < x.size(); ++n) x[n] += h2[n] + h3[n];
  auto y = stretch_by(x, 2.0);
  ASSERT_TRUE(y.ok());
  EXPECT_NEAR(measured_frequency(*y, kRate), 220.0, 2.2);
  EXPECT_NEAR(middle_rms_db(*y) - middle_rms_db(x), 0.0, 1.0);
}

TEST(PitchShift, OctaveUpOf440IsAt880AndKeepsTheLength) {
  const auto x = test::sine(440.0, 0.5, 2 * 44100);
  auto up = pitch_shift(x, 12.0);
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->size(), x.size());
  EXPECT_NEAR(measured_frequency(*up, kRate), 880.0, 8.8);
  EXPECT_NEAR(middle_rms_db(*up) - middle_rms_db(x), 0.0, 1.0);

  auto down = pitch_shift(x, -12.0);
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->size(), x.size());
  EXPECT_NEAR(measured_frequency(*down, kRate), 220.0, 2.2);

  auto fifth = pitch_shift(x, 7.0);
  ASSERT_TRUE(fifth.ok());
  EXPECT_NEAR(measured_frequency(*fifth, kRate), 440.0 * std::exp2(7.0 / 12.0), 6.6);
}

TEST(TimeStretch, BadArgumentsAreErrors) {
  const auto x = test::sine(440.0, 0.5, 1000);
  for (double factor : {0.0, -1.0, 1e-3, 100.0, std::numeric_limits<double>::quiet_NaN()}) {
    const auto y = stretch_by(x, factor);
    ASSERT_FALSE(y.ok()) << factor;
    EXPECT_EQ(y.error().kind(), ErrorKind::kInvalidValue);
  }
  EXPECT_FALSE(time_stretch(x, 0.0).ok());
  EXPECT_FALSE(pitch_shift(x, std::numeric_limits<double>::infinity()).ok());
  EXPECT_FALSE(stretch_by(x, 2.0, PhaseVocoderOptions{15, 4}).ok());
  EXPECT_FALSE(stretch_by(x, 2.0, PhaseVocoderOptions{1024, 0}).ok());
}

TEST(TimeStretch, EmptyAndSilentInputs) {
  auto empty = stretch_by(std::vector<float>{}, 2.0);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  auto silent = stretch_by(std::vector<float>(5000, 0.0f), 2.0);
  ASSERT_TRUE(silent.ok());
  for (float v : *silent) ASSERT_EQ(v, 0.0f);
  auto tiny = pitch_shift(std::vector<float>{0.1f, -0.1f, 0.2f}, 5.0);
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->size(), 3u);
}

}  // namespace
}  // namespace afterglow::dsp
