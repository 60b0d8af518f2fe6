// The Drone: pitch from notes relative to the pad's root, alias-free shifts (acceptance 4), tone
// points, determinism and block-size independence (acceptance 5), level safety (acceptance 6),
// stealing, and stretch renderings picked up when they arrive.
#include "afterglow/gen/drone.h"

#include <gtest/gtest.h>

#include <cmath>

#include "drone_test_support.h"

namespace afterglow::gen {
namespace {

using namespace drone_test;

double db(double x) {
  return 20.0 * std::log10(std::max(x, 1e-12));
}

// Zero crossings (rising) per second over the signal: the fundamental of a clean tone.
double frequency(std::span<const float> x) {
  std::size_t first = 0, last = 0, count = 0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    if (x[i - 1] < 0.0f && x[i] >= 0.0f) {
      if (count == 0) first = i;
      last = i;
      ++count;
    }
  }
  return count > 1 ? kRate * static_cast<double>(count - 1) / static_cast<double>(last - first) : 0.0;
}

Drone prepared(const DroneLoopSet& set, std::size_t block = 256) {
  Drone d;
  d.prepare(kRate, block, 16);
  d.set_loops(set.view());
  d.set_param(DroneParam::kAttack, 0.01f);
  d.set_param(DroneParam::kRelease, 0.05f);
  return d;
}

// One note held for `seconds`; returns the mid channel after the attack.
std::vector<float> play(const DroneLoopSet& set, int note, float fine = 0.0f, double seconds = 1.5) {
  Drone d = prepared(set);
  d.set_param(DroneParam::kFineTune, fine);
  const auto r =
      render_fixed(d, static_cast<std::size_t>(seconds * kRate), {{0, Event::note_on(0, note, 1.0f)}}, 256);
  return mid(r, static_cast<std::size_t>(0.3 * kRate));
}

TEST(Drone, RootNotePlaysThePadAtItsOwnPitch) {
  const DroneLoopSet set = loop_set(sine(220.0, 0.5, 48000 * 2), 57.0f);
  EXPECT_NEAR(frequency(play(set, 57)), 220.0, 220.0 * 0.002);
}

TEST(Drone, AnOctaveUpDoublesTheFundamental) {
  const DroneLoopSet set = loop_set(sine(220.0, 0.5, 48000 * 2), 57.0f);
  EXPECT_NEAR(frequency(play(set, 69)), 440.0, 440.0 * 0.01);
  EXPECT_NEAR(frequency(play(set, 45)), 110.0, 110.0 * 0.01);
  EXPECT_NEAR(frequency(play(set, 64)), 220.0 * std::exp2(7.0 / 12.0), 3.0);
}

TEST(Drone, FineTuneShiftsByCents) {
  const DroneLoopSet set = loop_set(sine(220.0, 0.5, 48000 * 2), 57.0f);
  EXPECT_NEAR(frequency(play(set, 57, 50.0f)), 220.0 * std::exp2(50.0 / 1200.0), 0.5);
  EXPECT_NEAR(frequency(play(set, 57, -100.0f)), 220.0 * std::exp2(-100.0 / 1200.0), 0.5);
}

TEST(Drone, TheWheelsBendAddsToFineTuneWellBeyondItsRange) {
  const DroneLoopSet set = loop_set(sine(220.0, 0.5, 48000 * 2), 57.0f);
  const auto bent = [&](float fine, float bend) {
    Drone d = prepared(set);
    d.set_param(DroneParam::kFineTune, fine);
    d.set_param(DroneParam::kBend, bend);
    const auto r = render_fixed(d, static_cast<std::size_t>(1.5 * kRate), {{0, Event::note_on(0, 57, 1.0f)}}, 256);
    return frequency(mid(r, static_cast<std::size_t>(0.3 * kRate)));
  };
  EXPECT_NEAR(bent(0.0f, 200.0f), 220.0 * std::exp2(2.0 / 12.0), 0.5);     // the default ±2 semitones
  EXPECT_NEAR(bent(50.0f, -700.0f), 220.0 * std::exp2(-6.5 / 12.0), 0.5);  // sums with fine tune
  EXPECT_NEAR(bent(0.0f, 1200.0f), 440.0, 440.0 * 0.01);                   // a whole octave
}

TEST(Drone, FifteenKilohertzAnOctaveUpVanishesInsteadOfFoldingBack) {
  const DroneLoopSet set = loop_set(sine(15000.0, 0.5, 48000), 69.0f);
  const double input = rms(set.left(DroneStretch::k1x));
  const auto up = play(set, 81, 0.0f, 1.0);
  EXPECT_LE(db(rms(up) / input), -50.0) << "folded tone at " << db(rms(up) / input) << " dB";
}

TEST(Drone, FifteenKilohertzAnOctaveDownKeepsItsLevel) {
  const DroneLoopSet set = loop_set(sine(15000.0, 0.5, 48000), 69.0f);
  const double input = tone_amplitude(set.left(DroneStretch::k1x), 15000.0);
  Drone d = prepared(set);
  d.set_param(DroneParam::kWidth, 1.0f);
  const auto r = render_fixed(d, 48000, {{0, Event::note_on(0, 57, 1.0f)}}, 256);
  const std::span<const float> left(r.left.data() + 14400, 24000);
  const double out = tone_amplitude(left, 7500.0);
  EXPECT_NEAR(db(out / input), 0.0, 0.5);
}

TEST(Drone, AliasingNegativeControlTheFullRateLoopReadAnOctaveUpFolds) {
  // Reading the full-rate loop at ratio 2 (what the octave copies avoid) puts the 15 kHz tone at
  // 48 − 30 = 18 kHz, far above the −50 dB line.
  const DroneLoopSet set = loop_set(sine(15000.0, 0.5, 48000), 69.0f);
  MaterialView only_full = set.view().loop(DroneStretch::k1x);
  only_full.level_count = 1;
  only_full.oversampled = {};
  DroneHead h;
  h.bind(only_full, 12.0f, 0.0f, false, 0.0);
  std::vector<double> fine(24000, 1.0);
  std::vector<float> gain(24000, 1.0f), l(24000, 0.0f), r(24000, 0.0f);
  h.render(fine.data(), gain.data(), l.data(), r.data(), l.size());
  EXPECT_GT(db(tone_amplitude(l, 18000.0) / tone_amplitude(set.left(DroneStretch::k1x), 15000.0)), -20.0);
}

TEST(Drone, ReverseHeadsWalkBackwards) {
  std::vector<float> ramp(4000);
  for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<float>(i) / 4000.0f;
  MaterialView v;
  v.levels[0] = {ramp.data(), ramp.data(), ramp.size()};
  v.level_count = 1;
  DroneHead h;
  h.bind(v, 0.0f, 0.0f, true, 0.5);
  std::vector<double> fine(100, 1.0);
  std::vector<float> gain(100, 1.0f), l(100, 0.0f), r(100, 0.0f);
  h.render(fine.data(), gain.data(), l.data(), r.data(), 100);
  for (std::size_t i = 1; i < 100; ++i) EXPECT_LT(l[i], l[i - 1]);
}

TEST(Drone, DarkCutsFiveKilohertzAndAiryCutsThreeHundredHertz) {
  std::vector<float> x = sine(300.0, 0.3, 48000 * 2);
  const auto hi = sine(5000.0, 0.3, x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += hi[i];
  const DroneLoopSet set = loop_set(x, 60.0f);
  const auto measure = [&](float tone, double hz) {
    Drone d = prepared(set);
    d.set_param(DroneParam::kTone, tone);
    d.set_param(DroneParam::kWidth, 0.0f);
    const auto r = render_fixed(d, 48000, {{0, Event::note_on(0, 60, 1.0f)}}, 256);
    return tone_amplitude(std::span<const float>(r.left).subspan(14400), hz);
  };
  const double neutral5k = measure(kToneNeutral, 5000.0);
  const double neutral300 = measure(kToneNeutral, 300.0);
  EXPECT_LT(db(measure(kToneDark, 5000.0) / neutral5k), -15.0);
  EXPECT_NEAR(db(measure(kToneDark, 300.0) / neutral300), 0.0, 1.0);
  EXPECT_LT(db(measure(kToneWarm, 5000.0) / neutral5k), -3.0);
  EXPECT_LT(db(measure(kToneAiry, 300.0) / neutral300), -30.0);
  // 5 kHz sits just under the airy corner (5.75 kHz): a few dB down, nothing like the lows.
  EXPECT_GT(db(measure(kToneAiry, 5000.0) / neutral5k), -10.0);
}

TEST(Drone, NeutralToneIsExactlyNoFilter) {
  const auto s = DroneTone::shape(kToneNeutral);
  EXPECT_DOUBLE_EQ(s.low, 1.0);
  EXPECT_DOUBLE_EQ(s.band, 1.0);
  EXPECT_DOUBLE_EQ(s.high, 1.0);
}

TEST(Drone, SameSeedAndEventsGiveIdenticalOutputForAnyBlockSize) {
  const DroneLoopSet set = loop_set(pad(48000 * 3), 57.0f, true);
  const std::size_t frames = 48000 * 8;
  const auto automation = random_automation(frames, 300, 11);
  const auto run = [&](const std::function<std::size_t()>& blocks) {
    Drone d;
    d.prepare(kRate, 1024, 16);
    d.set_loops(set.view());
    d.reset(42);
    return render(d, frames, automation, blocks);
  };
  const Rendered reference = run([] { return std::size_t{64}; });
  EXPECT_GT(rms(reference.left), 1e-3);
  EXPECT_TRUE(identical(reference, run([] { return std::size_t{64}; })));
  EXPECT_TRUE(identical(reference, run([] { return std::size_t{1}; })));
  EXPECT_TRUE(identical(reference, run([] { return std::size_t{1000}; })));
  Random sizes(9);
  EXPECT_TRUE(identical(reference, run([&] { return std::size_t{1} + sizes.below(1024); })));
  // A block larger than max_block is split inside process().
  EXPECT_TRUE(identical(reference, run([] { return std::size_t{3000}; })));
  // A different seed starts voices elsewhere in the loop.
  Drone d;
  d.prepare(kRate, 1024, 16);
  d.set_loops(set.view());
  d.reset(43);
  EXPECT_FALSE(identical(reference, render_fixed(d, frames, automation, 64)));
}

TEST(Drone, RandomParametersAndAutomationNeverProduceNanOrInf) {
  const DroneLoopSet set = loop_set(saw_chord(48000 * 2), 45.0f, true);
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    Drone d;
    d.prepare(kRate, 512, 16);
    d.set_loops(set.view());
    auto automation = random_automation(48000 * 6, 400, seed, 45);
    Random rng(seed);
    for (int k = 0; k < 100; ++k) {
      // Out-of-range, non-finite and extreme values: clamped or ignored.
      const auto id = static_cast<std::uint16_t>(rng.below(kDroneParamCount + 2));
      const float values[] = {-1e30f, 1e30f, std::nanf(""), INFINITY, -INFINITY, 0.0f};
      automation.push_back({rng.below(48000 * 6), Event::param(0, id, values[rng.below(6)])});
      automation.push_back({rng.below(48000 * 6), Event::note_on(0, static_cast<int>(rng.below(128)), 1.0f)});
    }
    std::stable_sort(automation.begin(), automation.end(),
                     [](const TimedEvent& a, const TimedEvent& b) { return a.frame < b.frame; });
    const Rendered r = render_fixed(d, 48000 * 6, automation, 333);
    for (std::size_t i = 0; i < r.left.size(); ++i) {
      ASSERT_TRUE(std::isfinite(r.left[i]) && std::isfinite(r.right[i])) << "seed " << seed << " frame " << i;
      ASSERT_LT(std::fabs(r.left[i]), 64.0f);
    }
  }
}

TEST(Drone, SixtyFourNotesInOneBlockStealWithoutDropping) {
  const DroneLoopSet set = loop_set(pad(48000 * 2), 57.0f);
  Drone d = prepared(set);
  std::vector<TimedEvent> storm;
  for (int k = 0; k < 64; ++k) storm.push_back({100, Event::note_on(0, 33 + k, 0.8f)});
  render_fixed(d, 4800, storm, 256);
  EXPECT_EQ(d.stats().started, 64u);
  EXPECT_EQ(d.stats().stolen, 48u);
  EXPECT_EQ(d.stats().dropped, 0u);
  render_fixed(d, 4800, {}, 256);  // the steal fades are over
  EXPECT_EQ(d.stats().sounding, 16u);
}

TEST(Drone, AStretchThatArrivesLaterIsFadedTo) {
  auto built = DroneLoopSet::from_pad(pad(48000 * 2), {}, kRate, 57.0f);
  ASSERT_TRUE(built);
  DroneLoopSet& set = built.value();
  const DroneLoopSetView before = set.view();
  Drone d = prepared(set);
  d.set_param(DroneParam::kStretch, 8.0f);
  render_fixed(d, 4800, {{0, Event::note_on(0, 57, 1.0f)}}, 256);
  EXPECT_EQ(d.playing_stretch(), DroneStretch::k1x);  // not rendered yet: keep playing the pad loop
  ASSERT_TRUE(set.render(DroneStretch::k8x));
  d.set_loops(set.view());
  EXPECT_EQ(d.playing_stretch(), DroneStretch::k8x);
  EXPECT_TRUE(d.reads_from(before));  // mid-fade
  render_fixed(d, static_cast<std::size_t>(kRate * 0.2), {}, 256);
  DroneLoopSetView pad_only;
  pad_only.loops[0] = before.loops[0];
  EXPECT_FALSE(d.reads_from(pad_only)) << "after the fade no voice reads the pad loop";
}

TEST(Drone, ParametersAreClampedAndStretchSnaps) {
  Drone d;
  d.prepare(kRate, 64);
  d.set_param(DroneParam::kStretch, 5.0f);
  EXPECT_EQ(d.params().stretch, 4.0f);
  d.set_param(DroneParam::kStretch, 100.0f);
  EXPECT_EQ(d.params().stretch, kStretchFrozen);
  d.set_param(DroneParam::kTone, 7.0f);
  EXPECT_EQ(d.params().tone, 1.0f);
  d.set_param(DroneParam::kAttack, 0.0f);
  EXPECT_EQ(d.params().attack, 0.005f);
  d.set_param(DroneParam::kLevel, std::nanf(""));
  EXPECT_EQ(d.params().level, 1.0f);
}

}  // namespace
}  // namespace afterglow::gen
