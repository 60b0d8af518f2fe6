// Rules afterglow-engine does not check but should (reference §10.2 "Not checked", and its crash
// cases): here each is an ordinary error with the key path.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_error;
using testing::load;

void expect_single_error(const char* yaml, const char* key, const char* text) {
  SCOPED_TRACE(yaml);
  SceneLoad l = load(yaml);
  EXPECT_FALSE(l.ok());
  EXPECT_EQ(l.diagnostics.error_count(), 1u) << dump(l);
  EXPECT_TRUE(has_error(l, key, text)) << dump(l);
}

TEST(ExtraRules, BoolFlagsMustBeBools) {
  expect_single_error("export:\n  clouds_stereo: 1\n", "export.clouds_stereo", "true or false (got 1)");
  expect_single_error("export:\n  pads_stereo: \"true\"\n", "export.pads_stereo", "(got \"true\")");
  expect_single_error("drones:\n  enable_reversal: sometimes\n", "drones.enable_reversal", "true or false");
  expect_single_error("hiss:\n  use_bandpass: 0\n", "hiss.use_bandpass", "true or false");
  // YAML 1.1 spellings mean the same as in afterglow-engine.
  SceneLoad yes = load("export:\n  clouds_stereo: yes\n  pads_stereo: off\n");
  ASSERT_TRUE(yes.ok()) << dump(yes);
  EXPECT_TRUE(yes.scene->export_.clouds_stereo);
  EXPECT_FALSE(yes.scene->export_.pads_stereo);
}

TEST(ExtraRules, BrightnessLowMustBeBelowHigh) {
  expect_single_error("brightness_tags:\n  centroid_low_hz: 4000\n  centroid_high_hz: 1200\n",
                      "brightness_tags.centroid_high_hz", "above `brightness_tags.centroid_low_hz` (4000)");
  expect_single_error("brightness_tags:\n  centroid_low_hz: 2000\n  centroid_high_hz: 2000\n",
                      "brightness_tags.centroid_high_hz", "above");
}

TEST(ExtraRules, TremoloDepthIsZeroToOne) {
  expect_single_error("hiss:\n  tremolo_depth: 1.5\n", "hiss.tremolo_depth", "between 0 and 1 (got 1.5)");
  expect_single_error("hiss:\n  tremolo_depth: -0.1\n", "hiss.tremolo_depth", "between 0 and 1");
}

TEST(ExtraRules, SeedMustBeAnInteger) {
  expect_single_error("reproducibility:\n  random_seed: 4.2\n", "reproducibility.random_seed",
                      "whole number");
  expect_single_error("reproducibility:\n  random_seed: abc\n", "reproducibility.random_seed",
                      "(got \"abc\")");
  expect_single_error("engine:\n  seed: 1.5\n", "engine.seed", "whole number");
  SceneLoad ok = load("reproducibility:\n  random_seed: 808\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.scene->seed(), 808);
}

TEST(ExtraRules, BandPassEdgesBelowNyquistAndOrdered) {
  expect_single_error("global:\n  sample_rate: 22050\n", "hiss.bandpass_high_hz",
                      "(14000 Hz, the default) must be below the Nyquist frequency 11025");
  expect_single_error("hiss:\n  bandpass_high_hz: 23000\n", "hiss.bandpass_high_hz",
                      "below the Nyquist frequency 22050 Hz (half of global.sample_rate 44100)");
  expect_single_error("hiss:\n  bandpass_low_hz: 9000\n  bandpass_high_hz: 8000\n", "hiss.bandpass_high_hz",
                      "above `hiss.bandpass_low_hz` (9000)");
  // The band is only used with use_bandpass, so its edges only matter then.
  SceneLoad off = load("hiss:\n  use_bandpass: false\n  bandpass_high_hz: 23000\n");
  EXPECT_TRUE(off.ok()) << dump(off);
}

TEST(ExtraRules, NyquistUsesTheLowerOfRenderAndEngineRates) {
  expect_single_error("engine:\n  sample_rate: 16000\n", "hiss.bandpass_high_hz",
                      "half of engine.sample_rate");
  expect_single_error("engine:\n  sample_rate: 96000\nclouds:\n  lowpass_hz: 30000\n", "clouds.lowpass_hz",
                      "22050 Hz (half of global.sample_rate 44100)");
  expect_single_error("drones:\n  warm_lowpass_hz: 25000\n", "drones.warm_lowpass_hz", "Nyquist");
}

TEST(ExtraRules, GrainPoolAtLeastOne) {
  expect_single_error("clouds:\n  grains_per_cloud: -3\n", "clouds.grains_per_cloud", ">= 1");
  expect_single_error("clouds:\n  grains_per_cloud: 2.5\n", "clouds.grains_per_cloud", "whole number");
}

TEST(ExtraRules, FadesAreNotNegativeAndZeroIsAllowed) {
  expect_single_error("drones:\n  fade_in_sec: -1\n", "drones.fade_in_sec", ">= 0 s");
  expect_single_error("drones:\n  fade_out_sec: -0.5\n", "drones.fade_out_sec", ">= 0 s");
  expect_single_error("pad_miner:\n  loop_crossfade_ms: -10\n", "pad_miner.loop_crossfade_ms", ">= 0 ms");
  SceneLoad zero = load("drones:\n  fade_out_sec: 0\n");  // crashes the original; a plain cut here
  EXPECT_TRUE(zero.ok()) << dump(zero);
}

TEST(ExtraRules, TypeErrorsNameTheKeyAndTheValue) {
  expect_single_error("clouds:\n  cloud_duration_sec: long\n", "clouds.cloud_duration_sec",
                      "must be a number (got \"long\")");
  expect_single_error("clouds:\n  cloud_duration_sec: [1, 2]\n", "clouds.cloud_duration_sec", "(got a list)");
  expect_single_error("clouds:\n  cloud_duration_sec:\n", "clouds.cloud_duration_sec", "has no value");
  expect_single_error("clouds:\n  cloud_duration_sec: .nan\n", "clouds.cloud_duration_sec", "finite");
  expect_single_error("drones:\n  pad_variants: warm\n", "drones.pad_variants", "list of text");
  expect_single_error("drones:\n  pitch_shift_semitones: [0, 7.5]\n", "drones.pitch_shift_semitones",
                      "whole semitones");
}

TEST(ExtraRules, NonNumericWindowOrHopIsAnErrorNotACrash) {
  expect_single_error("pre_analysis:\n  analysis_window_sec: one\n", "pre_analysis.analysis_window_sec",
                      "must be a number");
  expect_single_error("pre_analysis:\n  analysis_hop_sec: {a: 1}\n", "pre_analysis.analysis_hop_sec",
                      "(got a mapping)");
  expect_single_error("pad_miner:\n  window_hop_sec: half\n", "pad_miner.window_hop_sec", "must be a number");
}

TEST(ExtraRules, EveryErrorIsCollected) {
  SceneLoad l = load(
      "clouds:\n  grain_length_min_ms: -1\n  overlap_ratio: 2\n"
      "hiss:\n  tremolo_depth: 3\n  flicker_count: -1\n"
      "tr8s:\n  kit_name: my kit\n  bit_depth: 8\n");
  EXPECT_EQ(l.diagnostics.error_count(), 6u) << dump(l);
}

}  // namespace
}  // namespace afterglow::config
