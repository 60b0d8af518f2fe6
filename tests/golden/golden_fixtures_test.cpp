// The Python original's golden fixtures (../shared/golden/afterglow), read with the project's own reader
// and compared with what our DSP computes from the same inputs, at the original's tolerances
// (rtol 1e-5, atol 1e-6). This suite links the whole library, so it can use io and dsp together.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "afterglow/dsp/crossfade.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/io/audio_reader.h"
#include "support/signals.h"

namespace afterglow {
namespace {

void expect_matches_golden(const std::vector<float>& out, const std::string& name) {
  const auto path = test::golden_file(name);
  ASSERT_FALSE(path.empty());
  auto golden = io::read_audio(path);
  ASSERT_TRUE(golden.ok()) << golden.error().what();
  ASSERT_EQ(golden->channel_count(), 1u);
  ASSERT_EQ(golden->sample_rate, 44100.0);
  ASSERT_EQ(golden->frames(), out.size()) << name;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double expected = golden->channels[0][i];
    ASSERT_NEAR(out[i], expected, 1e-6 + 1e-5 * std::fabs(expected)) << name << " frame " << i;
  }
}

std::vector<float> crossfade_of_sines(dsp::FadeCurve curve) {
  // 1 s of 0.5·sin(440) then 1 s of 0.5·sin(880), crossfaded over 4410 samples.
  return dsp::crossfade(test::sine(440.0, 0.5, 44100), test::sine(880.0, 0.5, 44100), 4410, curve);
}

TEST(GoldenFixtures, EqualPowerCrossfade) {
  const auto out = crossfade_of_sines(dsp::FadeCurve::kEqualPower);
  EXPECT_EQ(out.size(), 83790u);
  expect_matches_golden(out, "crossfade_equal_power.wav");
}

TEST(GoldenFixtures, LinearCrossfade) {
  expect_matches_golden(crossfade_of_sines(dsp::FadeCurve::kLinear), "crossfade_linear.wav");
}

TEST(GoldenFixtures, NormalisedToMinusThreeDbfs) {
  auto out = dsp::normalize(test::sine(440.0, 0.1, 22050), -3.0);
  ASSERT_TRUE(out.ok()) << out.error().what();
  EXPECT_NEAR(dsp::lin_to_db(dsp::peak(*out)), -3.0, 0.005);
  expect_matches_golden(*out, "normalized_minus3db.wav");
}

}  // namespace
}  // namespace afterglow
