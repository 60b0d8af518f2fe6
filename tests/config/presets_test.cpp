// afterglow-engine's presets (reference §10.3), reconstructed in tests/config/data/: the original
// crashes on several of them; here each loads, and what the original would trip over is reported.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_warning;
using testing::source_path;

SceneLoad load_preset(const std::string& name) {
  return load_scene_file(source_path("tests/config/data/" + name + ".yaml"));
}

TEST(Presets, MinimalLoadsAndReportsTheMissingHissAndCurationKeys) {
  SceneLoad l = load_preset("config_minimal");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->pad_miner.target_durations_sec, std::vector<double>{2.5});
  EXPECT_TRUE(l.scene->drones.pad_variants.empty());
  EXPECT_FALSE(l.scene->pre_analysis.enabled);
  // make-hiss crashes on this in the original; here the default (true) is used.
  EXPECT_TRUE(has_warning(l, "hiss.use_synthetic_noise", "afterglow-engine stops with an error")) << dump(l);
  EXPECT_TRUE(l.scene->hiss.use_synthetic_noise);
  EXPECT_TRUE(has_warning(l, "curation.thresholds.clipping_tolerance", "0.0 is used")) << dump(l);
  EXPECT_DOUBLE_EQ(l.scene->curation.thresholds.clipping_tolerance, 0.0);
}

TEST(Presets, FastSketch) {
  SceneLoad l = load_preset("config_fast_sketch");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->global.output_bit_depth, 16);
  EXPECT_TRUE(l.scene->curation.auto_delete_grade_f);
  EXPECT_DOUBLE_EQ(l.scene->clouds.pitch_shift_range.min, 0.0);
  EXPECT_DOUBLE_EQ(l.scene->clouds.pitch_shift_range.max, 0.0);
  EXPECT_TRUE(has_warning(l, "hiss.use_synthetic_noise"));
  EXPECT_TRUE(has_warning(l, "curation.thresholds.clipping_tolerance"));
}

TEST(Presets, DenseClouds) {
  SceneLoad l = load_preset("config_dense_clouds");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->clouds.grains_per_cloud, 600);
  EXPECT_DOUBLE_EQ(l.scene->clouds.cloud_duration_sec, 12.0);
  EXPECT_DOUBLE_EQ(l.scene->clouds.pitch_shift_range.max, 12.0);
  EXPECT_DOUBLE_EQ(l.scene->clouds.effective_target_peak_dbfs(l.scene->global), -6.0);
  EXPECT_EQ(l.scene->seed(), 808);
  EXPECT_TRUE(has_warning(l, "hiss.use_synthetic_noise"));
}

TEST(Presets, ImpossibleHasNoCloudsSectionAndGetsTheDefaults) {
  SceneLoad l = load_preset("config_impossible");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_TRUE(has_warning(l, "clouds", "--make-clouds stops with an error")) << dump(l);
  EXPECT_EQ(l.scene->clouds.grains_per_cloud, CloudsConfig{}.grains_per_cloud);
  EXPECT_EQ(l.scene->pad_miner.target_durations_sec.size(), 8u);
  EXPECT_EQ(l.scene->pad_miner.max_candidates_per_file, 12);
  EXPECT_EQ(l.scene->drones.pitch_shift_semitones.size(), 8u);
  EXPECT_EQ(l.scene->drones.time_stretch_factors.size(), 6u);
  EXPECT_EQ(l.scene->seed(), 42);
}

TEST(Presets, DytiqChordsHasNoHissSectionAndGetsTheDefaults) {
  SceneLoad l = load_preset("config_dytiq_chords");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_TRUE(has_warning(l, "hiss", "--make-hiss stops with an error")) << dump(l);
  EXPECT_TRUE(l.scene->drones.pad_variants.empty());
  EXPECT_FALSE(l.scene->drones.enable_reversal);
  EXPECT_TRUE(l.scene->hiss.use_synthetic_noise);
  EXPECT_EQ(*l.scene->export_dir(),
            source_path("tests/config/data/export/tr8s_dytiq_chords").lexically_normal());
}

TEST(Presets, MissingBitDepthDefaultsTo24WithAWarning) {
  SceneLoad l = testing::load("global:\n  sample_rate: 44100\n  target_peak_dbfs: -1.0\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->global.output_bit_depth, 24);
  EXPECT_TRUE(has_warning(l, "global.output_bit_depth", "the default 24 is used")) << dump(l);
}

TEST(Presets, MissingRequiredKeysAreOnlyReportedForAfterglowConfigs) {
  // A live scene tuning one clouds key relies on the defaults for the rest on purpose.
  SceneLoad live = testing::load("layers:\n  - type: cloud\nclouds:\n  grains_per_cloud: 50\n");
  ASSERT_TRUE(live.ok()) << dump(live);
  EXPECT_EQ(live.diagnostics.size(), 0u) << dump(live);
  // The same in an afterglow config names every key the original needs.
  SceneLoad compat = testing::load("global:\n  sample_rate: 44100\nclouds:\n  grains_per_cloud: 50\n");
  ASSERT_TRUE(compat.ok()) << dump(compat);
  EXPECT_TRUE(has_warning(compat, "clouds.overlap_ratio", "missing"));
  EXPECT_TRUE(has_warning(compat, "paths", "section missing"));
}

}  // namespace
}  // namespace afterglow::config
