// No clicks (acceptance 2): 60 s of the cloud under random automation — abrupt jumps of every control,
// freeze toggles, triggers — with a small pool and a high density so that stealing never stops, on
// pad-like and on pure sine material, judged by the project's click detector (dsp/click_detector).
// A negative control proves the same renders would show a grain cut without its fade.
#include <gtest/gtest.h>

#include <vector>

#include "afterglow/dsp/click_detector.h"
#include "cloud_test_support.h"

namespace afterglow::gen {
namespace {

using namespace test;

constexpr std::size_t kSixtySeconds = 48000 * 60;

Rendered sixty_seconds(const OwnedMaterial& m, std::uint64_t seed, std::size_t capacity) {
  Cloud c;
  c.prepare(kRate, 512, capacity);
  c.set_material({&m.view(), 1});
  c.reset(seed);
  c.set_param(CloudParam::kDensity, 600.0f);
  auto automation = random_automation(kSixtySeconds, 3000, seed * 7 + 1, /*dense=*/true);
  Random sizes(seed);
  const Rendered r = render(c, kSixtySeconds, automation, [&] { return std::size_t{1} + sizes.below(512); });
  EXPECT_GT(c.stats().stolen, 10000u) << "the pool must be full most of the time";
  return r;
}

void expect_no_clicks(const Rendered& r) {
  const auto left = dsp::detect_clicks(r.left);
  const auto right = dsp::detect_clicks(r.right);
  EXPECT_TRUE(left.empty()) << left.size() << " clicks, first at " << (left.empty() ? 0 : left.front());
  EXPECT_TRUE(right.empty()) << right.size() << " clicks, first at " << (right.empty() ? 0 : right.front());
  EXPECT_GT(rms(r.left), 1e-3);
}

TEST(CloudClicks, SixtySecondsOfPadUnderRandomAutomation) {
  const OwnedMaterial m = mono_material(pad(48000 * 20));
  expect_no_clicks(sixty_seconds(m, 1, 24));
}

TEST(CloudClicks, SixtySecondsOfSineUnderRandomAutomation) {
  const OwnedMaterial m = mono_material(sine(220.0, 0.5, 48000 * 10));
  expect_no_clicks(sixty_seconds(m, 2, 24));
}

TEST(CloudClicks, NegativeControlAGrainCutWithoutFadeIsFound) {
  // The cloud of the sine test, with one grain cut dead in the middle of a sparse passage.
  const OwnedMaterial m = mono_material(sine(220.0, 0.5, 48000 * 4));
  Cloud c;
  c.prepare(kRate, 512, 8);
  c.set_material({&m.view(), 1});
  c.set_param(CloudParam::kDensity, 3.0f);
  c.set_param(CloudParam::kSizeMs, 400.0f);
  c.reset(3);
  Rendered r = render_fixed(c, 48000 * 3, {}, 512);
  EXPECT_TRUE(dsp::detect_clicks(r.left).empty());
  // Zero everything after the loudest sample of the first second: a grain stopped without a fade.
  std::size_t peak = 0;
  for (std::size_t i = 0; i < 48000; ++i) {
    if (std::fabs(r.left[i]) > std::fabs(r.left[peak])) peak = i;
  }
  for (std::size_t i = peak + 1; i < r.left.size(); ++i) r.left[i] = 0.0f;
  EXPECT_FALSE(dsp::detect_clicks(r.left).empty());
}

}  // namespace
}  // namespace afterglow::gen
