// Fractional reads (issue 4, acceptance 4 at the reader level): a 15 kHz sine at 48 kHz read at ratio 2
// (+12 semitones) through the band-limited reader must vanish (>= 50 dB down) instead of folding back
// to 18 kHz; read at ratio 0.5 the 7.5 kHz result keeps its level within 0.5 dB. Plus accuracy of the
// cheap readers on low frequencies and a proof that no reader touches memory outside its span.
#include "afterglow/dsp/interpolation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <vector>

#include "afterglow/dsp/interpolation_kernel.h"
#include "afterglow/dsp/levels.h"
#include "support/signals.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 48000.0;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

// Reads out[n] = reader(x, start + n * ratio) for n while the kernel stays clear of the edges.
template <typename Read>
std::vector<float> resample(const std::vector<float>& x, double ratio, Read read, double margin = 200.0) {
  std::vector<float> out;
  for (double pos = margin; pos < static_cast<double>(x.size()) - margin; pos += ratio)
    out.push_back(read(x, pos));
  return out;
}

// Level of the component at `freq` (Goertzel over the whole buffer, Hann-windowed), as an amplitude.
double tone_amplitude(const std::vector<float>& x, double freq, double rate) {
  std::complex<double> acc = 0.0;
  double wsum = 0.0;
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double w = 0.5 - 0.5 * std::cos(kTwoPi * static_cast<double>(n) / static_cast<double>(x.size()));
    acc += w * static_cast<double>(x[n]) * std::polar(1.0, -kTwoPi * freq * static_cast<double>(n) / rate);
    wsum += w;
  }
  return 2.0 * std::abs(acc) / wsum;
}

TEST(SincReader, OctaveUpOf15kHzVanishes) {
  const SincReader reader;
  const auto x = test::sine(15000.0, 0.5, 48000, kRate);
  const auto out = resample(x, 2.0, [&](const auto& s, double p) { return reader.read(s, p, 2.0); });
  const double drop_db = rms_db(out) - rms_db(x);
  EXPECT_LT(drop_db, -50.0);
  // Negative control: a linear reader at ratio 2 simply keeps every other sample and folds the tone to
  // 18 kHz at full level.
  const auto naive = resample(x, 2.0, [](const auto& s, double p) { return read_linear(s, p); });
  EXPECT_GT(rms_db(naive) - rms_db(x), -1.0);
}

TEST(SincReader, OctaveUpAliasingStaysDownAtOddRatios) {
  const SincReader reader;
  const auto x = test::sine(15000.0, 0.5, 48000, kRate);
  for (double ratio : {1.7, 2.0 * std::pow(2.0, 0.3 / 12.0), 3.1, 4.0}) {
    const auto out = resample(x, ratio, [&](const auto& s, double p) { return reader.read(s, p, ratio); });
    EXPECT_LT(rms_db(out) - rms_db(x), -50.0) << ratio;
  }
}

TEST(SincReader, OctaveDownKeepsTheLevel) {
  const SincReader reader;
  const auto x = test::sine(15000.0, 0.5, 48000, kRate);
  const auto out = resample(x, 0.5, [&](const auto& s, double p) { return reader.read(s, p, 0.5); });
  EXPECT_NEAR(rms_db(out) - rms_db(x), 0.0, 0.5);
  EXPECT_NEAR(tone_amplitude(out, 7500.0, kRate), 0.5, 0.5 * 0.06);  // the level sits at 7.5 kHz
}

TEST(SincReader, PassbandIsFlatAtRatioOneAndTwo) {
  const SincReader reader;
  for (double f : {100.0, 1000.0, 5000.0, 12000.0}) {
    const auto x = test::sine(f, 0.5, 24000, kRate);
    const auto same =
        resample(x, 1.0, [&](const auto& s, double p) { return reader.read(s, p + 0.37, 1.0); });
    EXPECT_NEAR(rms_db(same) - rms_db(x), 0.0, 0.05) << f;
  }
  for (double f : {100.0, 1000.0, 5000.0, 8000.0}) {
    const auto x = test::sine(f, 0.5, 48000, kRate);
    const auto up = resample(x, 2.0, [&](const auto& s, double p) { return reader.read(s, p, 2.0); });
    EXPECT_NEAR(rms_db(up) - rms_db(x), 0.0, 0.1) << f;
  }
}

TEST(SincReader, IsAccurateAtFractionalPositions) {
  const SincReader reader;
  const double w = kTwoPi * 1000.0 / kRate;
  const auto x = test::sine(1000.0, 0.5, 4800, kRate);
  double worst = 0.0;
  for (double pos = 100.0; pos < 4700.0; pos += 0.731) {
    worst = std::max(worst, std::fabs(reader.read(x, pos) - 0.5 * std::sin(w * pos)));
  }
  EXPECT_LT(worst, 0.5 * 3e-4);  // better than -70 dB
}

TEST(Interpolation, LinearAndHermiteOnLowFrequencies) {
  const double f = 100.0;
  const double w = kTwoPi * f / kRate;
  const auto x = test::sine(f, 0.5, 4800, kRate);
  double worst_linear = 0.0;
  double worst_hermite = 0.0;
  for (double pos = 10.0; pos < 4700.0; pos += 0.377) {
    const double exact = 0.5 * std::sin(w * pos);
    worst_linear = std::max(worst_linear, std::fabs(read_linear(x, pos) - exact));
    worst_hermite = std::max(worst_hermite, std::fabs(read_hermite(x, pos) - exact));
  }
  EXPECT_LT(worst_linear, 0.5 * w * w / 8.0 * 1.05 + 1e-7);  // the linear bound A w^2 / 8
  EXPECT_LT(worst_hermite, 1e-6);
  EXPECT_LT(worst_hermite, worst_linear / 20.0);
}

TEST(Interpolation, ExactAtIntegerPositions) {
  // The sinc reader is a low-pass (cutoff 0.45 fs), so it reproduces only band-limited material:
  // white noise for the cheap readers, a 3 kHz tone for it.
  const auto x = test::noise(0.3, 300, 3);
  for (std::size_t n = 40; n < 260; ++n) {
    ASSERT_FLOAT_EQ(read_linear(x, static_cast<double>(n)), x[n]);
    ASSERT_FLOAT_EQ(read_hermite(x, static_cast<double>(n)), x[n]);
  }
  const auto tone = test::sine(3000.0, 0.5, 300, kRate);
  const SincReader reader;
  for (std::size_t n = 40; n < 260; ++n)
    ASSERT_NEAR(reader.read(tone, static_cast<double>(n)), tone[n], 2e-4);
}

TEST(Interpolation, NeverReadsOutsideTheSpan) {
  // The span sits between poison: a read that strays outside it returns NaN.
  constexpr std::size_t kGuard = 512;
  const auto body = test::noise(0.3, 1000, 5);
  std::vector<float> memory(kGuard, std::numeric_limits<float>::quiet_NaN());
  memory.insert(memory.end(), body.begin(), body.end());
  memory.insert(memory.end(), kGuard, std::numeric_limits<float>::quiet_NaN());
  const std::span<const float> x(memory.data() + kGuard, body.size());
  const SincReader reader;
  for (double pos = -300.0; pos < 1300.0; pos += 0.613) {
    ASSERT_TRUE(std::isfinite(read_linear(x, pos))) << pos;
    ASSERT_TRUE(std::isfinite(read_hermite(x, pos))) << pos;
    ASSERT_TRUE(std::isfinite(read_linear_wrapped(x, pos))) << pos;
    ASSERT_TRUE(std::isfinite(read_hermite_wrapped(x, pos))) << pos;
    for (double ratio : {0.5, 1.0, 2.0, 4.0, 16.0}) {
      ASSERT_TRUE(std::isfinite(reader.read(x, pos, ratio))) << pos << " ratio " << ratio;
      ASSERT_TRUE(std::isfinite(reader.read_wrapped(x, pos, ratio))) << pos << " ratio " << ratio;
    }
  }
  // Far away, NaN or infinite positions read silence (a wrapped read of a far but finite position
  // is just somewhere in the loop).
  for (double pos :
       {-1e300, 1e300, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(read_linear(x, pos), 0.0f);
    EXPECT_EQ(read_hermite(x, pos), 0.0f);
    EXPECT_EQ(reader.read(x, pos, 2.0), 0.0f);
    EXPECT_TRUE(std::isfinite(reader.read_wrapped(x, pos, 1.0)));
  }
  for (double pos : {std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(reader.read_wrapped(x, pos, 1.0), 0.0f);
    EXPECT_EQ(read_hermite_wrapped(x, pos), 0.0f);
  }
  EXPECT_EQ(reader.read(std::span<const float>(), 3.0), 0.0f);
}

TEST(Interpolation, WrappedReadsSeeTheLoopStartAfterItsEnd) {
  const auto loop = test::noise(0.3, 500, 6);
  std::vector<float> tiled;
  for (int i = 0; i < 3; ++i) tiled.insert(tiled.end(), loop.begin(), loop.end());
  const SincReader reader;
  for (double pos = -20.0; pos < 520.0; pos += 0.77) {
    const double in_tiled = pos + 500.0;
    EXPECT_NEAR(read_linear_wrapped(loop, pos), read_linear(tiled, in_tiled), 1e-6) << pos;
    EXPECT_NEAR(read_hermite_wrapped(loop, pos), read_hermite(tiled, in_tiled), 1e-6) << pos;
    EXPECT_NEAR(reader.read_wrapped(loop, pos, 1.0), reader.read(tiled, in_tiled, 1.0), 1e-5) << pos;
    EXPECT_NEAR(reader.read_wrapped(loop, pos, 1.5), reader.read(tiled, in_tiled, 1.5), 1e-5) << pos;
  }
}

TEST(Interpolation, KaiserDesignHelpers) {
  EXPECT_NEAR(bessel_i0(0.0), 1.0, 1e-15);
  EXPECT_NEAR(bessel_i0(1.0), 1.2660658777520082, 1e-12);
  EXPECT_NEAR(kaiser_beta(80.0), 0.1102 * 71.3, 1e-12);
  const auto h = windowed_sinc_lowpass(101, 0.2, 70.0);
  double sum = 0.0;
  for (double v : h) sum += v;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_NEAR(h[0], h[100], 1e-15);
}

}  // namespace
}  // namespace afterglow::dsp
