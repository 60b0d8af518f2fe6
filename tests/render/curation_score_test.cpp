#include "afterglow/render/curation_score.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/signals.h"

namespace afterglow::render {
namespace {

io::AudioBuffer mono(std::vector<float> x) {
  io::AudioBuffer b;
  b.sample_rate = test::kTestRate;
  b.channels.push_back(std::move(x));
  return b;
}

TEST(CurationScore, CategoriesFollowTheOriginalsNameRulesPlusClouds) {
  using C = CurateCategory;
  EXPECT_EQ(classify_for_curation("rain_drum_001.wav"), C::kDrums);
  EXPECT_EQ(classify_for_curation("DRUM_KICK.WAV"), C::kDrums);     // any case
  EXPECT_EQ(classify_for_curation("drum_loop.wav"), std::nullopt);  // drums exclude "loop", pads "drum"
  EXPECT_EQ(classify_for_curation("rain_silence_002.wav"), C::kSilences);
  EXPECT_EQ(classify_for_curation("hiss_loop_rain_01.wav"), C::kHiss);
  EXPECT_EQ(classify_for_curation("rain_original_swell01.wav"), C::kSwells);
  EXPECT_EQ(classify_for_curation("rain_pad01_bright.wav"), C::kPads);
  EXPECT_EQ(classify_for_curation("rain_original_loop_warm.wav"), C::kPads);
  EXPECT_EQ(classify_for_curation("cloud_padsource_01.wav"), C::kClouds);  // the original filed it under pads
  EXPECT_EQ(classify_for_curation("room_silence_hiss.wav"), C::kSilences);  // one category only
  EXPECT_EQ(classify_for_curation("vocal.wav"), std::nullopt);
  EXPECT_EQ(classify_for_curation("drum.aif"), std::nullopt);
  EXPECT_EQ(classify_for_curation("drum.wav.txt"), std::nullopt);
}

TEST(CurationScore, ASilentDrumScoresMinusEighteen) {
  const auto f = measure_for_curation(mono(test::silence(4410)));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->crest, 0.0);
  EXPECT_NEAR(curation_score(CurateCategory::kDrums, *f), -18.0, 1e-9);
}

TEST(CurationScore, DrumScoreIsTwiceCrestPlusATenthOfLevelAndClippingCostsAHundred) {
  // A square wave of 0.5: crest 1, rms_db = 20 log10(0.5 + 1e-9).
  std::vector<float> square(4410);
  for (std::size_t i = 0; i < square.size(); ++i) square[i] = (i / 10) % 2 == 0 ? 0.5f : -0.5f;
  auto f = measure_for_curation(mono(square));
  ASSERT_TRUE(f.ok());
  EXPECT_NEAR(f->crest, 1.0, 1e-9);
  EXPECT_NEAR(curation_score(CurateCategory::kDrums, *f), 2.0 + 0.1 * 20.0 * std::log10(0.5 + 1e-9), 1e-6);
  for (float& x : square) x *= 1.99f;  // peak 0.995
  f = measure_for_curation(mono(square));
  EXPECT_NEAR(curation_score(CurateCategory::kDrums, *f),
              -100.0 + 2.0 + 0.1 * 20.0 * std::log10(0.995 + 1e-9), 1e-4);
}

TEST(CurationScore, PadsPreferLongTonalAndLoudEnough) {
  const auto tone = measure_for_curation(mono(test::sine(440.0, 0.5, 88200)));
  const auto noise = measure_for_curation(mono(test::noise(0.2, 88200)));
  const auto quiet = measure_for_curation(mono(test::sine(440.0, 0.001, 88200)));
  ASSERT_TRUE(tone.ok() && noise.ok() && quiet.ok());
  const double s_tone = curation_score(CurateCategory::kPads, *tone);
  EXPECT_NEAR(s_tone, -20.0 * tone->mean_flatness + 4.0, 1e-9);
  EXPECT_GT(s_tone, curation_score(CurateCategory::kPads, *noise));
  EXPECT_NEAR(curation_score(CurateCategory::kPads, *quiet), -20.0 * quiet->mean_flatness - 50.0 + 4.0, 1e-9);
}

TEST(CurationScore, SwellsHiddenAndSilencesFollowTheirFormulas) {
  std::vector<float> swell = test::sine(220.0, 1.0, 44100);
  for (std::size_t i = 0; i < swell.size(); ++i) swell[i] *= static_cast<float>(i) / swell.size();
  const auto sw = measure_for_curation(mono(swell));
  ASSERT_TRUE(sw.ok());
  EXPECT_GT(sw->frame_rms_variance, 0.01);
  EXPECT_NEAR(curation_score(CurateCategory::kSwells, *sw), 1000.0 * sw->frame_rms_variance, 1e-9);
  EXPECT_EQ(
      curation_score(CurateCategory::kSwells, *measure_for_curation(mono(test::sine(220.0, 1.0, 2048)))),
      -100.0);

  const auto room = measure_for_curation(mono(test::noise(0.003, 44100)));  // about -50 dB
  ASSERT_TRUE(room.ok());
  EXPECT_NEAR(curation_score(CurateCategory::kSilences, *room), std::log10(room->mean_centroid_hz), 1e-9);
  const auto loud = measure_for_curation(mono(test::noise(0.3, 44100)));
  EXPECT_NEAR(curation_score(CurateCategory::kSilences, *loud), -50.0 + std::log10(loud->mean_centroid_hz),
              1e-9);
  EXPECT_NEAR(curation_score(CurateCategory::kHiss, *loud), loud->mean_centroid_hz / 1000.0, 1e-12);
}

TEST(CurationScore, AnEmptyBufferIsRefused) {
  EXPECT_EQ(measure_for_curation(mono({})).error().kind(), ErrorKind::kInvalidValue);
}

}  // namespace
}  // namespace afterglow::render
