// The click detector's rule is validated both ways (issue 4, acceptance 2): it must flag a deliberate
// 1-sample step and a grain cut off at its peak, and must stay silent on clean material (sines from
// 20 Hz to 15 kHz, noise, smooth grains, a smooth crossfade, a seamless loop played four times).
#include "afterglow/dsp/click_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/dsp/crossfade.h"
#include "afterglow/dsp/loop.h"
#include "support/signals.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 48000.0;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

std::vector<float> pad(std::size_t frames, std::uint64_t seed) {
  std::vector<float> x(frames);
  Random rng(seed);
  double phase[3] = {0.0, 1.0, 2.0};
  const double freq[3] = {110.0, 164.8, 277.2};
  double lp = 0.0;
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / kRate;
    double v = 0.0;
    for (int p = 0; p < 3; ++p) {
      phase[p] += kTwoPi * freq[p] * (1.0 + 0.003 * std::sin(kTwoPi * 5.0 * t + p)) / kRate;
      v += 0.2 * (0.8 + 0.2 * std::sin(kTwoPi * 0.3 * t + p)) * std::sin(phase[p]);
    }
    lp += 0.03 * (rng.uniform(-1.0, 1.0) - lp);  // a dark noise bed, about -40 dBFS
    x[n] = static_cast<float>(v + 0.15 * lp);
  }
  return x;
}

// A Hann-windowed tone burst of `length` frames starting at `start` in `x` (added).
void add_grain(std::vector<float>& x, std::size_t start, std::size_t length, double freq, double amp,
               std::size_t cut_at = static_cast<std::size_t>(-1)) {
  for (std::size_t i = 0; i < length && i < cut_at && start + i < x.size(); ++i) {
    const double w = 0.5 - 0.5 * std::cos(kTwoPi * static_cast<double>(i) / static_cast<double>(length));
    x[start + i] += static_cast<float>(amp * w * std::cos(kTwoPi * freq * static_cast<double>(i) / kRate));
  }
}

bool flags_near(const std::vector<std::size_t>& clicks, std::size_t where, std::size_t tolerance = 3) {
  for (std::size_t c : clicks) {
    if (c + tolerance >= where && c <= where + tolerance) return true;
  }
  return false;
}

TEST(ClickDetector, FlagsAOneSampleStepInASine) {
  auto x = test::sine(440.0, 0.5, 48000, kRate);
  for (std::size_t n = 20000; n < x.size(); ++n) x[n] += 0.05f;  // a DC step of -26 dBFS
  const auto clicks = detect_clicks(x);
  ASSERT_EQ(clicks.size(), 1u);
  EXPECT_TRUE(flags_near(clicks, 20000));
}

TEST(ClickDetector, FlagsAOneSampleStepInAPad) {
  auto x = pad(96000, 3);
  for (std::size_t n = 50000; n < x.size(); ++n) x[n] -= 0.05f;
  const auto clicks = detect_clicks(x);
  ASSERT_EQ(clicks.size(), 1u);
  EXPECT_TRUE(flags_near(clicks, 50000));
}

TEST(ClickDetector, FlagsASingleSampleSpike) {
  auto x = test::sine(1000.0, 0.3, 48000, kRate);
  x[12345] += 0.1f;
  EXPECT_TRUE(flags_near(detect_clicks(x), 12345));
}

TEST(ClickDetector, FlagsAGrainCutOffAtItsPeak) {
  std::vector<float> x(48000, 0.0f);
  add_grain(x, 10000, 4800, 1000.0, 0.5, 2400);  // stops dead at the window's peak
  const auto clicks = detect_clicks(x);
  ASSERT_EQ(clicks.size(), 1u);
  EXPECT_TRUE(flags_near(clicks, 12400));
}

TEST(ClickDetector, FlagsAGrainCutInsideAPad) {
  auto x = pad(48000, 5);
  add_grain(x, 20000, 4800, 700.0, 0.3, 2400);
  EXPECT_TRUE(flags_near(detect_clicks(x), 22400));
}

TEST(ClickDetector, CleanSinesFrom20HzTo15kHz) {
  for (double f : {20.0, 55.0, 440.0, 1000.0, 5000.0, 10000.0, 12345.0, 15000.0}) {
    for (double amp : {0.01, 0.5, 1.0}) {
      const auto x = test::sine(f, amp, 48000, kRate);
      EXPECT_TRUE(detect_clicks(x).empty()) << f << " Hz at " << amp;
    }
  }
}

TEST(ClickDetector, Noise) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    EXPECT_TRUE(detect_clicks(test::noise(0.3, 480000, seed)).empty()) << seed;
    EXPECT_TRUE(detect_clicks(test::uniform_noise(0.9, 480000, seed)).empty()) << seed;
  }
  // Noise appearing out of silence with a 5 ms fade (a flicker burst).
  auto burst = test::noise(0.3, 48000, 9);
  for (std::size_t n = 0; n < 20000; ++n) burst[n] = 0.0f;
  for (std::size_t n = 0; n < 240; ++n) burst[20000 + n] *= static_cast<float>(n) / 240.0f;
  EXPECT_TRUE(detect_clicks(burst).empty());
}

TEST(ClickDetector, SmoothHannGrains) {
  std::vector<float> x(96000, 0.0f);
  Random rng(4);
  for (int g = 0; g < 60; ++g) {
    const auto start = static_cast<std::size_t>(rng.uniform(0.0, 90000.0));
    const auto length = static_cast<std::size_t>(rng.uniform(480.0, 4800.0));  // 10-100 ms
    add_grain(x, start, length, rng.uniform(60.0, 8000.0), rng.uniform(0.05, 0.3));
  }
  EXPECT_TRUE(detect_clicks(x).empty());
}

TEST(ClickDetector, SmoothCrossfade) {
  const auto a = test::sine(440.0, 0.5, 48000, kRate);
  const auto b = test::noise(0.2, 48000, 5);
  EXPECT_TRUE(detect_clicks(crossfade(a, b, 480, FadeCurve::kEqualPower)).empty());
  const auto c = test::sine(660.0, 0.5, 48000, kRate);
  EXPECT_TRUE(detect_clicks(crossfade(a, c, 480, FadeCurve::kLinear)).empty());
}

TEST(ClickDetector, SeamlessLoopRepeatedFourTimes) {
  for (std::uint64_t seed : {1u, 2u}) {
    const auto loop = make_seamless_loop(pad(3 * 48000, seed), 100.0, kRate);
    std::vector<float> played;
    for (int i = 0; i < 4; ++i) played.insert(played.end(), loop.begin(), loop.end());
    EXPECT_TRUE(detect_clicks(played).empty()) << seed;
  }
  const auto tone_loop = make_seamless_loop(test::sine(233.0, 0.5, 2 * 48000, kRate), 50.0, kRate);
  std::vector<float> played;
  for (int i = 0; i < 4; ++i) played.insert(played.end(), tone_loop.begin(), tone_loop.end());
  EXPECT_TRUE(detect_clicks(played).empty());
}

TEST(ClickDetector, ANaiveLoopOfTheSamePadClicks) {
  // Negative control for the loop case: the same pad cut without a blend clicks at every wrap.
  const auto source = pad(3 * 48000, 1);
  const std::vector<float> loop(source.begin(), source.begin() + 100003);
  std::vector<float> played;
  for (int i = 0; i < 4; ++i) played.insert(played.end(), loop.begin(), loop.end());
  EXPECT_GE(detect_clicks(played).size(), 3u);
}

TEST(ClickDetector, SilenceAndTinyInputs) {
  EXPECT_TRUE(detect_clicks(std::vector<float>(1000, 0.0f)).empty());
  EXPECT_TRUE(detect_clicks(std::vector<float>{}).empty());
  EXPECT_TRUE(detect_clicks(std::vector<float>{1.0f, -1.0f}).empty());
}

}  // namespace
}  // namespace afterglow::dsp
