// The drone's loops (issue 4, acceptance 3): every loop the Drone plays — the pad loop and each
// stretched rendering, every octave copy of each — wraps without a step larger than the 99.9th
// percentile of its own steps and without a level dip or bump beyond ±1 dB (dsp/loop_seam), on a sine,
// a detuned saw chord and noise-ish material. A negative control shows the rule catches a raw cut.
#include "afterglow/gen/loop_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "afterglow/dsp/loop.h"
#include "afterglow/dsp/loop_seam.h"
#include "afterglow/gen/loop_set_periodic.h"
#include "afterglow/gen/owned_material.h"
#include "drone_test_support.h"

namespace afterglow::gen {
namespace {

using namespace drone_test;

constexpr DroneStretch kAll[] = {DroneStretch::k1x, DroneStretch::k2x, DroneStretch::k4x, DroneStretch::k8x,
                                 DroneStretch::kFrozen};

std::string name_of(DroneStretch s) {
  return s == DroneStretch::kFrozen ? std::string("frozen")
                                    : "x" + std::to_string(static_cast<int>(drone_stretch_factor(s)));
}

// The seam rule of dsp/loop_seam.h, with the span covering the loop's crossfade.
void expect_seamless(std::span<const float> loop, double rate, const std::string& what,
                     bool stretched = false) {
  const DroneLoopSetOptions o;
  const dsp::SeamOptions options = dsp::seam_options_for(
      rate, static_cast<std::size_t>(rate * (stretched ? o.window_seconds : 0.001 * o.loop_crossfade_ms)));
  const dsp::SeamReport r = dsp::seam_report(loop, options);
  EXPECT_TRUE(r.step_ok()) << what << ": wrap step " << r.wrap_step << " > internal " << r.internal_step;
  EXPECT_TRUE(r.level_ok()) << what << ": seam level " << r.seam_min_db << " / " << r.seam_max_db
                            << " dB, largest interior excursion " << r.interior_excursion_db << " dB";
}

void expect_all_loops_seamless(const DroneLoopSet& set, const std::string& material) {
  const DroneLoopSetView v = set.view();
  for (DroneStretch s : kAll) {
    ASSERT_TRUE(v.has(s)) << name_of(s);
    const MaterialView& m = v.loop(s);
    for (int k = 0; k < m.level_count; ++k) {
      const double rate = kRate / static_cast<double>(1 << k);
      const std::string what = material + " " + name_of(s) + " level " + std::to_string(k);
      const bool stretched = s != DroneStretch::k1x;
      expect_seamless({m.levels[k].left, m.levels[k].frames}, rate, what + " L", stretched);
      expect_seamless({m.levels[k].right, m.levels[k].frames}, rate, what + " R", stretched);
    }
    ASSERT_GT(m.oversampled.frames, 0u);
    expect_seamless({m.oversampled.left, m.oversampled.frames}, 2 * kRate,
                    material + " " + name_of(s) + " 2x L", s != DroneStretch::k1x);
  }
}

TEST(DroneLoopSet, EveryLoopOfASineIsSeamless) {
  expect_all_loops_seamless(loop_set(sine(220.0, 0.5, 48000 * 3), 57.0f, true), "sine");
}

TEST(DroneLoopSet, EveryLoopOfADetunedSawChordIsSeamless) {
  expect_all_loops_seamless(loop_set(saw_chord(48000 * 3), 45.0f, true), "saw chord");
}

TEST(DroneLoopSet, EveryLoopOfNoiseIsSeamless) {
  expect_all_loops_seamless(loop_set(noisy(48000 * 3), 60.0f, true), "noise");
}

TEST(DroneLoopSet, StereoPadsKeepTheirChannelsAndAreSeamless) {
  const auto l = saw_chord(48000 * 2);
  const auto r = noisy(48000 * 2);
  auto set = DroneLoopSet::from_pad(l, r, kRate, 45.0f);
  ASSERT_TRUE(set);
  ASSERT_TRUE(set->render(DroneStretch::k2x));
  EXPECT_FALSE(set->view().synthetic_width);
  for (DroneStretch s : {DroneStretch::k1x, DroneStretch::k2x}) {
    expect_seamless(set->left(s), kRate, "stereo L " + name_of(s), s != DroneStretch::k1x);
    expect_seamless(set->right(s), kRate, "stereo R " + name_of(s), s != DroneStretch::k1x);
  }
}

TEST(DroneLoopSet, NegativeControlAFadedTailFailsTheLevelRule) {
  // The original tool's loop (tail faded to silence and kept) on a steady sine: a dip at every wrap.
  const auto x = sine(220.0, 0.5, 48000 * 3);
  const auto legacy = dsp::legacy_loop_crossfade(x, 150.0, kRate);
  const dsp::SeamReport r = dsp::seam_report(legacy, dsp::seam_options_for(kRate, 7200));
  EXPECT_FALSE(r.level_ok());
  EXPECT_GT(r.excursion_db(), 1.0);
}

TEST(DroneLoopSet, NegativeControlARawCutFailsTheSeamRule) {
  // The same sine cut at an arbitrary length, no blend: the rule must see the wrap.
  const auto x = sine(220.0, 0.5, 48000 * 3 + 77);
  const dsp::SeamReport r = dsp::seam_report(x, dsp::seam_options_for(kRate, 7200));
  EXPECT_FALSE(r.step_ok());
}

TEST(DroneLoopSet, LevelsHalveExactlyAndLengthsAreMultiplesOfFour) {
  const DroneLoopSet set = loop_set(saw_chord(48000 * 2 + 3), 45.0f);
  const DroneLoopSetView v = set.view();
  const MaterialView& m = v.loop(DroneStretch::k1x);
  ASSERT_EQ(m.level_count, 3);
  EXPECT_EQ(m.levels[0].frames % 4, 0u);
  EXPECT_EQ(m.levels[1].frames * 2, m.levels[0].frames);
  EXPECT_EQ(m.levels[2].frames * 4, m.levels[0].frames);
  EXPECT_EQ(m.oversampled.frames, 2 * m.levels[0].frames);
  EXPECT_FALSE(set.has(DroneStretch::k8x));
  EXPECT_TRUE(set.view().loop(DroneStretch::k8x).empty());
}

TEST(DroneLoopSet, MonoPadsGetADecorrelatedSideAndAnUntouchedMid) {
  const auto x = noisy(48000 * 2);
  const DroneLoopSet set = loop_set(x, 60.0f);
  const auto l = set.left(DroneStretch::k1x);
  const auto r = set.right(DroneStretch::k1x);
  ASSERT_EQ(l.size(), r.size());
  double lr = 0.0, ll = 0.0, rr = 0.0;
  for (std::size_t i = 0; i < l.size(); ++i) {
    lr += static_cast<double>(l[i]) * r[i];
    ll += static_cast<double>(l[i]) * l[i];
    rr += static_cast<double>(r[i]) * r[i];
  }
  EXPECT_LT(std::fabs(lr / std::sqrt(ll * rr)), 0.2) << "channels should be decorrelated";
  EXPECT_TRUE(set.view().synthetic_width);
  // Width 0 gives back the pad: (L + R)/√2 is the looped pad, which holds the source's spectrum.
  std::vector<float> m(l.size());
  for (std::size_t i = 0; i < l.size(); ++i) m[i] = static_cast<float>((l[i] + r[i]) / std::sqrt(2.0));
  expect_seamless(m, kRate, "mid");
  EXPECT_NEAR(rms(l), rms(m), 0.1 * rms(m));
}

TEST(DroneLoopSet, StretchedLoopsKeepThePadLevelAndLength) {
  const DroneLoopSet set = loop_set(saw_chord(48000 * 2), 45.0f, true);
  // L² + R² is the pad's power twice over whatever the side's correlation with the mid.
  const auto power = [&](DroneStretch s) {
    return rms(set.left(s)) * rms(set.left(s)) + rms(set.right(s)) * rms(set.right(s));
  };
  const double pad = power(DroneStretch::k1x);
  for (DroneStretch s : {DroneStretch::k2x, DroneStretch::k4x, DroneStretch::k8x}) {
    EXPECT_NEAR(power(s) / pad, 1.0, 0.15) << name_of(s);
    const double ratio =
        static_cast<double>(set.left(s).size()) / static_cast<double>(set.left(DroneStretch::k1x).size());
    EXPECT_GT(ratio, 0.8 * drone_stretch_factor(s)) << name_of(s);
    EXPECT_LT(ratio, 1.1 * drone_stretch_factor(s)) << name_of(s);
  }
  EXPECT_GT(set.left(DroneStretch::kFrozen).size(), static_cast<std::size_t>(kRate * 10));
}

// The periodic 2× copy is OwnedMaterial's interpolator run round the cycle: the same samples, bit for
// bit, as upsampling the cycle extended by its own wrap.
TEST(DroneLoopSet, PeriodicUpsamplingMatchesTheMaterialInterpolator) {
  for (std::size_t n : {8u, 60u, 1000u, 4100u}) {
    std::vector<float> period(n);
    for (std::size_t i = 0; i < n; ++i)
      period[i] = static_cast<float>(std::sin(0.37 * i) + 0.3 * std::cos(2.9 * i));
    std::vector<float> extended;
    constexpr std::size_t kMargin = 64;
    for (std::size_t i = 0; i < n + 2 * kMargin; ++i) extended.push_back(period[(i + n * 64 - kMargin) % n]);
    const auto reference = OwnedMaterial::upsample2(extended);
    const auto up = upsample_periodic(period);
    ASSERT_EQ(up.size(), 2 * n);
    for (std::size_t i = 0; i < 2 * n; ++i) ASSERT_EQ(up[i], reference[2 * kMargin + i]) << n << " " << i;
  }
}

TEST(DroneLoopSet, BadPadsAreErrorsNotCrashes) {
  EXPECT_FALSE(DroneLoopSet::from_pad({}, {}, kRate, 60.0f));
  const std::vector<float> silent(48000, 0.0f);
  auto s = DroneLoopSet::from_pad(silent, {}, kRate, 60.0f);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind(), ErrorKind::kSilent);
  std::vector<float> nan = sine(220.0, 0.5, 48000);
  nan[100] = std::nanf("");
  EXPECT_FALSE(DroneLoopSet::from_pad(nan, {}, kRate, 60.0f));
  const auto a = sine(220.0, 0.5, 48000);
  const auto b = sine(220.0, 0.5, 47000);
  EXPECT_FALSE(DroneLoopSet::from_pad(a, b, kRate, 60.0f));
  EXPECT_FALSE(DroneLoopSet::from_pad(a, {}, 0.0, 60.0f));
  EXPECT_FALSE(DroneLoopSet::from_pad(sine(220.0, 0.5, 1000), {}, kRate, 60.0f));
}

}  // namespace
}  // namespace afterglow::gen
