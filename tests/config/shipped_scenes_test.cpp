// The scenes shipped in scenes/ must load without a single error.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_warning;
using testing::source_path;

TEST(ShippedScenes, AfterglowCompatibleLoadsWithTheOriginalsShippedValues) {
  SceneLoad l = load_scene_file(source_path("scenes/afterglow-compatible.yaml"));
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.diagnostics.error_count(), 0u);
  const Scene& s = *l.scene;
  EXPECT_EQ(s.global.sample_rate, 44100);
  EXPECT_EQ(s.global.output_bit_depth, 24);
  EXPECT_EQ(s.pad_miner.target_durations_sec, (std::vector<double>{1.5, 2.5, 3.5, 4.5}));
  EXPECT_DOUBLE_EQ(s.pad_miner.loop_crossfade_ms, 120.0);
  EXPECT_EQ(s.drones.pitch_shift_semitones, (std::vector<int>{0, 5, 7, 12, -5}));
  EXPECT_EQ(s.clouds.grains_per_cloud, 300);
  EXPECT_DOUBLE_EQ(s.clouds.pitch_shift_range.min, -5.0);
  EXPECT_DOUBLE_EQ(s.clouds.pitch_shift_range.max, 5.0);
  ASSERT_TRUE(s.clouds.lowpass_hz.has_value());
  EXPECT_DOUBLE_EQ(*s.clouds.lowpass_hz, 7000.0);
  EXPECT_DOUBLE_EQ(s.hiss.bandpass_high_hz, 15000.0);
  EXPECT_TRUE(s.export_.clouds_stereo);
  EXPECT_DOUBLE_EQ(s.curation.thresholds.clipping_tolerance, 0.01);
  EXPECT_TRUE(s.musicality.detect_bpm);
  EXPECT_FALSE(s.reproducibility.random_seed.has_value());
  EXPECT_EQ(s.musicality.bar_lengths, (std::vector<double>{1, 2, 4}));
}

TEST(ShippedScenes, AfterglowCompatibleWarnsOnlyAboutKeysWithoutEffect) {
  SceneLoad l = load_scene_file(source_path("scenes/afterglow-compatible.yaml"));
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.diagnostics.warning_count(), 4u) << dump(l);
  EXPECT_TRUE(has_warning(l, "export.swells_stereo", "no effect"));
  EXPECT_TRUE(has_warning(l, "export.hiss_stereo", "no effect"));
  EXPECT_TRUE(has_warning(l, "pre_analysis.skip_clipped_regions", "no effect"));
  EXPECT_TRUE(has_warning(l, "pre_analysis.skip_transient_regions", "no effect"));
}

TEST(ShippedScenes, AfterglowCompatibleFoldersBecomeSourcesBesideTheScene) {
  SceneLoad l = load_scene_file(source_path("scenes/afterglow-compatible.yaml"));
  ASSERT_TRUE(l.ok()) << dump(l);
  const Scene& s = *l.scene;
  ASSERT_EQ(s.sources.size(), 3u);
  EXPECT_EQ(s.sources[0].role, SourceRole::kSource);
  EXPECT_EQ(s.resolve(s.sources[0].path), source_path("scenes/source_audio").lexically_normal());
  EXPECT_EQ(s.sources[1].role, SourceRole::kPads);
  EXPECT_EQ(s.sources[2].role, SourceRole::kDrums);
  EXPECT_TRUE(s.sources[2].from_paths_section);
  ASSERT_TRUE(s.export_dir().has_value());
  EXPECT_EQ(*s.export_dir(), source_path("scenes/export/tr8s").lexically_normal());
}

TEST(ShippedScenes, DefaultSceneLoadsCleanlyWithDemoMaterial) {
  SceneLoad l = load_scene_file(source_path("scenes/default.yaml"));
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.diagnostics.size(), 0u) << dump(l);
  const Scene& s = *l.scene;
  ASSERT_EQ(s.sources.size(), 3u);
  EXPECT_EQ(s.sources[0].demo, DemoMaterial::kPad);
  EXPECT_EQ(s.sources[0].role, SourceRole::kPads);
  EXPECT_EQ(s.sources[1].demo, DemoMaterial::kDrums);
  EXPECT_EQ(s.sources[2].demo, DemoMaterial::kAir);
  ASSERT_EQ(s.layers.size(), 3u);
  EXPECT_EQ(s.layers[0].type, LayerType::kDrone);
  EXPECT_EQ(s.layers[1].type, LayerType::kCloud);
  EXPECT_EQ(s.layers[2].type, LayerType::kHiss);
  EXPECT_EQ(s.engine.sample_rate, 48000);
  EXPECT_EQ(s.osc.port, 9000);
  EXPECT_EQ(s.tr8s.kit_name, "AFTERGLOW");
  EXPECT_FALSE(s.export_dir().has_value());  // the command chooses: ./export or --out
}

class ExampleScene : public ::testing::TestWithParam<const char*> {};

TEST_P(ExampleScene, LoadsWithoutErrors) {
  SceneLoad l = load_scene_file(source_path(std::string("scenes/examples/") + GetParam()));
  EXPECT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.diagnostics.size(), 0u) << dump(l);
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleScene,
                         ::testing::Values("minimal.yaml", "dense-clouds.yaml", "live-control.yaml"));

}  // namespace
}  // namespace afterglow::config
