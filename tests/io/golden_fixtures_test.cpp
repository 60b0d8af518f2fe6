// The Python original's golden fixtures read with the project's reader: every file decodes to exactly
// the samples libsndfile itself gives (so comparisons made elsewhere against those samples hold for our
// reader too), with the shapes of the README table, and the statistics the original checks.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "afterglow/io/audio_reader.h"
#include "support/signals.h"

namespace afterglow::io {
namespace {

struct Fixture {
  const char* name;
  std::size_t frames;
};

class GoldenFixtures : public ::testing::TestWithParam<Fixture> {};

TEST_P(GoldenFixtures, ReaderMatchesLibsndfileExactly) {
  const auto path = test::golden_file(GetParam().name);
  ASSERT_FALSE(path.empty());
  auto ours = read_audio(path);
  ASSERT_TRUE(ours.ok()) << ours.error().what();
  EXPECT_EQ(ours->sample_rate, 44100.0);
  ASSERT_EQ(ours->channel_count(), 1u);
  ASSERT_EQ(ours->frames(), GetParam().frames);
  const auto raw = test::read_fixture(path);
  EXPECT_EQ(raw.info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
  EXPECT_EQ(ours->channels[0], raw.channels[0]);
}

INSTANTIATE_TEST_SUITE_P(
    All, GoldenFixtures,
    ::testing::Values(Fixture{"sine_440hz.wav", 44100}, Fixture{"white_noise.wav", 44100},
                      Fixture{"harmonics_220hz.wav", 44100}, Fixture{"normalized_minus3db.wav", 22050},
                      Fixture{"crossfade_equal_power.wav", 83790}, Fixture{"crossfade_linear.wav", 83790},
                      Fixture{"loop_equal_power.wav", 88200}, Fixture{"stereo_to_mono_average.wav", 22050},
                      Fixture{"stereo_to_mono_sum.wav", 22050}),
    [](const auto& info) {
      std::string n = info.param.name;
      return n.substr(0, n.find('.'));
    });

TEST(GoldenFixtureStats, Sine440) {
  const auto path = test::golden_file("sine_440hz.wav");
  ASSERT_FALSE(path.empty());
  auto audio = read_audio(path);
  ASSERT_TRUE(audio.ok());
  const auto& x = audio->channels[0];
  double peak = 0.0;
  double sum = 0.0;
  for (float v : x) {
    peak = std::max(peak, std::fabs(double(v)));
    sum += v;
  }
  EXPECT_NEAR(peak, 0.5, 5e-4);
  EXPECT_LT(std::fabs(sum / static_cast<double>(x.size())), 0.001);
  // And it is the signal the README describes.
  const auto expected = test::sine(440.0, 0.5, 44100);
  for (std::size_t i = 0; i < x.size(); ++i)
    ASSERT_NEAR(x[i], expected[i], 1e-6 + 1e-5 * std::fabs(expected[i]));
}

TEST(GoldenFixtureStats, WhiteNoise) {
  const auto path = test::golden_file("white_noise.wav");
  ASSERT_FALSE(path.empty());
  auto audio = read_audio(path);
  ASSERT_TRUE(audio.ok());
  const auto& x = audio->channels[0];
  double sum = 0.0;
  double sum_sq = 0.0;
  for (float v : x) {
    sum += v;
    sum_sq += double(v) * v;
  }
  const double mean = sum / static_cast<double>(x.size());
  EXPECT_LT(std::fabs(mean), 0.05);
  EXPECT_NEAR(std::sqrt(sum_sq / static_cast<double>(x.size()) - mean * mean), 0.3, 0.05);
}

}  // namespace
}  // namespace afterglow::io
