// The 2× interpolator: the blocked, chunked vector path gives the bits of the plain one-output loop
// (silence beyond the ends), the periodic form equals the plain form run on the cycle extended by
// itself, and it is band-limited: a tone passes at its level and its image above the old Nyquist is
// at least 85 dB down.
#include "afterglow/dsp/upsample2.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/dsp/interpolation_kernel.h"

namespace afterglow::dsp {
namespace {

std::vector<float> reference(const std::vector<float>& x) {
  const std::vector<double> h = windowed_sinc_lowpass(127, 0.25, 90.0);
  const std::ptrdiff_t centre = 63;
  const auto n = static_cast<std::ptrdiff_t>(x.size());
  std::vector<float> y(x.size() * 2);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    y[static_cast<std::size_t>(2 * i)] = x[static_cast<std::size_t>(i)];
    double acc = 0.0;
    for (std::ptrdiff_t k = 1; k <= centre; k += 2) {
      const double tap = 2.0 * h[static_cast<std::size_t>(centre + k)];
      const std::ptrdiff_t before = i - (k - 1) / 2;
      const std::ptrdiff_t after = i + 1 + (k - 1) / 2;
      if (before >= 0) acc += tap * x[static_cast<std::size_t>(before)];
      if (after < n) acc += tap * x[static_cast<std::size_t>(after)];
    }
    y[static_cast<std::size_t>(2 * i + 1)] = static_cast<float>(acc);
  }
  return y;
}

std::vector<float> signal(std::size_t n) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(std::sin(0.37 * i) + 0.3 * std::cos(2.9 * i));
  return x;
}

TEST(Upsample2, TheVectorPathGivesTheBitsOfTheOneOutputLoop) {
  for (std::size_t n : {1u, 7u, 16u, 100u, 65536u + 37u, 200000u}) {
    const auto x = signal(n);
    EXPECT_EQ(upsample2(x), reference(x)) << n;
  }
}

TEST(Upsample2, ThePeriodicFormWrapsTheCycle) {
  for (std::size_t n : {8u, 60u, 4100u}) {
    const auto period = signal(n);
    std::vector<float> extended;
    constexpr std::size_t kMargin = 64;
    for (std::size_t i = 0; i < n + 2 * kMargin; ++i) extended.push_back(period[(i + n * 64 - kMargin) % n]);
    const auto long_run = upsample2(extended);
    const auto up = upsample2_periodic(period);
    ASSERT_EQ(up.size(), 2 * n);
    for (std::size_t i = 0; i < 2 * n; ++i) ASSERT_EQ(up[i], long_run[2 * kMargin + i]) << n << " " << i;
  }
}

TEST(Upsample2, ATonePassesAndItsImageIsGone) {
  constexpr double kRate = 48000.0;
  const double f = 15000.0;
  std::vector<float> x(48000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * f * i / kRate));
  const auto y = upsample2(x);
  // Correlate with the tone and with its image (2·48 kHz rate: image at 96000/2 + (24000 − 15000)).
  const auto level = [&](double hz) {
    double c = 0.0, s = 0.0;
    for (std::size_t i = 4000; i < y.size() - 4000; ++i) {
      c += y[i] * std::cos(2 * std::numbers::pi * hz * i / (2 * kRate));
      s += y[i] * std::sin(2 * std::numbers::pi * hz * i / (2 * kRate));
    }
    return 2.0 * std::hypot(c, s) / static_cast<double>(y.size() - 8000);
  };
  EXPECT_NEAR(level(f), 0.5, 0.005);
  EXPECT_LT(20.0 * std::log10(level(kRate - f) / 0.5), -85.0);
}

}  // namespace
}  // namespace afterglow::dsp
