// The state-variable filter: its static responses (measured with sines), and the reason it exists —
// sweeps and abrupt parameter jumps produce no clicks and no NaN, whatever the block size.
#include "afterglow/dsp/svf.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/dsp/biquad.h"
#include "dsp/block_split_util.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 48000.0;

double sine_gain_db(double cutoff, double q, SvfMode mode, double freq_hz) {
  Svf svf;
  svf.prepare(kRate, cutoff, q);
  double in_sq = 0.0, out_sq = 0.0;
  for (std::size_t n = 0; n < 48000; ++n) {
    const auto x =
        static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * freq_hz * static_cast<double>(n) / kRate));
    const float y = svf.process(x, mode);
    if (n >= 24000) {
      in_sq += double(x) * x;
      out_sq += double(y) * y;
    }
  }
  return 10.0 * std::log10(out_sq / in_sq);
}

// A test signal with content across the band: two sines and, optionally, some noise. The click tests
// use it without noise, so that any transient stands out above the signal's own steps.
std::vector<float> material(std::size_t frames, double noise = 0.1) {
  Random random(11);
  std::vector<float> x(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / kRate;
    x[n] = static_cast<float>(0.3 * std::sin(2.0 * std::numbers::pi * 110.0 * t) +
                              0.2 * std::sin(2.0 * std::numbers::pi * 1870.0 * t) +
                              noise * random.uniform(-1.0, 1.0));
  }
  return x;
}

// A loud sine below every cutoff the click tests visit: the filters pass it almost unchanged at any
// setting, so its own sample-to-sample steps are small and known, and any transient a parameter jump
// causes stands out (a partial inside the sweep range would be resonated, legitimately, by the sweep).
std::vector<float> low_sine(std::size_t frames) {
  std::vector<float> x(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    x[n] = static_cast<float>(0.8 * std::sin(2.0 * std::numbers::pi * 55.0 * static_cast<double>(n) / kRate));
  }
  return x;
}

TEST(Svf, FastTanIsAccurateOverTheWholeCutoffRange) {
  for (double x = 0.0; x < std::numbers::pi * Svf::kMaxCutoffRatio + 1e-3; x += 1e-3) {
    ASSERT_NEAR(fast_tan(x), std::tan(x), 2e-7 * std::max(1.0, std::tan(x))) << x;
  }
}

TEST(Svf, CutoffRoundTripsThroughTheLogDomainAccurately) {
  // The cutoff is smoothed as log2(Hz) with fast log2/exp2: a requested cutoff must come back intact.
  Svf svf;
  for (double hz = Svf::kMinCutoffHz; hz < Svf::kMaxCutoffRatio * kRate; hz *= 1.0173) {
    svf.prepare(kRate, hz);
    ASSERT_NEAR(svf.cutoff_hz(), hz, 1e-7 * hz) << hz;
  }
  svf.prepare(kRate, 1e12);
  EXPECT_NEAR(svf.cutoff_hz(), Svf::kMaxCutoffRatio * kRate, 1e-3);
  svf.prepare(kRate, 0.0);
  EXPECT_NEAR(svf.cutoff_hz(), Svf::kMinCutoffHz, 1e-6);
}

TEST(Svf, StaticResponsesMatchTheAnalogPrototype) {
  constexpr double kQ = 0.7071067811865476;
  EXPECT_NEAR(sine_gain_db(1000.0, kQ, SvfMode::kLowPass, 1000.0), -3.01, 0.05);
  EXPECT_NEAR(sine_gain_db(1000.0, kQ, SvfMode::kLowPass, 100.0), 0.0, 0.05);
  EXPECT_LT(sine_gain_db(1000.0, kQ, SvfMode::kLowPass, 8000.0), -34.0);  // 12 dB/octave
  EXPECT_NEAR(sine_gain_db(1000.0, kQ, SvfMode::kHighPass, 1000.0), -3.01, 0.05);
  EXPECT_LT(sine_gain_db(1000.0, kQ, SvfMode::kHighPass, 125.0), -34.0);
  // The band output peaks at Q at the centre frequency.
  EXPECT_NEAR(sine_gain_db(2000.0, 4.0, SvfMode::kBandPass, 2000.0), 20.0 * std::log10(4.0), 0.05);
  EXPECT_LT(sine_gain_db(2000.0, 2.0, SvfMode::kNotch, 2000.0), -40.0);
  EXPECT_NEAR(sine_gain_db(2000.0, 2.0, SvfMode::kNotch, 200.0), 0.0, 0.05);
  // Resonance: the low-pass peaks near Q at the cutoff.
  EXPECT_NEAR(sine_gain_db(1000.0, 8.0, SvfMode::kLowPass, 1000.0), 20.0 * std::log10(8.0), 0.1);
}

TEST(Svf, ParametersGlideToTheirTargets) {
  Svf svf;
  svf.prepare(kRate, 200.0, 0.7071, 10.0);
  svf.set_cutoff(8000.0);
  svf.set_q(4.0);
  float x = 0.0f;
  svf.process(std::span<float>(&x, 1), SvfMode::kLowPass);
  EXPECT_LT(svf.cutoff_hz(), 250.0);    // one sample later: barely moved
  std::vector<float> block(480, 0.0f);  // 10 ms = one time constant: 1/e of the way left (in log2)
  svf.process(block, SvfMode::kLowPass);
  EXPECT_NEAR(std::log2(svf.cutoff_hz()), std::log2(8000.0) - std::log2(40.0) / std::exp(1.0), 0.01);
  block.assign(9600, 0.0f);  // 20 more time constants: snapped onto the target
  svf.process(block, SvfMode::kLowPass);
  EXPECT_NEAR(svf.cutoff_hz(), 8000.0, 1e-4);
  EXPECT_NEAR(svf.q(), 4.0, 1e-12);
}

// The click rule: the largest sample-to-sample step under modulation may not exceed the largest step the
// same material produces through static filters at the settings the modulation jumps between, plus an
// allowance for the glide itself.
TEST(Svf, AbruptJumpsAndFastSweepsDoNotClick) {
  const auto x = low_sine(96000);
  double static_bound = 0.0;
  for (double cutoff : {100.0, 12000.0}) {
    for (double q : {0.5, 6.0}) {
      Svf svf;
      svf.prepare(kRate, cutoff, q);
      for (SvfMode mode : {SvfMode::kLowPass, SvfMode::kHighPass, SvfMode::kBandPass}) {
        svf.reset();
        auto y = x;
        svf.process(y, mode);
        static_bound = std::max(static_bound, test_util::max_step(y, 4800));
      }
    }
  }
  for (SvfMode mode : {SvfMode::kLowPass, SvfMode::kHighPass, SvfMode::kBandPass}) {
    Svf svf;
    svf.prepare(kRate, 100.0, 0.5, 10.0);
    auto y = x;
    for (std::size_t start = 0; start < y.size(); start += 2400) {
      // Knob jumps every 50 ms between the extremes of cutoff and resonance.
      const bool up = (start / 2400) % 2 == 0;
      svf.set_cutoff(up ? 12000.0 : 100.0);
      svf.set_q(up ? 6.0 : 0.5);
      svf.process(std::span<float>(y).subspan(start, 2400), mode);
    }
    for (float v : y) ASSERT_TRUE(std::isfinite(v));
    // 1.5×: a gliding gain legitimately adds its own slope to the signal's (measured: up to 1.2×); the
    // unsmoothed jumps below exceed the bound 50-100 fold.
    EXPECT_LE(test_util::max_step(y, 4800), 1.5 * static_bound) << "mode " << static_cast<int>(mode);
  }
}

// The rule above can fail: the same knob jumps applied unsmoothed to a direct-form biquad (whose states
// are scaled past outputs, meaningless under new coefficients) and to the SVF with smoothing off both
// break it by far.
TEST(Svf, TheClickRuleFlagsUnsmoothedJumps) {
  const auto x = low_sine(96000);
  double static_bound = 0.0;
  for (double cutoff : {100.0, 12000.0}) {
    for (double q : {0.5, 6.0}) {
      Svf svf;
      svf.prepare(kRate, cutoff, q);
      auto y = x;
      svf.process(y, SvfMode::kLowPass);
      static_bound = std::max(static_bound, test_util::max_step(y, 4800));
    }
  }
  Biquad biquad;
  auto y = x;
  for (std::size_t start = 0; start < y.size(); start += 2400) {
    const bool up = (start / 2400) % 2 == 0;
    biquad.set_coefficients(rbj_lowpass(kRate, up ? 12000.0 : 100.0, up ? 6.0 : 0.5));
    biquad.process(std::span<float>(y).subspan(start, 2400));
  }
  const double biquad_step = test_util::max_step(y, 4800);
  Svf unsmoothed;
  unsmoothed.prepare(kRate, 100.0, 0.5, 0.0);
  auto z = x;
  for (std::size_t start = 0; start < z.size(); start += 2400) {
    const bool up = (start / 2400) % 2 == 0;
    unsmoothed.set_cutoff(up ? 12000.0 : 100.0);
    unsmoothed.set_q(up ? 6.0 : 0.5);
    unsmoothed.process(std::span<float>(z).subspan(start, 2400), SvfMode::kLowPass);
  }
  const double svf_step = test_util::max_step(z, 4800);
  EXPECT_GT(biquad_step, 10.0 * static_bound);
  EXPECT_GT(svf_step, 10.0 * static_bound);
}

TEST(Svf, PerSampleAudioRateModulationStaysFiniteAndBounded) {
  const auto x = material(48000);
  Svf svf;
  svf.prepare(kRate, 1000.0, 10.0, 0.5);
  std::vector<float> cutoff(x.size());
  Random random(3);
  for (std::size_t n = 0; n < cutoff.size(); ++n) {
    // A 30 Hz sweep over the whole range plus random jumps to the extremes, NaN and negative values.
    const double sweep =
        std::exp2(4.0 + 10.0 * (0.5 + 0.5 * std::sin(2.0 * std::numbers::pi * 30.0 * n / kRate)));
    const double r = random.uniform();
    cutoff[n] = static_cast<float>(r < 0.01 ? 1e9 : r < 0.02 ? -5.0 : r < 0.025 ? std::nan("") : sweep);
  }
  auto y = x;
  svf.process_modulated(y, cutoff, SvfMode::kBandPass);
  for (float v : y) {
    ASSERT_TRUE(std::isfinite(v));
    ASSERT_LT(std::fabs(v), 20.0f);  // Q 10 on a 0.6-peak input
  }
}

TEST(Svf, ModulatedOutputDoesNotDependOnBlockSize) {
  const auto x = material(20000);
  test_util::expect_block_size_independent(
      [] {
        Svf svf;
        svf.prepare(kRate, 300.0, 2.0, 8.0);
        return svf;
      },
      [&](Svf& svf, std::size_t start, std::span<float> out) {
        // Parameter changes land at absolute frames, as timestamped commands do.
        for (std::size_t i = 0; i < out.size(); ++i) {
          const std::size_t frame = start + i;
          if (frame % 3000 == 0) svf.set_cutoff(frame % 6000 == 0 ? 6000.0 : 150.0);
          if (frame % 7000 == 0) svf.set_q(frame % 14000 == 0 ? 0.6 : 5.0);
          out[i] = svf.process(x[frame], SvfMode::kLowPass);
        }
      },
      x.size());
}

}  // namespace
}  // namespace afterglow::dsp
