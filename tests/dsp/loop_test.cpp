// Seamless loops (issue 4, acceptance 3) and the reference's loop functions (§2.5, §13, §13.1):
//   trim worked example (sr 1000, 10 Hz, 1550 samples, 100 ms -> trim 350)   BestLoopTrimWorkedExample
//   unoptimised keeps the length; optimised is shorter, trim in [1, 775] LegacyKeepsLengthWithoutTrim... a
//   loop crossfade longer than the audio is clamped to half                 CrossfadeLongerThanAudio... a 0
//   ms crossfade returns an unchanged copy                                ZeroMsIsAnUnchangedCopy
//   loop_equal_power.wav: legacy reproduces it, it fails the seam rule, the
//   port's loop of the same signal passes                                     Golden*
//   sines, harmonics, noise, a detuned-saw chord, a pad: seamless             Seamless/*
#include "afterglow/dsp/loop.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/dsp/loop_seam.h"
#include "support/signals.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 44100.0;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

// The golden file's source: 2 s of 110 Hz harmonics (0.4, 0.2, 0.15, 0.1 at 1x, 2x, 3x, 5x), in double
// as numpy made it.
std::vector<float> golden_harmonics() {
  std::vector<float> x(88200);
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    x[n] = static_cast<float>(0.4 * std::sin(kTwoPi * 110.0 * t) + 0.2 * std::sin(kTwoPi * 220.0 * t) +
                              0.15 * std::sin(kTwoPi * 330.0 * t) + 0.1 * std::sin(kTwoPi * 550.0 * t));
  }
  return x;
}

// Band-limited sawtooth partials (1/k) up to 8 kHz, for a chord of slightly detuned voices.
std::vector<float> detuned_saw_chord(std::size_t frames) {
  std::vector<double> acc(frames, 0.0);
  // A2 E3 A3 C#4 E4, two voices each, 20 cents apart: beats of 2.5 to 7.5 Hz.
  const double notes[] = {110.0, 164.81, 220.0, 277.18, 329.63};
  const double spread = std::pow(2.0, 10.0 / 1200.0);
  std::vector<double> voices;
  for (double f : notes) {
    voices.push_back(f * spread);
    voices.push_back(f / spread);
  }
  for (double f : voices) {
    for (int k = 1; f * k < 8000.0; ++k) {
      // A recursive oscillator per partial: sin((n+1)w) = 2cos(w) sin(nw) - sin((n-1)w).
      const double w = kTwoPi * f * k / kRate;
      const double c = 2.0 * std::cos(w);
      double s1 = 0.0;
      double s2 = -std::sin(w);
      const double amp = 0.05 / k;
      for (std::size_t n = 0; n < frames; ++n) {
        const double s = c * s1 - s2;
        s2 = s1;
        s1 = s;
        acc[n] += amp * s2;
      }
    }
  }
  return {acc.begin(), acc.end()};
}

// Something like a mined pad: a few partials with slow vibrato and swelling levels over a bed of
// low-passed noise.
std::vector<float> pad(std::size_t frames, std::uint64_t seed) {
  std::vector<float> x(frames);
  Random rng(seed);
  double phase[4] = {0.0, 0.7, 1.9, 2.3};
  const double freq[4] = {146.83, 220.0, 293.66, 440.5};
  const double amp[4] = {0.25, 0.18, 0.12, 0.06};
  double lp = 0.0;
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / kRate;
    double v = 0.0;
    for (int p = 0; p < 4; ++p) {
      const double vibrato = 1.0 + 0.002 * std::sin(kTwoPi * (4.5 + 0.3 * p) * t);
      phase[p] += kTwoPi * freq[p] * vibrato / kRate;
      v += amp[p] * (0.8 + 0.2 * std::sin(kTwoPi * (0.21 + 0.05 * p) * t + p)) * std::sin(phase[p]);
    }
    lp += 0.05 * (rng.uniform(-1.0, 1.0) - lp);
    x[n] = static_cast<float>(v + 0.15 * lp);
  }
  return x;
}

void expect_seamless(const std::vector<float>& loop, std::size_t crossfade, const std::string& what,
                     std::size_t window = 0) {
  auto options = seam_options_for(kRate, crossfade);
  if (window > 0) options.window = window;
  const auto report = seam_report(loop, options);
  EXPECT_TRUE(report.step_ok()) << what << ": wrap step " << report.wrap_step << " > p99.9 "
                                << report.internal_step;
  EXPECT_TRUE(report.level_ok()) << what << ": seam RMS " << report.seam_min_db << " .. "
                                 << report.seam_max_db << " dB";
}

TEST(LoopTrim, BestLoopTrimWorkedExample) {
  const auto x = test::sine(10.0, 1.0, 1550, 1000.0);
  EXPECT_EQ(loop_crossfade_samples(100.0, 1000.0), 100u);
  EXPECT_EQ(loop_search_samples(1550, 100, 1000.0), 500u);
  EXPECT_EQ(best_loop_trim(x, 100, 500), 350u);
  EXPECT_EQ(legacy_loop_crossfade(x, 100.0, 1000.0).size(), 1200u);
}

TEST(LoopTrim, SearchShorterThanCrossfadeMeansNoTrim) {
  const auto x = test::sine(10.0, 1.0, 1550, 1000.0);
  EXPECT_EQ(best_loop_trim(x, 100, 99), 0u);
  EXPECT_EQ(best_loop_trim(x, 0, 500), 0u);
  EXPECT_EQ(best_loop_trim(std::vector<float>(50, 0.1f), 100, 500), 0u);
}

TEST(LoopTrim, TrimIsClampedToAQuarter) {
  // A chirp has no good loop point; whatever wins, the trim never exceeds len/4.
  std::vector<float> x(2000);
  for (std::size_t n = 0; n < x.size(); ++n) x[n] = static_cast<float>(std::sin(1e-5 * double(n * n)));
  EXPECT_LE(best_loop_trim(x, 100, 1000), 500u);
}

TEST(LegacyLoop, KeepsLengthWithoutTrimAndShortensWithIt) {
  const auto x = test::sine(10.0, 1.0, 1550, 1000.0);
  EXPECT_EQ(legacy_loop_crossfade(x, 100.0, 1000.0, false).size(), 1550u);
  const auto trimmed = legacy_loop_crossfade(x, 100.0, 1000.0, true);
  EXPECT_LT(trimmed.size(), 1550u);
  EXPECT_GE(trimmed.size(), 1550u - 775u);
}

TEST(LegacyLoop, EqualPowerKeepsMoreLevelThanLinearAtTheStart) {
  const auto x = test::sine(440.0, 0.5, 44100);
  const auto ep = legacy_loop_crossfade(x, 50.0, kRate, false, FadeCurve::kEqualPower);
  const auto lin = legacy_loop_crossfade(x, 50.0, kRate, false, FadeCurve::kLinear);
  ASSERT_EQ(ep.size(), x.size());
  ASSERT_EQ(lin.size(), x.size());
  const std::span<const float> ep_head(ep.data(), 2205);
  const std::span<const float> lin_head(lin.data(), 2205);
  EXPECT_GT(rms(ep_head), 0.9 * rms(lin_head));
}

TEST(LoopEdges, ZeroMsIsAnUnchangedCopy) {
  const auto x = test::noise(0.2, 1000);
  EXPECT_EQ(legacy_loop_crossfade(x, 0.0, kRate), x);
  EXPECT_EQ(make_seamless_loop(x, 0.0, kRate), x);
  EXPECT_EQ(make_seamless_loop(x, -5.0, kRate), x);
}

TEST(LoopEdges, CrossfadeLongerThanAudioIsClampedToHalf) {
  const auto x = test::sine(220.0, 0.5, 11025);  // 0.25 s, 500 ms crossfade
  const auto legacy = legacy_loop_crossfade(x, 500.0, kRate);
  EXPECT_EQ(legacy.size(), x.size());
  const auto plan = plan_seamless_loop(x, 500.0, kRate);
  EXPECT_LE(plan.crossfade, x.size() / 2);
  EXPECT_GT(plan.crossfade, 0u);
  EXPECT_EQ(plan.loop_length, x.size() - plan.trim - plan.crossfade);
  EXPECT_EQ(make_seamless_loop(x, 500.0, kRate).size(), plan.loop_length);
}

TEST(LoopEdges, TinySourcesDoNotCrash) {
  for (std::size_t n : {0u, 1u, 2u, 3u, 7u}) {
    const std::vector<float> x(n, 0.25f);
    EXPECT_LE(make_seamless_loop(x, 50.0, kRate).size(), n);
    EXPECT_LE(legacy_loop_crossfade(x, 50.0, kRate).size(), n);
  }
}

TEST(LoopCurve, GainsArePowerComplementaryForEveryCorrelation) {
  for (double r : {-0.5, -0.2, 0.0, 0.3, 0.7, 1.0}) {
    for (int i = 0; i <= 100; ++i) {
      const auto g = adaptive_blend_gains(i / 100.0, r);
      EXPECT_NEAR(g.head * g.head + g.tail * g.tail + 2.0 * r * g.head * g.tail, 1.0, 1e-9) << r << " " << i;
    }
    EXPECT_NEAR(adaptive_blend_gains(0.0, r).head, 0.0, 1e-12);
    EXPECT_NEAR(adaptive_blend_gains(0.0, r).tail, 1.0, 1e-12);
    EXPECT_NEAR(adaptive_blend_gains(1.0, r).head, 1.0, 1e-12);
  }
  // r = 1 is the linear crossfade, r = 0 the equal-power one at its midpoint.
  EXPECT_NEAR(adaptive_blend_gains(0.25, 1.0).head, 0.25, 1e-12);
  EXPECT_NEAR(adaptive_blend_gains(0.5, 0.0).head, std::sqrt(0.5), 1e-12);
}

TEST(SeamlessLoop, WorkedExampleWrapsExactly) {
  const auto x = test::sine(10.0, 1.0, 1550, 1000.0);
  const auto plan = plan_seamless_loop(x, 100.0, 1000.0);
  EXPECT_EQ(plan.trim, 350u);
  EXPECT_EQ(plan.loop_length, 1100u);  // eleven whole periods
  EXPECT_GT(plan.correlation, 0.999);
  const auto loop = make_seamless_loop(x, 100.0, 1000.0);
  for (std::size_t n = 0; n < loop.size(); ++n) ASSERT_NEAR(loop[n], x[n], 1e-4) << n;
}

TEST(SeamlessLoop, Sines) {
  for (double f : {55.0, 440.0, 1234.5, 5000.0}) {
    const auto x = test::sine(f, 0.5, 3 * 44100);
    const auto plan = plan_seamless_loop(x, 100.0, kRate);
    expect_seamless(make_seamless_loop(x, 100.0, kRate), plan.crossfade, "sine " + std::to_string(f));
  }
}

TEST(SeamlessLoop, Harmonics) {
  const auto x = golden_harmonics();
  expect_seamless(make_seamless_loop(x, 50.0, kRate), 2205, "harmonics");
}

TEST(SeamlessLoop, Noise) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto x = test::noise(0.3, 3 * 44100, seed);
    const auto plan = plan_seamless_loop(x, 100.0, kRate);
    EXPECT_LT(std::fabs(plan.correlation), 0.2);  // uncorrelated: close to the equal-power curve
    expect_seamless(make_seamless_loop(x, 100.0, kRate), plan.crossfade, "noise " + std::to_string(seed));
  }
}

TEST(SeamlessLoop, DetunedSawChord) {
  const auto x = detuned_saw_chord(3 * 44100);
  const auto plan = plan_seamless_loop(x, 150.0, kRate);
  // The chord beats at 2.5-7.5 Hz by itself: its 50 ms level swings by more than a dB anywhere in the
  // loop, seam or not. A 200 ms window averages the beating, as the pad miner's stability windows do,
  // so what remains is the seam's own effect.
  expect_seamless(make_seamless_loop(x, 150.0, kRate), plan.crossfade, "saw chord", 8820);
}

TEST(SeamlessLoop, Pad) {
  for (std::uint64_t seed : {7u, 8u}) {
    const auto x = pad(4 * 44100, seed);
    for (double ms : {50.0, 250.0}) {
      const auto plan = plan_seamless_loop(x, ms, kRate);
      expect_seamless(make_seamless_loop(x, ms, kRate), plan.crossfade, "pad ms " + std::to_string(ms));
    }
  }
}

TEST(SeamlessLoop, StereoSharesLoopPointsDecidedOnTheAverage) {
  const auto left = pad(3 * 44100, 11);
  const auto right = pad(3 * 44100, 12);
  const std::span<const float> channels[] = {left, right};
  auto result = make_seamless_loop(channels, 120.0, kRate);
  ASSERT_TRUE(result.ok());
  const auto& loops = result.value();
  ASSERT_EQ(loops.size(), 2u);
  EXPECT_EQ(loops[0].size(), loops[1].size());
  std::vector<float> mono(left.size());
  for (std::size_t n = 0; n < mono.size(); ++n) mono[n] = 0.5f * (left[n] + right[n]);
  const auto plan = plan_seamless_loop(mono, 120.0, kRate);
  EXPECT_EQ(loops[0].size(), plan.loop_length);
  expect_seamless(loops[0], plan.crossfade, "left");
  expect_seamless(loops[1], plan.crossfade, "right");
}

TEST(SeamlessLoop, UnequalChannelsAreAnError) {
  const std::vector<float> a(100, 0.1f);
  const std::vector<float> b(90, 0.1f);
  const std::span<const float> channels[] = {a, b};
  const auto result = make_seamless_loop(channels, 10.0, kRate);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind(), ErrorKind::kInvalidValue);
}

TEST(LoopGolden, LegacyReproducesLoopEqualPower) {
  const auto path = test::golden_file("loop_equal_power.wav");
  ASSERT_FALSE(path.empty());
  const auto golden = test::read_fixture(path);
  ASSERT_EQ(golden.info.channels, 1);
  ASSERT_EQ(golden.info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
  const auto out = legacy_loop_crossfade(golden_harmonics(), 50.0, kRate, false, FadeCurve::kEqualPower);
  ASSERT_EQ(out.size(), static_cast<std::size_t>(golden.info.frames));
  // The file holds 24-bit codes: compare with the value as written, within the original's tolerances
  // plus half a 24-bit step of rounding.
  constexpr double kHalfLsb = 0.5 / 8388608.0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double expected = golden.channels[0][i];
    ASSERT_NEAR(out[i], expected, 1e-6 + kHalfLsb + 1e-5 * std::fabs(expected)) << "frame " << i;
  }
}

TEST(LoopGolden, OriginalLoopFailsTheSeamRuleAndThePortsPasses) {
  const auto path = test::golden_file("loop_equal_power.wav");
  ASSERT_FALSE(path.empty());
  const auto golden = test::read_fixture(path);
  const auto options = seam_options_for(kRate, 2205);
  const auto original = seam_report(golden.channels[0], options);
  EXPECT_FALSE(original.seamless());
  EXPECT_LT(original.seam_min_db, -1.0) << "the faded tail is a level dip at every wrap";

  const auto port = seam_report(make_seamless_loop(golden_harmonics(), 50.0, kRate), options);
  EXPECT_TRUE(port.seamless()) << "step " << port.wrap_step << " vs " << port.internal_step << ", RMS "
                               << port.seam_min_db << " .. " << port.seam_max_db << " dB";
}

}  // namespace
}  // namespace afterglow::dsp
