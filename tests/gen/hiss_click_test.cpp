// No clicks (acceptance 2) and level safety (acceptance 6): 60 s of the hiss under random automation —
// band edges jumping across the spectrum, filter mode flips, tremolo rate/depth/sync changes, source
// and drum-loop switches, level moves, flicker storms — judged by the project's click detector
// (dsp/click_detector), once across the whole spectrum and once with every edge below 1.5 kHz (in
// bright hiss a step is one large difference among many, so the dark run is the strict one). A
// negative control proves the detector sees a burst cut without its fade.
#include <gtest/gtest.h>

#include <vector>

#include "afterglow/dsp/click_detector.h"
#include "hiss_test_support.h"

namespace afterglow::gen {
namespace {

using namespace hiss_test;

constexpr std::size_t kSixtySeconds = 48000 * 60;

void expect_no_clicks(const Rendered& r) {
  const auto left = dsp::detect_clicks(r.left);
  const auto right = dsp::detect_clicks(r.right);
  EXPECT_TRUE(left.empty()) << left.size() << " clicks, first at " << (left.empty() ? 0 : left.front());
  EXPECT_TRUE(right.empty()) << right.size() << " clicks, first at " << (right.empty() ? 0 : right.front());
  EXPECT_GT(rms(r.left), 1e-3);
}

TEST(HissClicks, SixtySecondsUnderRandomAutomation) {
  HissMaterial m(kRate, {.slices = 4, .seed = 8});
  ASSERT_EQ(m.add_source(drum_track(48000 * 12)).status, HissSliceStatus::kOk);
  Hiss h;
  h.prepare(kRate, 1024);
  h.set_material(&m.view());
  h.set_param(HissParam::kFlickerRate, 10.0f);
  h.reset(21);
  const auto automation = random_automation(kSixtySeconds, 2400, 77, 64);
  Random sizes(4);
  const Rendered r = render(h, kSixtySeconds, automation, [&] { return std::size_t{1} + sizes.below(1024); });
  EXPECT_TRUE(all_finite(r));
  EXPECT_GT(h.stats().flickers, 1000u);
  expect_no_clicks(r);
}

TEST(HissClicks, SixtySecondsOfLowBandsUnderRandomAutomation) {
  // The same automation with every edge below 1.5 kHz: dark, smooth hiss in which any step of a
  // retune, a source switch or a burst edge would stand far above the local roughness.
  HissMaterial m(kRate, {.slices = 4, .highpass_hz = 0.0, .seed = 9});
  ASSERT_EQ(m.add_source(drum_track(48000 * 12, 5)).status, HissSliceStatus::kOk);
  Hiss h;
  h.prepare(kRate, 1024);
  h.set_material(&m.view());
  h.set_param(HissParam::kLowHz, 200.0f);
  h.set_param(HissParam::kHighHz, 800.0f);
  h.set_param(HissParam::kHighpassHz, 300.0f);
  h.set_param(HissParam::kFlickerRate, 10.0f);
  h.reset(22);
  const auto automation = random_automation(kSixtySeconds, 2400, 78, 64, 1500.0f);
  Random sizes(5);
  const Rendered r = render(h, kSixtySeconds, automation, [&] { return std::size_t{1} + sizes.below(1024); });
  EXPECT_TRUE(all_finite(r));
  expect_no_clicks(r);
}

TEST(HissClicks, FlickerStormsOverSilenceAreClean) {
  // Bursts alone (no bed), 64 triggers on one frame every 100 ms: every fade is exposed.
  Hiss h;
  h.prepare(kRate, 512);
  h.set_param(HissParam::kBedLevel, 0.0f);
  h.set_param(HissParam::kFlickerRate, 20.0f);
  h.set_param(HissParam::kFlickerScatter, 1.0f);
  h.reset(2);
  std::vector<TimedEvent> events;
  for (std::uint64_t f = 1000; f < 48000 * 20; f += 4800) {
    for (int k = 0; k < 64; ++k) events.push_back({f, Event::trigger(0, 0.2f)});
  }
  const Rendered r = render_fixed(h, 48000 * 20, events, 300);
  EXPECT_TRUE(all_finite(r));
  expect_no_clicks(r);
}

TEST(HissClicks, NegativeControlABurstCutWithoutItsFadeIsFound) {
  Hiss h;
  h.prepare(kRate, 512);
  h.set_param(HissParam::kBedLevel, 0.0f);
  h.set_param(HissParam::kFlickerRate, 0.0f);
  h.set_param(HissParam::kFlickerMinMs, 400.0f);
  h.set_param(HissParam::kFlickerMaxMs, 400.0f);
  // A low band: in bright hiss a cut is one more large step among many (the detector is relative to
  // the local roughness, as the ear is), so the control is made where a cut stands out.
  h.set_param(HissParam::kLowHz, 300.0f);
  h.set_param(HissParam::kHighHz, 600.0f);
  h.reset(1);
  Rendered r = render_fixed(h, 48000, {{2000, Event::trigger(0, 1.0f)}}, 256);
  EXPECT_TRUE(dsp::detect_clicks(r.left).empty());
  for (std::size_t n = 2000 + 9600; n < r.left.size(); ++n) r.left[n] = 0.0f;  // cut mid-burst
  EXPECT_FALSE(dsp::detect_clicks(r.left).empty());
}

TEST(HissClicks, RetunesBetweenLowBandsAreClean) {
  // Jumps between two dark bands every 200 ms, where a transient would stand out of smooth material.
  Hiss h;
  h.prepare(kRate, 512);
  h.set_param(HissParam::kTremoloDepth, 0.0f);
  h.set_param(HissParam::kLowHz, 300.0f);
  h.set_param(HissParam::kHighHz, 400.0f);
  h.reset(3);
  std::vector<TimedEvent> events;
  for (std::uint64_t f2 = 4800; f2 < 48000; f2 += 9600) {
    const bool up = (f2 / 9600) % 2 == 0;
    events.push_back({f2, param(HissParam::kLowHz, up ? 1200.0f : 300.0f)});
    events.push_back({f2, param(HissParam::kHighHz, up ? 1600.0f : 400.0f)});
  }
  expect_no_clicks(render_fixed(h, 48000, events, 256));
}

}  // namespace
}  // namespace afterglow::gen
