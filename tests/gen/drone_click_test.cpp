// No clicks (acceptance 2): 60 s of the drone under random automation — notes on and off, tone jumps,
// stretch changes, reverse toggles, width and level jumps, fine tune, freeze, all-offs and a storm of
// 64 note-ons in one block that forces voice stealing — judged by the project's click detector
// (dsp/click_detector), on a pad and on a pure sine. A negative control proves the detector would see a
// voice cut without its fade.
#include <gtest/gtest.h>

#include <vector>

#include "afterglow/dsp/click_detector.h"
#include "drone_test_support.h"

namespace afterglow::gen {
namespace {

using namespace drone_test;

constexpr std::size_t kSixtySeconds = 48000 * 60;

Rendered sixty_seconds(const DroneLoopSet& set, std::uint64_t seed) {
  Drone d;
  d.prepare(kRate, 1024, 16);
  d.set_loops(set.view());
  d.reset(seed);
  const auto automation = random_automation(kSixtySeconds, 1500, seed * 7 + 1);
  Random sizes(seed);
  const Rendered r = render(d, kSixtySeconds, automation, [&] { return std::size_t{1} + sizes.below(1024); });
  EXPECT_GE(d.stats().stolen, 48u) << "the storm must steal";
  return r;
}

void expect_no_clicks(const Rendered& r) {
  const auto left = dsp::detect_clicks(r.left);
  const auto right = dsp::detect_clicks(r.right);
  EXPECT_TRUE(left.empty()) << left.size() << " clicks, first at " << (left.empty() ? 0 : left.front());
  EXPECT_TRUE(right.empty()) << right.size() << " clicks, first at " << (right.empty() ? 0 : right.front());
  EXPECT_GT(rms(r.left), 1e-3);
}

TEST(DroneClicks, SixtySecondsOfPadUnderRandomAutomation) {
  expect_no_clicks(sixty_seconds(loop_set(pad(48000 * 3), 57.0f, true), 1));
}

TEST(DroneClicks, SixtySecondsOfSineUnderRandomAutomation) {
  expect_no_clicks(sixty_seconds(loop_set(sine(220.0, 0.5, 48000 * 3), 57.0f, true), 2));
}

TEST(DroneClicks, NegativeControlAVoiceCutWithoutFadeIsFound) {
  const DroneLoopSet set = loop_set(sine(220.0, 0.5, 48000 * 2), 57.0f);
  Drone d;
  d.prepare(kRate, 256, 16);
  d.set_loops(set.view());
  d.set_param(DroneParam::kAttack, 0.2f);
  Rendered r = render_fixed(d, 48000, {{0, Event::note_on(0, 57, 1.0f)}}, 256);
  EXPECT_TRUE(dsp::detect_clicks(r.left).empty());
  std::size_t peak = 24000;
  for (std::size_t i = 24000; i < 24200; ++i) {
    if (std::fabs(r.left[i]) > std::fabs(r.left[peak])) peak = i;
  }
  for (std::size_t i = peak + 1; i < r.left.size(); ++i) r.left[i] = 0.0f;
  EXPECT_FALSE(dsp::detect_clicks(r.left).empty());
}

}  // namespace
}  // namespace afterglow::gen
