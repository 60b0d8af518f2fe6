#include "afterglow/dsp/paulstretch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

#include "afterglow/core/fft.h"
#include "afterglow/dsp/levels.h"
#include "support/signals.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 44100.0;

std::vector<float> chord(std::size_t frames) {
  auto x = test::sine(220.0, 0.3, frames);
  const auto b = test::sine(330.0, 0.2, frames);
  const auto c = test::sine(550.0, 0.1, frames);
  for (std::size_t n = 0; n < frames; ++n) x[n] += b[n] + c[n];
  return x;
}

// Magnitude spectrum (Hann) of `size` samples from the middle of x.
std::vector<double> spectrum_of(const std::vector<float>& x, std::size_t size) {
  std::vector<float> frame(size);
  const std::size_t start = (x.size() - size) / 2;
  for (std::size_t i = 0; i < size; ++i) {
    const double w =
        0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(size));
    frame[i] = static_cast<float>(x[start + i] * w);
  }
  RealFft fft(size);
  std::vector<std::complex<float>> bins(fft.bins());
  fft.forward(frame, bins);
  std::vector<double> mag(bins.size());
  for (std::size_t k = 0; k < bins.size(); ++k) mag[k] = std::abs(bins[k]);
  return mag;
}

TEST(Paulstretch, LengthAndNoNaN) {
  const auto x = chord(44100);
  for (double stretch : {1.0, 2.5, 8.0}) {
    auto y = paulstretch(x, stretch, kRate);
    ASSERT_TRUE(y.ok());
    EXPECT_EQ(y->size(), static_cast<std::size_t>(std::llround(44100 * stretch)));
    for (float v : *y) ASSERT_TRUE(std::isfinite(v));
  }
}

TEST(Paulstretch, DeterministicPerSeed) {
  const auto x = chord(22050);
  auto a = paulstretch(x, 4.0, kRate, {0.25, 42});
  auto b = paulstretch(x, 4.0, kRate, {0.25, 42});
  auto c = paulstretch(x, 4.0, kRate, {0.25, 43});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
}

TEST(Paulstretch, KeepsTheDominantPartialsAndTheLevel) {
  const auto x = chord(2 * 44100);
  auto y = paulstretch(x, 4.0, kRate, {0.25, 7});
  ASSERT_TRUE(y.ok());
  constexpr std::size_t kSize = 65536;
  const auto mag = spectrum_of(*y, kSize);
  const double hz_per_bin = kRate / kSize;
  // The three strongest peaks (each at least 20 Hz from a stronger one) are the chord's partials.
  std::vector<std::size_t> order(mag.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return mag[a] > mag[b]; });
  std::vector<double> found;
  for (std::size_t k : order) {
    const double f = static_cast<double>(k) * hz_per_bin;
    if (std::all_of(found.begin(), found.end(), [&](double g) { return std::fabs(g - f) > 20.0; }))
      found.push_back(f);
    if (found.size() == 3) break;
  }
  std::sort(found.begin(), found.end());
  ASSERT_EQ(found.size(), 3u);
  EXPECT_NEAR(found[0], 220.0, 3.0);
  EXPECT_NEAR(found[1], 330.0, 3.0);
  EXPECT_NEAR(found[2], 550.0, 3.0);
  // Level compensated: the stretched middle sits at the input's RMS.
  const std::span<const float> mid(y->data() + y->size() / 4, y->size() / 2);
  EXPECT_NEAR(rms_db(mid) - rms_db(x), 0.0, 1.5);
}

TEST(Paulstretch, WindowSizesHaveSmallFactors) {
  EXPECT_EQ(paulstretch_window_size(0.25, 48000.0), 12000u);
  const std::size_t n = paulstretch_window_size(0.25, 44100.0);
  EXPECT_GE(n, 11025u);
  EXPECT_EQ(n % 2, 0u);
  std::size_t m = n;
  for (std::size_t f : {2u, 3u, 5u}) {
    while (m % f == 0) m /= f;
  }
  EXPECT_EQ(m, 1u);
  EXPECT_EQ(paulstretch_window_size(0.0, 44100.0), 16u);
}

TEST(Paulstretch, BadArgumentsAreErrors) {
  const auto x = chord(1000);
  EXPECT_FALSE(paulstretch(x, 0.5, kRate).ok());
  EXPECT_FALSE(paulstretch(x, std::nan(""), kRate).ok());
  EXPECT_FALSE(paulstretch(x, 2.0, 0.0).ok());
  EXPECT_FALSE(paulstretch(x, 2.0, kRate, {0.0, 1}).ok());
  auto empty = paulstretch(std::vector<float>{}, 8.0, kRate);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace afterglow::dsp
