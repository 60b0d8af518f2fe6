#include "afterglow/render/grading.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "support/signals.h"

namespace afterglow::render {
namespace {

config::CurationThresholds shipped() {
  config::CurationThresholds t;
  t.min_rms_db = -60.0;
  t.clipping_tolerance = 0.01;
  t.max_crest_factor = 25.0;
  return t;
}

io::AudioBuffer mono(std::vector<float> x, double rate = test::kTestRate) {
  io::AudioBuffer b;
  b.sample_rate = rate;
  b.channels.push_back(std::move(x));
  return b;
}

// Reference §13 "Grading" (-60 / 0.01 / 25).
TEST(GradeAudio, ReferenceCases) {
  const auto t = shipped();
  EXPECT_EQ(grade_audio(-20.0, 0.8, 10.0, -40.0, t), Grade::kA);
  EXPECT_EQ(grade_audio(-20.0, 0.8, 10.0, -10.0, t), Grade::kB);
  EXPECT_EQ(grade_audio(-20.0, 0.8, 20.0, -40.0, t), Grade::kB);
  EXPECT_EQ(grade_audio(-70.0, 0.8, 10.0, -40.0, t), Grade::kF);
  EXPECT_EQ(grade_audio(-20.0, 1.0, 10.0, -40.0, t), Grade::kF);
  EXPECT_EQ(grade_audio(-20.0, 0.8, 50.0, -40.0, t), Grade::kF);
}

TEST(GradeAudio, BoundariesAndMissingValues) {
  const auto t = shipped();
  EXPECT_EQ(grade_audio(-20.0, 0.99, 10.0, std::nullopt, t), Grade::kF);         // peak >= 1 - c
  EXPECT_EQ(grade_audio(-20.0, 0.98, 10.0, std::nullopt, t), Grade::kA);         // no seam: A possible
  EXPECT_EQ(grade_audio(-45.0, 0.8, 10.0, std::nullopt, t), Grade::kB);          // rms must exceed m + 15
  EXPECT_EQ(grade_audio(-20.0, 0.8, 15.0, std::nullopt, t), Grade::kB);          // crest must be < 0.6 k
  EXPECT_EQ(grade_audio(-20.0, 0.8, 25.0, std::nullopt, t), Grade::kB);          // crest == k is not F
  EXPECT_EQ(grade_audio(std::nullopt, 0.5, 3.0, std::nullopt, t), Grade::kF);    // missing rms: -120
  EXPECT_EQ(grade_audio(-20.0, 0.5, std::nullopt, std::nullopt, t), Grade::kF);  // missing crest: inf
  EXPECT_EQ(grade_audio(-20.0, std::nullopt, 3.0, std::nullopt, t), Grade::kA);  // missing peak: 0
  EXPECT_EQ(grade_audio(std::nan(""), 0.5, 3.0, std::nullopt, t), Grade::kF);
}

TEST(MeasureAudio, SineLevelsCentroidAndPitch) {
  const auto m =
      measure_audio(mono(test::sine(440.0, 0.5, 44100)), {.estimate_pitch = true, .is_loop = false});
  EXPECT_NEAR(m.duration_sec, 1.0, 1e-12);
  EXPECT_NEAR(m.rms_db, 20.0 * std::log10(0.5 / std::sqrt(2.0)), 0.01);
  EXPECT_NEAR(m.peak, 0.5, 1e-3);
  EXPECT_NEAR(m.crest_factor, std::sqrt(2.0), 0.01);
  EXPECT_NEAR(m.centroid_hz, 440.0, 60.0);
  ASSERT_TRUE(m.est_freq_hz.has_value());
  EXPECT_NEAR(*m.est_freq_hz, 440.0, 2.0);
  EXPECT_FALSE(m.loop_error_db.has_value());  // a one-shot has no seam
}

TEST(MeasureAudio, SilenceHasInfiniteCrestAndGradesF) {
  const auto m = measure_audio(mono(test::silence(4410)), {.estimate_pitch = true, .is_loop = true});
  EXPECT_TRUE(std::isinf(m.crest_factor));
  EXPECT_EQ(m.rms_db, -80.0);
  EXPECT_FALSE(m.est_freq_hz.has_value());
  EXPECT_EQ(grade_audio(m, shipped()), Grade::kF);
}

TEST(MeasureAudio, StereoIsMeasuredOnTheDownmix) {
  io::AudioBuffer b;
  b.sample_rate = test::kTestRate;
  b.channels = {test::sine(1000.0, 0.5, 22050), test::sine(1000.0, 0.5, 22050)};
  const auto m = measure_audio(b, {.estimate_pitch = true, .is_loop = false});
  EXPECT_NEAR(m.centroid_hz, 1000.0, 100.0);
  ASSERT_TRUE(m.est_freq_hz.has_value());
  EXPECT_NEAR(*m.est_freq_hz, 1000.0, 3.0);
}

TEST(LoopError, SeamlessSineLoopScoresWellAndGradesA) {
  // 441 Hz at 44.1 kHz: exactly 100 samples a period, so 2 s wrap without a seam.
  const auto loop = test::sine(441.0, 0.5, 88200);
  const auto error = loop_error_db(loop);
  ASSERT_TRUE(error.has_value());
  EXPECT_LT(*error, -30.0);
  const auto m = measure_audio(mono(loop), {.estimate_pitch = true, .is_loop = true});
  EXPECT_EQ(grade_audio(m, shipped()), Grade::kA);
}

TEST(LoopError, SeamlessNoiseLoopScoresWell) {
  const auto error = loop_error_db(test::noise(0.1, 88200, 7));
  ASSERT_TRUE(error.has_value());
  EXPECT_LT(*error, -30.0);
}

TEST(LoopError, LoopCutMidCycleScoresBadly) {
  // 50.25 periods: the wrap jumps from the crest back to zero.
  const auto loop = test::sine(441.0, 0.5, 5025);
  const auto error = loop_error_db(loop);
  ASSERT_TRUE(error.has_value());
  EXPECT_GT(*error, -30.0);
  EXPECT_EQ(grade_audio(measure_audio(mono(loop), {.estimate_pitch = false, .is_loop = true}), shipped()),
            Grade::kB);
}

TEST(LoopError, KinkAtAZeroCrossingScoresBadly) {
  // 50.5 periods: no step, but the slope reverses at the wrap.
  const auto error = loop_error_db(test::sine(441.0, 0.5, 5050));
  ASSERT_TRUE(error.has_value());
  EXPECT_GT(*error, -30.0);
}

TEST(LoopError, FadedTailScoresBadly) {
  // The original's loop: a seamless cycle whose tail fades to silence, a dip at every repeat.
  auto loop = test::sine(441.0, 0.5, 88200);
  const std::size_t fade = 4410;
  for (std::size_t i = 0; i < fade; ++i) {
    loop[loop.size() - fade + i] *= static_cast<float>(1.0 - static_cast<double>(i) / (fade - 1));
  }
  const auto error = loop_error_db(loop);
  ASSERT_TRUE(error.has_value());
  EXPECT_GT(*error, -30.0);
}

TEST(LoopError, NoSeamForTinyBuffers) {
  EXPECT_FALSE(loop_error_db(test::sine(441.0, 0.5, 7)).has_value());
  EXPECT_EQ(seam_length(8), 1u);
  EXPECT_EQ(seam_length(1'000'000), 2048u);
}

}  // namespace
}  // namespace afterglow::render
