// filtfilt / sosfiltfilt against scipy's outputs on the committed reference input (golden tolerance
// rtol 1e-5, atol 1e-6), plus the properties that make them zero-phase and the short-input guard.
#include "afterglow/dsp/filtfilt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "dsp/data/scipy_reference.h"

namespace afterglow::dsp {
namespace {

namespace ref = scipy_reference;

constexpr double kRtol = 1e-5;
constexpr double kAtol = 1e-6;

ButterworthSpec spec_for(const ref::Design& d) {
  switch (d.type) {
    case FilterType::kLowPass:
      return *lowpass_spec(d.order, d.low_hz, ref::kSampleRate);
    case FilterType::kHighPass:
      return *highpass_spec(d.order, d.low_hz, ref::kSampleRate);
    case FilterType::kBandPass:
      break;
  }
  return *bandpass_spec(d.order, d.low_hz, d.high_hz, ref::kSampleRate);
}

std::span<const double> input() {
  return {ref::kInput, std::size(ref::kInput)};
}

void expect_golden(const std::vector<double>& actual, const double* expected, const std::string& what) {
  ASSERT_EQ(actual.size(), std::size(ref::kInput));
  for (std::size_t i = 0; i < actual.size(); ++i) {
    ASSERT_NEAR(actual[i], expected[i], kAtol + kRtol * std::fabs(expected[i])) << what << " [" << i << "]";
  }
}

TEST(Filtfilt, MatchesScipyFiltfiltOnEveryReferenceDesign) {
  for (const auto& d : ref::kDesigns) {
    expect_golden(filtfilt(butterworth_tf(spec_for(d)), input()), d.filtfilt, d.name);
  }
}

TEST(Filtfilt, MatchesScipyFiltfiltGivenScipysOwnCoefficients) {
  // Isolates the filtering from the design: even with bit-identical coefficients the result must match.
  for (const auto& d : ref::kDesigns) {
    TransferFunction tf{{d.b, d.b + d.tf_size}, {d.a, d.a + d.tf_size}};
    expect_golden(filtfilt(tf, input()), d.filtfilt, d.name);
  }
}

TEST(Sosfiltfilt, MatchesScipySosfiltfiltOnEveryReferenceDesign) {
  for (const auto& d : ref::kDesigns) {
    const auto sos = butterworth_sos(spec_for(d));
    expect_golden(sosfiltfilt(sos.view(), input()), d.sosfiltfilt, d.name);
  }
}

TEST(Sosfiltfilt, AgreesWithFiltfiltForTheReferenceDesigns) {
  for (const auto& d : ref::kDesigns) {
    expect_golden(sosfiltfilt(butterworth_sos(spec_for(d)).view(), input()), d.filtfilt, d.name);
  }
}

TEST(Filtfilt, FloatOverloadMatchesDouble) {
  const auto& d = ref::kDesigns[0];
  std::vector<float> xf(ref::kInput, ref::kInput + std::size(ref::kInput));
  const auto tf = butterworth_tf(spec_for(d));
  const auto yf = filtfilt(tf, std::span<const float>(xf));
  const auto yd = filtfilt(tf, input());
  for (std::size_t i = 0; i < yf.size(); ++i) EXPECT_EQ(yf[i], static_cast<float>(yd[i]));
}

TEST(Filtfilt, ShortInputIsReturnedUnfilteredIncludingAtExactlyThePadLength) {
  const auto tf = butterworth_tf(*lowpass_spec(4, 1000.0, 44100.0));
  ASSERT_EQ(filtfilt_padlen(tf), 15u);
  for (std::size_t n : {0u, 1u, 2u, 14u, 15u}) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = std::sin(0.7 * static_cast<double>(i)) + 0.1;
    EXPECT_EQ(filtfilt(tf, x), x) << n;
    const auto sos = butterworth_sos(*lowpass_spec(4, 1000.0, 44100.0));
    EXPECT_EQ(sosfiltfilt(sos.view(), x), x) << n;
  }
  std::vector<double> x16(16, 0.5);
  x16[3] = 1.0;
  EXPECT_NE(filtfilt(tf, x16), x16);  // one longer than the padding is filtered
}

TEST(Filtfilt, DegenerateCoefficientsReturnTheInput) {
  const std::vector<double> x = {0.1, 0.5, -0.3, 0.2, 0.9, -0.4, 0.0, 0.3, 0.7, -0.2};
  EXPECT_EQ(filtfilt(TransferFunction{}, x), x);
  EXPECT_EQ(filtfilt(TransferFunction{{1.0}, {0.0}}, x), x);
  EXPECT_EQ(sosfiltfilt(std::span<const SosSection>{}, x), x);
}

TEST(Filtfilt, PadLengthsFollowScipy) {
  EXPECT_EQ(filtfilt_padlen(butterworth_tf(*lowpass_spec(5, 1000.0, 44100.0))), 18u);
  EXPECT_EQ(filtfilt_padlen(butterworth_tf(*bandpass_spec(4, 1000.0, 5000.0, 44100.0))), 27u);
  EXPECT_EQ(sosfiltfilt_padlen(butterworth_sos(*lowpass_spec(5, 1000.0, 44100.0)).view()), 18u);
  EXPECT_EQ(sosfiltfilt_padlen(butterworth_sos(*lowpass_spec(4, 1000.0, 44100.0)).view()), 15u);
  EXPECT_EQ(sosfiltfilt_padlen(butterworth_sos(*bandpass_spec(4, 1000.0, 5000.0, 44100.0)).view()), 27u);
}

TEST(Filtfilt, IsZeroPhaseAndSquaresTheMagnitude) {
  // A passband sine comes out in phase; a sine at the cutoff comes out at |H|² = 0.5 (-6 dB).
  constexpr double kRate = 48000.0;
  const auto tf = butterworth_tf(*lowpass_spec(4, 2000.0, kRate));
  std::vector<double> pass(48000), edge(48000);
  for (std::size_t n = 0; n < pass.size(); ++n) {
    pass[n] = std::sin(2.0 * std::numbers::pi * 200.0 * static_cast<double>(n) / kRate);
    edge[n] = std::sin(2.0 * std::numbers::pi * 2000.0 * static_cast<double>(n) / kRate);
  }
  const auto y_pass = filtfilt(tf, pass);
  const auto y_edge = filtfilt(tf, edge);
  for (std::size_t n = 10000; n < 38000; ++n) {
    ASSERT_NEAR(y_pass[n], pass[n], 1e-3) << n;
    ASSERT_NEAR(y_edge[n], 0.5 * edge[n], 1e-3) << n;
  }
}

TEST(Filtfilt, LfilterZiIsTheSteadyStateOfAStep) {
  // Starting from zi, a constant input produces a constant output at the DC gain from the first sample.
  const auto tf = butterworth_tf(*highpass_spec(3, 500.0, 44100.0));
  const auto zi = lfilter_zi(tf);
  ASSERT_EQ(zi.size(), 3u);
  std::vector<double> z = zi;
  for (int n = 0; n < 50; ++n) {
    const double y = tf.b[0] + z[0];
    z[0] = tf.b[1] + z[1] - tf.a[1] * y;
    z[1] = tf.b[2] + z[2] - tf.a[2] * y;
    z[2] = tf.b[3] - tf.a[3] * y;
    ASSERT_NEAR(y, 0.0, 1e-12) << n;  // a high-pass has no DC
  }
}

}  // namespace
}  // namespace afterglow::dsp
