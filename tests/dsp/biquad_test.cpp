// Biquad and SOS cascade responses measured with sines (not computed from the coefficients): a
// Butterworth is -3 dB at its cutoff and falls 6 dB/octave per order beyond; the RBJ designs have their
// cookbook gains. Plus block-size independence.
#include "afterglow/dsp/biquad.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "dsp/block_split_util.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 48000.0;

// Gain in dB of a sine through `filter`, measured by RMS after the transient has died away.
template <typename Filter>
double sine_gain_db(Filter filter, double freq_hz) {
  constexpr std::size_t kFrames = 48000;
  double in_sq = 0.0, out_sq = 0.0;
  for (std::size_t n = 0; n < kFrames; ++n) {
    const auto x =
        static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * freq_hz * static_cast<double>(n) / kRate));
    const float y = filter.process(x);
    if (n >= kFrames / 2) {
      in_sq += double(x) * x;
      out_sq += double(y) * y;
    }
  }
  return 10.0 * std::log10(out_sq / in_sq);
}

BiquadCascade cascade(const SosCoefficients& sos) {
  BiquadCascade c;
  c.set_sections(sos);
  return c;
}

Biquad biquad(const SosSection& s) {
  Biquad b;
  b.set_coefficients(s);
  return b;
}

TEST(BiquadCascade, ButterworthLowPassMeasuredWithSines) {
  const auto lp = cascade(butterworth_sos(*lowpass_spec(4, 2000.0, kRate)));
  EXPECT_NEAR(sine_gain_db(lp, 2000.0), -3.01, 0.05);
  EXPECT_NEAR(sine_gain_db(lp, 200.0), 0.0, 0.05);
  // Two octaves above a 4th-order cutoff: about -48 dB.
  EXPECT_LT(sine_gain_db(lp, 8000.0), -45.0);
  EXPECT_GT(sine_gain_db(lp, 8000.0), -52.0);
}

TEST(BiquadCascade, ButterworthHighPassAndBandPassMeasuredWithSines) {
  const auto hp = cascade(butterworth_sos(*highpass_spec(4, 5500.0, kRate)));
  EXPECT_NEAR(sine_gain_db(hp, 5500.0), -3.01, 0.05);
  EXPECT_NEAR(sine_gain_db(hp, 16000.0), 0.0, 0.05);
  EXPECT_LT(sine_gain_db(hp, 1375.0), -45.0);
  const auto bp = cascade(butterworth_sos(*bandpass_spec(4, 5000.0, 14000.0, kRate)));
  EXPECT_NEAR(sine_gain_db(bp, 5000.0), -3.01, 0.05);
  EXPECT_NEAR(sine_gain_db(bp, 14000.0), -3.01, 0.05);
  EXPECT_NEAR(sine_gain_db(bp, 8400.0), 0.0, 0.1);
  EXPECT_LT(sine_gain_db(bp, 1000.0), -50.0);
}

TEST(BiquadCascade, OddOrderLowPassAndItsAnalyticResponseAgree) {
  const auto sos = butterworth_sos(*lowpass_spec(5, 1200.0, kRate));
  for (double f : {300.0, 1200.0, 2400.0, 4800.0}) {
    EXPECT_NEAR(sine_gain_db(cascade(sos), f), 20.0 * std::log10(magnitude_at(sos.view(), f, kRate)), 0.05)
        << f;
  }
}

TEST(Biquad, RbjDesignsHaveTheirCookbookGains) {
  EXPECT_NEAR(sine_gain_db(biquad(rbj_lowpass(kRate, 1000.0)), 1000.0), -3.01, 0.05);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_lowpass(kRate, 1000.0)), 100.0), 0.0, 0.05);
  EXPECT_LT(sine_gain_db(biquad(rbj_lowpass(kRate, 1000.0)), 8000.0), -34.0);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_highpass(kRate, 1000.0)), 1000.0), -3.01, 0.05);
  EXPECT_LT(sine_gain_db(biquad(rbj_highpass(kRate, 1000.0)), 125.0), -34.0);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_bandpass(kRate, 2000.0, 4.0)), 2000.0), 0.0, 0.05);
  EXPECT_LT(sine_gain_db(biquad(rbj_bandpass(kRate, 2000.0, 4.0)), 500.0), -20.0);
  EXPECT_LT(sine_gain_db(biquad(rbj_notch(kRate, 3000.0, 2.0)), 3000.0), -40.0);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_notch(kRate, 3000.0, 2.0)), 300.0), 0.0, 0.1);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_peaking(kRate, 3000.0, 1.0, 6.0)), 3000.0), 6.0, 0.05);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_low_shelf(kRate, 500.0, 6.0)), 30.0), 6.0, 0.1);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_low_shelf(kRate, 500.0, 6.0)), 500.0), 3.0, 0.1);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_low_shelf(kRate, 500.0, 6.0)), 12000.0), 0.0, 0.1);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_high_shelf(kRate, 4000.0, -6.0)), 18000.0), -6.0, 0.2);
  EXPECT_NEAR(sine_gain_db(biquad(rbj_high_shelf(kRate, 4000.0, -6.0)), 100.0), 0.0, 0.1);
}

TEST(Biquad, ExtremeFrequenciesStayStable) {
  for (double f : {-5.0, 0.0, 1e-9, 23999.0, 30000.0}) {
    auto b = biquad(rbj_lowpass(kRate, f, 10.0));
    for (int n = 0; n < 48000; ++n) {
      const float y = b.process(n % 100 == 0 ? 1.0f : 0.0f);
      ASSERT_TRUE(std::isfinite(y)) << f;
      ASSERT_LT(std::fabs(y), 1e3f) << f;
    }
  }
}

TEST(BiquadCascade, RedesignWithTheSameSectionCountKeepsTheState) {
  auto c = cascade(butterworth_sos(*lowpass_spec(4, 1000.0, kRate)));
  float last = 0.0f;
  for (int n = 0; n < 4800; ++n) last = c.process(0.5f);
  c.set_sections(butterworth_sos(*lowpass_spec(4, 1010.0, kRate)));
  const float next = c.process(0.5f);
  EXPECT_NEAR(next, last, 1e-3);  // no restart from zero
  c.reset();
  EXPECT_LT(std::fabs(c.process(0.5f)), 0.01f);
}

TEST(BiquadCascade, OutputDoesNotDependOnBlockSize) {
  const auto sos = butterworth_sos(*bandpass_spec(4, 300.0, 3000.0, kRate));
  Random random(5);
  std::vector<float> input(20000);
  for (auto& v : input) v = static_cast<float>(random.uniform(-1.0, 1.0));
  test_util::expect_block_size_independent([&] { return cascade(sos); },
                                           [&](BiquadCascade& c, std::size_t start, std::span<float> out) {
                                             std::copy_n(input.begin() + static_cast<std::ptrdiff_t>(start),
                                                         out.size(), out.begin());
                                             c.process(out);
                                           },
                                           input.size());
}

}  // namespace
}  // namespace afterglow::dsp
