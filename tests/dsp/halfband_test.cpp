#include "afterglow/dsp/halfband.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "afterglow/dsp/levels.h"
#include "support/signals.h"

namespace afterglow::dsp {
namespace {

constexpr double kRateIn = 48000.0;
constexpr double kRateOut = 24000.0;

// Gain in dB of the decimator for a sine at `freq` (input rate), measured in the middle of the output.
double gain_db(const HalfRateDecimator& d, double freq) {
  const auto x = test::sine(freq, 0.5, 48000, kRateIn);
  const auto y = d.process(x);
  const std::span<const float> mid(y.data() + 2000, y.size() - 4000);
  const std::span<const float> in_mid(x.data() + 4000, x.size() - 8000);
  return rms_db(mid) - rms_db(in_mid);
}

// The filter's exact response from its taps.
double response_db(const HalfRateDecimator& d, double cycles_per_input_sample) {
  std::complex<double> acc = 0.0;
  const auto taps = d.taps();
  for (std::size_t k = 0; k < taps.size(); ++k) {
    acc +=
        taps[k] * std::polar(1.0, -2.0 * std::numbers::pi * cycles_per_input_sample * static_cast<double>(k));
  }
  return 20.0 * std::log10(std::abs(acc));
}

TEST(HalfRateDecimator, PassbandIsFlatTo045OfTheOutputRate) {
  const HalfRateDecimator d;
  for (double f = 0.0; f <= 0.45 * kRateOut; f += 50.0) {
    ASSERT_NEAR(response_db(d, f / kRateIn), 0.0, 0.1) << f;
  }
  for (double f : {100.0, 1000.0, 5000.0, 10000.0, 0.45 * kRateOut})
    EXPECT_NEAR(gain_db(d, f), 0.0, 0.1) << f;
}

TEST(HalfRateDecimator, StopbandIsDown60dBFromHalfTheOutputRate) {
  const HalfRateDecimator d;
  for (double f = 0.5 * kRateOut; f <= 0.5 * kRateIn; f += 25.0) {
    ASSERT_LT(response_db(d, f / kRateIn), -60.0) << f;
  }
  // Measured: tones that would fold back into the output band are gone.
  for (double f : {12000.0, 12500.0, 15000.0, 20000.0, 23900.0}) EXPECT_LT(gain_db(d, f), -60.0) << f;
}

TEST(HalfRateDecimator, KeepsAlignmentAndLength) {
  const HalfRateDecimator d;
  const auto x = test::sine(440.0, 0.5, 9601, kRateIn);
  const auto y = d.process(x);
  ASSERT_EQ(y.size(), 4801u);
  for (std::size_t m = 200; m < 4600; ++m) ASSERT_NEAR(y[m], x[2 * m], 1e-3) << m;  // no delay
}

// The blocked filter sums every output's products in tap order, as the textbook loop does: the copies
// it makes are the same bit for bit whichever path (ends, blocks, vector width) produced each sample.
TEST(HalfRateDecimator, MatchesTheDirectSumExactly) {
  const HalfRateDecimator d;
  const auto taps = d.taps();
  for (std::size_t length : {0u, 1u, 7u, 150u, 201u, 233u, 236u, 5001u, 5002u}) {
    const auto x = test::noise(0.5, length, 7);
    const auto y = d.process(x);
    ASSERT_EQ(y.size(), (length + 1) / 2);
    const auto n = static_cast<std::ptrdiff_t>(length);
    for (std::size_t m = 0; m < y.size(); ++m) {
      double acc = 0.0;
      for (std::size_t k = 0; k < taps.size(); ++k) {
        const std::ptrdiff_t i = 2 * static_cast<std::ptrdiff_t>(m) - 100 + static_cast<std::ptrdiff_t>(k);
        if (i >= 0 && i < n) acc += taps[k] * x[static_cast<std::size_t>(i)];
      }
      ASSERT_EQ(y[m], static_cast<float>(acc)) << length << " " << m;
    }
  }
}

TEST(HalfRateDecimator, OctaveCopiesHalveEachTime) {
  const auto x = test::noise(0.2, 10000, 2);
  const auto copies = octave_copies(x, 3);
  ASSERT_EQ(copies.size(), 3u);
  EXPECT_EQ(copies[0].size(), 5000u);
  EXPECT_EQ(copies[1].size(), 2500u);
  EXPECT_EQ(copies[2].size(), 1250u);
  EXPECT_TRUE(octave_copies(std::vector<float>(3, 0.0f), 2).empty());
  EXPECT_TRUE(HalfRateDecimator().process({}).empty());
}

}  // namespace
}  // namespace afterglow::dsp
