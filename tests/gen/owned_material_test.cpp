// OwnedMaterial: the octave copies are band-limited (what makes upward reads alias-free) and the 2×
// copy passes the audio band and keeps the source's samples.
#include "afterglow/gen/owned_material.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace afterglow::gen {
namespace {

std::vector<float> tone(double hz, std::size_t frames, double rate = 48000.0) {
  std::vector<float> x(frames);
  for (std::size_t n = 0; n < frames; ++n)
    x[n] = static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * hz * n / rate));
  return x;
}

double rms(const float* x, std::size_t n) {
  double s = 0.0;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(x[i]) * x[i];
  return std::sqrt(s / n);
}

TEST(OwnedMaterial, MonoViewHasThreeLevelsAndTheTwoTimesCopy) {
  const auto x = tone(1000.0, 10001);
  const OwnedMaterial m(x, {}, 48000.0);
  const MaterialView& v = m.view();
  EXPECT_FALSE(m.stereo());
  ASSERT_EQ(v.level_count, 3);
  EXPECT_EQ(v.levels[0].frames, 10001u);
  EXPECT_EQ(v.levels[1].frames, 5001u);
  EXPECT_EQ(v.levels[2].frames, 2501u);
  EXPECT_EQ(v.oversampled.frames, 20002u);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(v.levels[k].left, v.levels[k].right);
  EXPECT_EQ(v.sample_rate, 48000.0);
}

TEST(OwnedMaterial, StereoKeepsChannelsApartAndOptionsLimitTheCopies) {
  const auto l = tone(1000.0, 4000);
  const auto r = tone(2000.0, 4000);
  const OwnedMaterial m(l, r, 48000.0, {1, false, 60.0f});
  EXPECT_TRUE(m.stereo());
  EXPECT_EQ(m.view().level_count, 1);
  EXPECT_EQ(m.view().oversampled.frames, 0u);
  EXPECT_NE(m.view().levels[0].left, m.view().levels[0].right);
  EXPECT_EQ(m.view().levels[0].right[100], r[100]);
  EXPECT_EQ(m.view().root_note, 60.0f);
  EXPECT_THROW(OwnedMaterial(l, std::vector<float>(10), 48000.0), std::invalid_argument);
}

TEST(OwnedMaterial, HalfRateCopyRemovesWhatWouldFoldBack) {
  const OwnedMaterial high(tone(15000.0, 48000), {}, 48000.0);
  const OwnedMaterial low(tone(5000.0, 48000), {}, 48000.0);
  const auto& h1 = high.view().levels[1];
  const auto& l1 = low.view().levels[1];
  // Away from the edges (the filter's length).
  EXPECT_LT(rms(h1.left + 500, h1.frames - 1000), 0.5 / std::sqrt(2.0) * 1e-3);  // ≤ −60 dB
  EXPECT_NEAR(rms(l1.left + 500, l1.frames - 1000), 0.5 / std::sqrt(2.0), 0.01);
}

TEST(OwnedMaterial, TwoTimesCopyKeepsSamplesAndInterpolatesTheBand) {
  const auto x = tone(15000.0, 9600);
  const auto y = OwnedMaterial::upsample2(x);
  ASSERT_EQ(y.size(), 2 * x.size());
  double worst = 0.0;
  for (std::size_t i = 200; i + 200 < x.size(); ++i) {
    EXPECT_EQ(y[2 * i], x[i]);
    const double exact = 0.5 * std::sin(2.0 * std::numbers::pi * 15000.0 * (i + 0.5) / 48000.0);
    worst = std::max(worst, std::fabs(y[2 * i + 1] - exact));
  }
  EXPECT_LT(worst, 1e-3);
}

}  // namespace
}  // namespace afterglow::gen
