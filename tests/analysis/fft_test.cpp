#include "afterglow/analysis/fft.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace afterglow::analysis {
namespace {

TEST(RealFft, MatchesADirectDftUnnormalised) {
  constexpr std::size_t kN = 64;
  std::vector<float> x(kN);
  for (std::size_t n = 0; n < kN; ++n)
    x[n] = static_cast<float>(std::sin(0.3 * n) + 0.25 * std::cos(1.7 * n) + 0.1);
  RealFft fft(kN);
  std::vector<std::complex<float>> out(fft.bins());
  fft.forward(x, out);
  for (std::size_t k = 0; k < fft.bins(); ++k) {
    std::complex<double> ref = 0.0;
    for (std::size_t n = 0; n < kN; ++n) {
      ref += static_cast<double>(x[n]) * std::polar(1.0, -2.0 * std::numbers::pi * double(k * n) / kN);
    }
    EXPECT_NEAR(out[k].real(), ref.real(), 1e-4) << k;
    EXPECT_NEAR(out[k].imag(), ref.imag(), 1e-4) << k;
  }
}

TEST(RealFft, RejectsOddSizesAndMismatchedSpans) {
  EXPECT_THROW(RealFft(15), std::invalid_argument);
  EXPECT_THROW(RealFft(0), std::invalid_argument);
  RealFft fft(32);
  std::vector<float> in(31);
  std::vector<std::complex<float>> out(17);
  EXPECT_THROW(fft.forward(in, out), std::invalid_argument);
}

TEST(RealFft, MovedFromPlanIsReleasedOnce) {
  RealFft a(16);
  RealFft b = std::move(a);
  EXPECT_EQ(b.size(), 16u);
  std::vector<float> in(16, 1.0f);
  std::vector<std::complex<float>> out(9);
  b.forward(in, out);
  EXPECT_NEAR(out[0].real(), 16.0f, 1e-5);
}

}  // namespace
}  // namespace afterglow::analysis
