// Keys the schema does not know, and keys it knows but that change nothing, are warnings.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_error;
using testing::has_warning;
using testing::load;

TEST(UnknownKeys, MisspeltKeyGetsADidYouMean) {
  SceneLoad l = load("clouds:\n  grains_per_clowd: 300\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_TRUE(has_warning(l, "clouds.grains_per_clowd", "did you mean `grains_per_cloud`?")) << dump(l);
  EXPECT_EQ(l.diagnostics.items()[0].line, 2);
  EXPECT_EQ(l.diagnostics.items()[0].column, 3);
}

TEST(UnknownKeys, MisspeltSectionGetsADidYouMean) {
  SceneLoad l = load("cloud:\n  grains_per_cloud: 300\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_TRUE(has_warning(l, "cloud", "did you mean `clouds`?")) << dump(l);
}

TEST(UnknownKeys, UnrelatedKeyHasNoSuggestion) {
  SceneLoad l = load("engine:\n  colour: blue\n");
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(has_warning(l, "engine.colour", "unknown key, ignored"));
  EXPECT_EQ(l.diagnostics.items()[0].message.find("did you mean"), std::string::npos);
}

TEST(UnknownKeys, MisspeltEnumValueIsAnErrorWithASuggestion) {
  SceneLoad l = load("engine:\n  backend: jakc\n");
  EXPECT_TRUE(has_error(l, "engine.backend", "did you mean `jack`?")) << dump(l);
}

TEST(NoEffectKeys, ValidatedButUnusedKeysWarn) {
  const char* keys[][2] = {
      {"pad_miner:\n  min_duration_sec: 2\n", "pad_miner.min_duration_sec"},
      {"pad_miner:\n  expand_segment_sec: 1\n", "pad_miner.expand_segment_sec"},
      {"clouds:\n  grains_per_sec: 50\n", "clouds.grains_per_sec"},
      {"clouds:\n  filter_length_samples: 1024\n", "clouds.filter_length_samples"},
      {"export:\n  swells_stereo: true\n", "export.swells_stereo"},
      {"export:\n  hiss_stereo: true\n", "export.hiss_stereo"},
      {"pre_analysis:\n  skip_clipped_regions: true\n", "pre_analysis.skip_clipped_regions"},
      {"pre_analysis:\n  skip_transient_regions: true\n", "pre_analysis.skip_transient_regions"},
      {"curation:\n  thresholds:\n    max_rms_db: -3\n", "curation.thresholds.max_rms_db"},
      {"curation:\n  thresholds:\n    max_dc_offset: 0.1\n", "curation.thresholds.max_dc_offset"},
      {"drones:\n  target_duration_sec: 4\n", "drones.target_duration_sec"},
      {"swells:\n  attack_sec: 1\n", "swells.attack_sec"},
      {"drone_maker:\n  loop_crossfade_ms: 50\n", "drone_maker.loop_crossfade_ms"},
      {"granular_maker:\n  pitch_shift_range: {min: -3, max: 3}\n", "granular_maker.pitch_shift_range"},
      {"drum_miner:\n  slice_mode: onset\n", "drum_miner.slice_mode"},
  };
  for (const auto& k : keys) {
    SCOPED_TRACE(k[0]);
    SceneLoad l = load(k[0]);
    EXPECT_TRUE(l.ok()) << dump(l);
    EXPECT_TRUE(has_warning(l, k[1], "has no effect")) << dump(l);
  }
}

TEST(NoEffectKeys, StillRangeCheckedAsTheOriginalDoes) {
  SceneLoad l = load("export:\n  hiss_stereo: 2\n");
  EXPECT_TRUE(has_error(l, "export.hiss_stereo", "true or false")) << dump(l);
}

}  // namespace
}  // namespace afterglow::config
