// The cloud's behaviour: determinism across seeds and block sizes (acceptance 5), pitch and reverse,
// freeze, descriptor targeting, the pool, level safety (acceptance 6).
#include "afterglow/gen/cloud.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "afterglow/dsp/click_detector.h"
#include "cloud_test_support.h"

namespace afterglow::gen {
namespace {

using namespace test;

class Recorder : public GrainSpawnObserver {
 public:
  void on_spawn(const GrainSpawn& s) noexcept override {
    if (spawns.size() < spawns.capacity()) spawns.push_back(s);
  }
  std::vector<GrainSpawn> spawns;
  Recorder() { spawns.reserve(100000); }
};

void set(Cloud& c, CloudParam p, float v) {
  c.set_param(p, v);
}

TEST(Cloud, SameSeedSameEventsIsByteIdentical) {
  const OwnedMaterial m = mono_material(pad(kRate * 4));
  const auto automation = random_automation(kRate * 6, 300, 11);
  Rendered r[3];
  for (int i = 0; i < 3; ++i) {
    Cloud c;
    c.prepare(kRate, 256, 128);
    c.set_material({&m.view(), 1});
    c.reset(i < 2 ? 42 : 43);
    r[i] = render_fixed(c, kRate * 6, automation, 256);
  }
  EXPECT_TRUE(identical(r[0], r[1]));
  EXPECT_FALSE(identical(r[0], r[2]));  // the seed matters
  EXPECT_GT(rms(r[0].left), 1e-3);
}

TEST(Cloud, OutputDoesNotDependOnBlockSize) {
  const OwnedMaterial m = mono_material(pad(kRate * 4));
  const std::size_t frames = kRate * 5;
  const auto automation = random_automation(frames, 400, 5, /*dense=*/true);
  auto run = [&](const std::function<std::size_t()>& blocks) {
    Cloud c;
    c.prepare(kRate, 1024, 96);  // small pool: stealing and deferral happen
    c.set_material({&m.view(), 1});
    c.reset(7);
    set(c, CloudParam::kDensity, 900.0f);
    return render(c, frames, automation, blocks);
  };
  const Rendered reference = run([] { return std::size_t{64}; });
  EXPECT_GT(rms(reference.left), 1e-3);
  EXPECT_TRUE(identical(reference, run([] { return std::size_t{1}; })));
  EXPECT_TRUE(identical(reference, run([] { return std::size_t{1000}; })));
  Random sizes(99);
  EXPECT_TRUE(identical(reference, run([&] { return std::size_t{1} + sizes.below(1024); })));
}

TEST(Cloud, PitchUpSevenSemitonesGives659Hz) {
  const OwnedMaterial m = mono_material(sine(440.0, 0.5, kRate * 4));
  Cloud c;
  c.prepare(kRate, 512, 64);
  c.set_material({&m.view(), 1});
  set(c, CloudParam::kPitch, 7.0f);
  set(c, CloudParam::kDensity, 40.0f);
  set(c, CloudParam::kSizeMs, 200.0f);
  set(c, CloudParam::kStereoSpread, 0.0f);
  c.reset(1);
  const Rendered r = render_fixed(c, kRate * 2, {}, 512);
  // Find the strongest component between 600 and 720 Hz in 1 Hz steps.
  std::span<const float> tail(r.left.data() + static_cast<std::size_t>(kRate / 2),
                              static_cast<std::size_t>(kRate));
  double best_hz = 0.0;
  double best = 0.0;
  for (double hz = 600.0; hz <= 720.0; hz += 1.0) {
    const double a = tone_amplitude(tail, hz);
    if (a > best) {
      best = a;
      best_hz = hz;
    }
  }
  EXPECT_NEAR(best_hz, 440.0 * std::exp2(7.0 / 12.0), 0.01 * 659.26);
  EXPECT_LT(tone_amplitude(tail, 440.0), 0.05 * best);
}

TEST(Cloud, ReverseGrainsPlayBackwards) {
  // A rising ramp read backwards falls.
  std::vector<float> ramp(kRate * 2);
  for (std::size_t i = 0; i < ramp.size(); ++i)
    ramp[i] = static_cast<float>(i) / static_cast<float>(ramp.size());
  const OwnedMaterial m = mono_material(ramp);
  for (const float reverse : {0.0f, 1.0f}) {
    Cloud c;
    c.prepare(kRate, 256, 4);
    c.set_material({&m.view(), 1});
    set(c, CloudParam::kReverse, reverse);
    set(c, CloudParam::kDensity, 2.0f);  // one grain, alone
    set(c, CloudParam::kSizeMs, 100.0f);
    set(c, CloudParam::kWindowShape, 0.0f);
    set(c, CloudParam::kStereoSpread, 0.0f);
    set(c, CloudParam::kSpray, 0.0f);
    c.reset(3);
    const Rendered r = render_fixed(c, 4800, {}, 256);
    // In the flat part of the square window the output follows the material.
    const float a = r.left[1500];
    const float b = r.left[3300];
    if (reverse > 0.5f) {
      EXPECT_LT(b, a);
    } else {
      EXPECT_GT(b, a);
    }
    EXPECT_NEAR(std::fabs(b - a), 1800.0f / static_cast<float>(ramp.size()), 1e-3f) << reverse;
  }
}

TEST(Cloud, FreezeStopsThePlayheadAndKeepsSounding) {
  const OwnedMaterial m = mono_material(pad(kRate * 8));
  Recorder rec;
  Cloud c;
  c.prepare(kRate, 256, 128);
  c.set_material({&m.view(), 1});
  c.set_spawn_observer(&rec);
  set(c, CloudParam::kSpray, 0.0f);
  set(c, CloudParam::kDensity, 50.0f);
  c.reset(9);
  const std::size_t frames = kRate * 4;
  const std::vector<TimedEvent> automation{{48000, Event::freeze(0, true)},
                                           {144000, Event::freeze(0, false)}};
  const Rendered r = render_fixed(c, frames, automation, 256);
  std::vector<double> before, frozen, after;
  for (const GrainSpawn& s : rec.spawns) {
    if (s.frame < kRate * 1)
      before.push_back(s.start);
    else if (s.frame < kRate * 3)
      frozen.push_back(s.start);
    else
      after.push_back(s.start);
  }
  ASSERT_GT(frozen.size(), 50u);
  // While frozen every start is the same frame; before and after, the playhead moves in real time.
  EXPECT_EQ(*std::min_element(frozen.begin(), frozen.end()), *std::max_element(frozen.begin(), frozen.end()));
  EXPECT_GT(before.back() - before.front(), 0.8 * kRate);
  EXPECT_GT(after.back() - after.front(), 0.8 * kRate);
  // Output keeps sounding while frozen, and the toggles do not click.
  EXPECT_GT(rms(std::span<const float>(r.left).subspan(kRate * 3 / 2, kRate)), 0.3 * rms(r.left));
  EXPECT_TRUE(dsp::detect_clicks(r.left).empty());
  EXPECT_TRUE(dsp::detect_clicks(r.right).empty());
}

class FixedPicker : public GrainPicker {
 public:
  bool pick(const GrainTarget& target, Random& rng, GrainPick& out) const noexcept override {
    last_target = target;
    out.source = 1;
    out.frame = 10000 + 20000 * rng.below(3);  // one of three "good" windows
    return true;
  }
  mutable GrainTarget last_target;
};

TEST(Cloud, TargetingTakesStartsFromThePicker) {
  const OwnedMaterial a = mono_material(pad(kRate * 2, 1));
  const OwnedMaterial b = mono_material(pad(kRate * 2, 2));
  const MaterialView views[2] = {a.view(), b.view()};
  FixedPicker picker;
  for (const float amount : {0.0f, 1.0f, 0.5f}) {
    Recorder rec;
    Cloud c;
    c.prepare(kRate, 256, 256);
    c.set_material(views);
    c.set_picker(&picker);
    c.set_spawn_observer(&rec);
    set(c, CloudParam::kTargetAmount, amount);
    set(c, CloudParam::kTargetBrightness, 0.8f);
    set(c, CloudParam::kPosition, 0.75f);
    set(c, CloudParam::kSpray, 0.0f);
    set(c, CloudParam::kScan, 0.0f);
    set(c, CloudParam::kDensity, 200.0f);
    c.reset(4);
    render_fixed(c, kRate, {}, 256);
    ASSERT_GT(rec.spawns.size(), 100u);
    std::size_t picked = 0;
    for (const GrainSpawn& s : rec.spawns) {
      if (s.picked) {
        ++picked;
        EXPECT_EQ(s.source, 1u);
        EXPECT_TRUE(s.start == 10000.0 || s.start == 30000.0 || s.start == 50000.0) << s.start;
      } else {
        EXPECT_EQ(s.source, 0u);
        EXPECT_EQ(s.start, 0.75 * kRate * 2);
      }
    }
    const double share = static_cast<double>(picked) / static_cast<double>(rec.spawns.size());
    EXPECT_NEAR(share, amount, 0.1) << amount;
    if (amount > 0.0f) {
      EXPECT_FLOAT_EQ(picker.last_target.brightness, 0.8f);
    }
  }
}

TEST(Cloud, PoolRespectsCapacityAndStolenGrainsFade) {
  const OwnedMaterial m = mono_material(sine(220.0, 0.5, kRate * 4));
  Cloud c;
  c.prepare(kRate, 128, 16);
  c.set_material({&m.view(), 1});
  set(c, CloudParam::kDensity, 400.0f);
  set(c, CloudParam::kSizeMs, 300.0f);     // ~120 grains wanted, 16 allowed: each is stolen at ~40 ms,
  set(c, CloudParam::kWindowShape, 0.0f);  // in the flat top of its square window, at full level
  c.reset(5);
  std::vector<float> left;
  std::size_t max_active = 0;
  std::vector<float> l(128), r(128);
  for (int block = 0; block < 750; ++block) {
    c.process({l, r}, {});
    left.insert(left.end(), l.begin(), l.end());
    max_active = std::max(max_active, c.stats().active - c.stats().fading);
    EXPECT_LE(c.stats().fading, Cloud::kFadeReserve);
  }
  EXPECT_LE(max_active, 16u);
  EXPECT_EQ(max_active, 16u);
  EXPECT_GT(c.stats().stolen, 500u);
  EXPECT_EQ(c.stats().deferred, 0u);  // 400 grains/s never fills the fade reserve
  EXPECT_TRUE(dsp::detect_clicks(left).empty());
}

TEST(Cloud, StartsAreSampleAccurateAndOnePerFrameAtMost) {
  const OwnedMaterial m = mono_material(pad(kRate));
  Recorder rec;
  Cloud c;
  c.prepare(kRate, 64, 4096);
  c.set_material({&m.view(), 1});
  c.set_spawn_observer(&rec);
  set(c, CloudParam::kDensity, 40000.0f);
  set(c, CloudParam::kSizeMs, 10.0f);
  c.reset(2);
  render_fixed(c, kRate / 4, {}, 64);
  ASSERT_GT(rec.spawns.size(), 9000u);
  for (std::size_t i = 1; i < rec.spawns.size(); ++i) EXPECT_GT(rec.spawns[i].frame, rec.spawns[i - 1].frame);
}

TEST(Cloud, LevelSafetyUnderRandomEverything) {
  Random rng(2024);
  const OwnedMaterial pad_material = mono_material(pad(kRate * 2));
  std::vector<float> noise(kRate);
  for (float& v : noise) v = static_cast<float>(rng.uniform(-1.0, 1.0));
  const OwnedMaterial noise_material(noise, noise, kRate);
  const OwnedMaterial tiny = mono_material(std::vector<float>(40, 0.9f));  // shorter than any grain
  for (int trial = 0; trial < 12; ++trial) {
    const MaterialView views[3] = {pad_material.view(), noise_material.view(), tiny.view()};
    Cloud c;
    c.prepare(kRate, 512, 1 + rng.below(300));
    c.set_material(views);
    c.reset(rng.next_u32());
    auto automation = random_automation(kRate * 3, 500, rng.next_u32(), trial % 2 == 0);
    // Hostile values too: out of range and non-finite.
    automation.push_back({1000, Event::param(0, static_cast<std::uint16_t>(CloudParam::kPitch), 1e9f)});
    automation.push_back({2000, Event::param(0, static_cast<std::uint16_t>(CloudParam::kDensity), NAN)});
    automation.push_back({3000, Event::param(0, static_cast<std::uint16_t>(CloudParam::kSource), 2.0f)});
    automation.push_back({4000, Event::param(0, 999, 1.0f)});
    std::stable_sort(automation.begin(), automation.end(),
                     [](const TimedEvent& a, const TimedEvent& b) { return a.frame < b.frame; });
    const Rendered r = render(c, kRate * 3, automation, [&] { return std::size_t{1} + rng.below(512); });
    float peak = 0.0f;
    for (std::size_t i = 0; i < r.left.size(); ++i) {
      ASSERT_TRUE(std::isfinite(r.left[i]) && std::isfinite(r.right[i])) << trial << " at " << i;
      peak = std::max({peak, std::fabs(r.left[i]), std::fabs(r.right[i])});
    }
    // Each grain is at most √2 × the material's peak (1) × level (≤ 2); the sum is bounded by the pool.
    EXPECT_LT(peak, 2.0f * 1.5f * std::sqrt(static_cast<float>(c.capacity() + Cloud::kFadeReserve))) << trial;
  }
}

TEST(Cloud, GainFollowsExpectedOverlap) {
  Cloud c;
  c.prepare(kRate, 64, 64);
  set(c, CloudParam::kLevel, 1.0f);
  set(c, CloudParam::kDensity, 100.0f);
  set(c, CloudParam::kSizeMs, 100.0f);
  EXPECT_NEAR(c.target_gain(), 1.0 / std::sqrt(10.0), 1e-9);
  set(c, CloudParam::kDensity, 5.0f);
  EXPECT_NEAR(c.target_gain(), 1.0, 1e-9);
}

TEST(Cloud, WithoutMaterialItIsSilent) {
  Cloud c;
  c.prepare(kRate, 64);
  std::vector<float> l(64, 1.0f), r(64, 1.0f);
  c.process({l, r}, {});
  EXPECT_TRUE(std::all_of(l.begin(), l.end(), [](float v) { return v == 0.0f; }));
}

}  // namespace
}  // namespace afterglow::gen
