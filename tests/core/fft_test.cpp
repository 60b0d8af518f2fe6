#include "afterglow/core/fft.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace afterglow {
namespace {

std::vector<float> test_signal(std::size_t n) {
  std::vector<float> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i);
    x[i] = static_cast<float>(std::sin(0.3 * t) + 0.25 * std::cos(1.7 * t) + 0.1);
  }
  return x;
}

TEST(CoreRealFft, ForwardMatchesADirectDftUnnormalised) {
  constexpr std::size_t kN = 64;
  const auto x = test_signal(kN);
  RealFft fft(kN);
  std::vector<std::complex<float>> out(fft.bins());
  fft.forward(x, out);
  for (std::size_t k = 0; k < fft.bins(); ++k) {
    std::complex<double> ref = 0.0;
    for (std::size_t n = 0; n < kN; ++n) {
      ref += static_cast<double>(x[n]) *
             std::polar(1.0, -2.0 * std::numbers::pi * static_cast<double>(k * n) / static_cast<double>(kN));
    }
    EXPECT_NEAR(out[k].real(), ref.real(), 1e-4) << k;
    EXPECT_NEAR(out[k].imag(), ref.imag(), 1e-4) << k;
  }
}

TEST(CoreRealFft, InverseUndoesForward) {
  // Mixed-radix sizes too: the stretchers use sizes with factors 2, 3 and 5.
  for (std::size_t n : {2u, 16u, 60u, 1024u, 12000u}) {
    const auto x = test_signal(n);
    RealFft fft(n);
    std::vector<std::complex<float>> spectrum(fft.bins());
    std::vector<float> back(n);
    fft.forward(x, spectrum);
    fft.inverse(spectrum, back);
    for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(back[i], x[i], 2e-5) << "n=" << n << " i=" << i;
  }
}

TEST(CoreRealFft, InverseOfASingleBinIsACosine) {
  constexpr std::size_t kN = 32;
  RealFft fft(kN);
  std::vector<std::complex<float>> spectrum(fft.bins());
  spectrum[3] = {static_cast<float>(kN) / 2.0f, 0.0f};  // forward() of cos(2 pi 3 n / N)
  std::vector<float> out(kN);
  fft.inverse(spectrum, out);
  for (std::size_t n = 0; n < kN; ++n) {
    EXPECT_NEAR(out[n], std::cos(2.0 * std::numbers::pi * 3.0 * static_cast<double>(n) / kN), 1e-5);
  }
}

TEST(CoreRealFft, RejectsOddSizesAndMismatchedSpans) {
  EXPECT_THROW(RealFft(15), std::invalid_argument);
  EXPECT_THROW(RealFft(0), std::invalid_argument);
  RealFft fft(32);
  std::vector<float> in(31);
  std::vector<std::complex<float>> out(17);
  EXPECT_THROW(fft.forward(in, out), std::invalid_argument);
  std::vector<float> time(32);
  std::vector<std::complex<float>> short_spectrum(16);
  EXPECT_THROW(fft.inverse(short_spectrum, time), std::invalid_argument);
}

TEST(CoreRealFft, MovedFromPlanIsReleasedOnce) {
  RealFft a(16);
  RealFft b = std::move(a);
  EXPECT_EQ(b.size(), 16u);
  std::vector<float> in(16, 1.0f);
  std::vector<std::complex<float>> out(9);
  b.forward(in, out);
  EXPECT_NEAR(out[0].real(), 16.0f, 1e-5);
  RealFft c(8);
  c = std::move(b);
  EXPECT_EQ(c.size(), 16u);
}

}  // namespace
}  // namespace afterglow
