// Old key names still work: the value lands in the new field and a warning names the new key.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_warning;
using testing::load;

TEST(LegacyKeys, TargetDurationScalarBecomesTheList) {
  SceneLoad l = load("pad_miner:\n  target_duration_sec: 3.5\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->pad_miner.target_durations_sec, std::vector<double>{3.5});
  EXPECT_TRUE(has_warning(l, "pad_miner.target_duration_sec", "use `pad_miner.target_durations_sec`"));
}

TEST(LegacyKeys, ScalarTargetDurationsIsWrapped) {
  SceneLoad l = load("pad_miner:\n  target_durations_sec: 4\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->pad_miner.target_durations_sec, std::vector<double>{4.0});
}

TEST(LegacyKeys, CrossfadeMs) {
  SceneLoad l = load("pad_miner:\n  crossfade_ms: 80\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_DOUBLE_EQ(l.scene->pad_miner.loop_crossfade_ms, 80.0);
  EXPECT_TRUE(has_warning(l, "pad_miner.crossfade_ms", "deprecated; use `pad_miner.loop_crossfade_ms`"));
}

TEST(LegacyKeys, NewKeyWinsOverLegacyWithAWarning) {
  SceneLoad l = load("pad_miner:\n  loop_crossfade_ms: 120\n  crossfade_ms: 80\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_DOUBLE_EQ(l.scene->pad_miner.loop_crossfade_ms, 120.0);
  EXPECT_TRUE(has_warning(l, "pad_miner.crossfade_ms", "ignored because `pad_miner.loop_crossfade_ms`"));
}

TEST(LegacyKeys, MaxPitchShiftBecomesASymmetricRange) {
  SceneLoad l = load("clouds:\n  max_pitch_shift_semitones: 5\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_DOUBLE_EQ(l.scene->clouds.pitch_shift_range.min, -5.0);
  EXPECT_DOUBLE_EQ(l.scene->clouds.pitch_shift_range.max, 5.0);
  EXPECT_TRUE(has_warning(l, "clouds.max_pitch_shift_semitones", "`clouds.pitch_shift_range`"));
}

TEST(LegacyKeys, PitchRangeDefaultsFollowTheOriginal) {
  SceneLoad none = load("clouds:\n  grains_per_cloud: 10\n");
  ASSERT_TRUE(none.ok());
  EXPECT_DOUBLE_EQ(none.scene->clouds.pitch_shift_range.max, 7.0);  // legacy default ±7
  SceneLoad partial = load("clouds:\n  pitch_shift_range: {min: -2}\n");
  ASSERT_TRUE(partial.ok()) << dump(partial);
  EXPECT_DOUBLE_EQ(partial.scene->clouds.pitch_shift_range.min, -2.0);
  EXPECT_DOUBLE_EQ(partial.scene->clouds.pitch_shift_range.max, 8.0);  // missing member: ±8
}

TEST(LegacyKeys, HissBandEdges) {
  SceneLoad l = load("hiss:\n  band_low_hz: 3000\n  band_high_hz: 12000\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_DOUBLE_EQ(l.scene->hiss.bandpass_low_hz, 3000.0);
  EXPECT_DOUBLE_EQ(l.scene->hiss.bandpass_high_hz, 12000.0);
  EXPECT_TRUE(has_warning(l, "hiss.band_low_hz", "`hiss.bandpass_low_hz`"));
  EXPECT_TRUE(has_warning(l, "hiss.band_high_hz", "`hiss.bandpass_high_hz`"));
}

TEST(LegacyKeys, LegacyBandEdgeIsStillRangeChecked) {
  SceneLoad l = load("hiss:\n  band_high_hz: 30000\n");
  EXPECT_FALSE(l.ok());
  EXPECT_TRUE(testing::has_error(l, "hiss.band_high_hz", "Nyquist")) << dump(l);
}

TEST(LegacyKeys, BurstDurationsBecomeFlickerLengths) {
  SceneLoad l = load("hiss:\n  burst_duration_min_ms: 20\n  burst_duration_max_ms: 250\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_DOUBLE_EQ(l.scene->hiss.flicker_min_ms, 20.0);
  EXPECT_DOUBLE_EQ(l.scene->hiss.flicker_max_ms, 250.0);
  EXPECT_TRUE(has_warning(l, "hiss.burst_duration_min_ms", "`hiss.flicker_min_ms`"));
  EXPECT_TRUE(has_warning(l, "hiss.burst_duration_max_ms", "`hiss.flicker_max_ms`"));
}

}  // namespace
}  // namespace afterglow::config
