// Envelopes: levels at known times, exact landing on targets, continuity on retrigger and release from
// any stage, and sample-accurate gates that give the same output for any block split.
#include "afterglow/dsp/envelope.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dsp/block_split_util.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 48000.0;

Adsr make(const AdsrParams& p) {
  Adsr env;
  env.prepare(kRate);
  env.set_params(p);
  return env;
}

std::vector<float> run(Adsr& env, std::size_t n) {
  std::vector<float> out(n);
  env.process(out);
  return out;
}

TEST(Adsr, LinearLevelsAtKnownTimes) {
  AdsrParams p{0.01, 0.1, 0.5, 0.2, SegmentCurve::kLinear, SegmentCurve::kLinear, SegmentCurve::kLinear};
  auto env = make(p);
  env.gate_on();
  const auto a = run(env, 480);  // 10 ms attack = 480 samples; sample k is the level after k+1 steps
  EXPECT_NEAR(a[239], 0.5, 1e-9);
  EXPECT_EQ(a[479], 1.0f);
  const auto d = run(env, 4800);  // decay 100 ms to 0.5
  EXPECT_NEAR(d[2399], 0.75, 1e-6);
  EXPECT_EQ(d[4799], 0.5f);
  EXPECT_EQ(env.stage(), Adsr::Stage::kSustain);
  const auto s = run(env, 1000);
  for (float v : s) EXPECT_EQ(v, 0.5f);
  env.gate_off();
  const auto r = run(env, 9600);  // release 200 ms from 0.5
  EXPECT_NEAR(r[4799], 0.25, 1e-6);
  EXPECT_EQ(r[9599], 0.0f);
  EXPECT_EQ(env.stage(), Adsr::Stage::kIdle);
}

TEST(Adsr, ExponentialSegmentsLandExactlyAndAreMonotonic) {
  AdsrParams p{0.02,
               0.05,
               0.3,
               0.1,
               SegmentCurve::kExponential,
               SegmentCurve::kExponential,
               SegmentCurve::kExponential};
  auto env = make(p);
  env.gate_on();
  const auto a = run(env, 960);
  for (std::size_t i = 1; i < a.size(); ++i) ASSERT_GT(a[i], a[i - 1]);
  EXPECT_EQ(a.back(), 1.0f);
  EXPECT_GT(a[479], 0.5f);  // convex: more than halfway at half time
  const auto d = run(env, 2400);
  for (std::size_t i = 1; i < d.size(); ++i) ASSERT_LE(d[i], d[i - 1]);
  EXPECT_EQ(d.back(), 0.3f);
  env.gate_off();
  const auto r = run(env, 4800);
  EXPECT_LT(r[2399], 0.3 * 0.05);  // exponential: well below half way at half time
  EXPECT_EQ(r.back(), 0.0f);
  EXPECT_FALSE(env.active());
}

TEST(Adsr, RetriggerStartsFromTheCurrentLevel) {
  for (SegmentCurve curve : {SegmentCurve::kLinear, SegmentCurve::kExponential}) {
    AdsrParams p{0.05, 0.05, 0.6, 0.3, curve, curve, curve};
    auto env = make(p);
    env.gate_on();
    run(env, 6000);
    env.gate_off();
    const auto before = run(env, 3000);  // part-way into the release
    env.gate_on();
    const auto after = run(env, 2400);
    EXPECT_GT(before.back(), 0.05f);
    // The first sample after the retrigger continues from where the release was.
    EXPECT_NEAR(after.front(), before.back(), 1.0 / 2400.0 + 1e-3);
    EXPECT_GT(after.front(), before.back());
    EXPECT_EQ(after.back(), 1.0f);  // the attack still takes its full time from there
  }
}

TEST(Adsr, ReleaseFromAnyStageDoesNotJump) {
  AdsrParams p{
      0.1, 0.1, 0.4, 0.1, SegmentCurve::kLinear, SegmentCurve::kExponential, SegmentCurve::kExponential};
  for (std::size_t gate_len : {100u, 2400u, 4800u, 6000u, 20000u}) {  // attack, mid-attack, decay, sustain
    auto env = make(p);
    env.gate_on();
    const auto held = run(env, gate_len);
    env.gate_off();
    const auto r = run(env, 4800);
    EXPECT_LE(r.front(), held.back()) << gate_len;
    EXPECT_NEAR(r.front(), held.back(), 0.01) << gate_len;
    EXPECT_EQ(r.back(), 0.0f) << gate_len;
  }
}

TEST(Adsr, SustainChangeGlidesInsteadOfStepping) {
  auto env = make(AdsrParams{0.001, 0.001, 0.8, 0.1});
  env.gate_on();
  run(env, 1000);
  AdsrParams p{0.001, 0.001, 0.2, 0.1};
  env.set_params(p);
  const auto out = run(env, 1000);
  EXPECT_LT(test_util::max_step(out), 0.6 / 240.0 + 1e-6);  // 5 ms glide
  EXPECT_EQ(out.back(), 0.2f);
}

TEST(Adsr, OneShotArReleasesAfterItsAttack) {
  AdsrParams p = ar_params(0.01, 0.05);
  p.one_shot = true;
  auto env = make(p);
  env.gate_on();
  const auto out = run(env, 480 + 2400 + 10);
  EXPECT_EQ(out[479], 1.0f);
  EXPECT_NEAR(out[479 + 1200], 0.5, 1e-6);
  EXPECT_EQ(out[479 + 2400], 0.0f);
  EXPECT_FALSE(env.active());
}

TEST(Adsr, GateAtAFrameOffsetIsSampleAccurate) {
  auto env = make(ar_params(0.001, 0.001));
  std::vector<float> out(256);
  const GateEvent on[] = {{100, true}};
  env.process(out, on);
  for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(out[i], 0.0f);
  EXPECT_GT(out[100], 0.0f);
}

TEST(Adsr, SameOutputForAnyBlockSplit) {
  // A timeline of gates at absolute frames; each block passes the ones inside it at their offsets.
  const std::vector<std::pair<std::size_t, bool>> timeline = {{10, true},    {900, false},  {1200, true},
                                                              {1201, true},  {5000, false}, {5100, true},
                                                              {9000, false}, {9001, false}};
  AdsrParams p{
      0.02, 0.03, 0.5, 0.04, SegmentCurve::kExponential, SegmentCurve::kLinear, SegmentCurve::kExponential};
  test_util::expect_block_size_independent(
      [&] { return make(p); },
      [&](Adsr& env, std::size_t start, std::span<float> out) {
        std::vector<GateEvent> events;
        for (const auto& [frame, on] : timeline) {
          if (frame >= start && frame < start + out.size()) {
            events.push_back({static_cast<std::uint32_t>(frame - start), on});
          }
        }
        env.process(out, events);
      },
      12000);
}

TEST(Adsr, ZeroTimesJumpWithoutBreaking) {
  auto env = make(AdsrParams{0.0, 0.0, 0.5, 0.0});
  env.gate_on();
  EXPECT_EQ(run(env, 1).front(), 0.5f);
  env.gate_off();
  EXPECT_EQ(run(env, 1).front(), 0.0f);
  EXPECT_FALSE(env.active());
}

}  // namespace
}  // namespace afterglow::dsp
