// Every rule afterglow-engine's validate_config enforces (reference §10.2) and the config cases of
// §13.1: the same value is refused here, with the key path and the allowed range in the message.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_error;
using testing::has_warning;
using testing::load;

struct Case {
  const char* yaml;
  const char* key;
  const char* text;  // part of the message
};

// Each case must produce exactly one error, at `key`, mentioning `text`.
void expect_single_error(const Case& c) {
  SCOPED_TRACE(c.yaml);
  SceneLoad l = load(c.yaml);
  EXPECT_FALSE(l.ok());
  EXPECT_EQ(l.diagnostics.error_count(), 1u) << dump(l);
  EXPECT_TRUE(has_error(l, c.key, c.text)) << dump(l);
}

TEST(OriginalRules, Section13ConfigCases) {
  expect_single_error({"global:\n  sample_rate: 441\n", "global.sample_rate", "outside reasonable range"});
  expect_single_error({"global:\n  target_peak_dbfs: 1.0\n", "global.target_peak_dbfs", "must be negative"});
  expect_single_error({"clouds:\n  grains_per_cloud: 0\n", "clouds.grains_per_cloud", ">= 1 (got 0)"});
  expect_single_error({"clouds:\n  filter_length_samples: 88200\n", "clouds.filter_length_samples",
                       "exceeds sample_rate (44100)"});
  SceneLoad short_filter = load("clouds:\n  filter_length_samples: 32\n");
  EXPECT_TRUE(short_filter.ok()) << dump(short_filter);
  EXPECT_TRUE(has_warning(short_filter, "clouds.filter_length_samples", "very short"));
}

TEST(OriginalRules, GlobalSection) {
  expect_single_error({"global:\n  sample_rate: 192001\n", "global.sample_rate", "[8000, 192000]"});
  expect_single_error({"global:\n  sample_rate: 44100.0\n", "global.sample_rate", "whole number"});
  expect_single_error({"global:\n  sample_rate: -44100\n", "global.sample_rate", "> 0 Hz"});
  expect_single_error({"global:\n  sample_rate: fast\n", "global.sample_rate", "(got \"fast\")"});
  expect_single_error({"global:\n  output_bit_depth: 32\n", "global.output_bit_depth", "16 or 24 (got 32)"});
  expect_single_error({"global:\n  target_peak_dbfs: loud\n", "global.target_peak_dbfs", "must be a number"});
  SceneLoad quiet = load("global:\n  target_peak_dbfs: -70\n");
  EXPECT_TRUE(quiet.ok()) << dump(quiet);
  EXPECT_TRUE(has_warning(quiet, "global.target_peak_dbfs", "very quiet"));
}

TEST(OriginalRules, CloudsSection) {
  expect_single_error({"clouds:\n  grain_length_min_ms: 200\n  grain_length_max_ms: 100\n",
                       "clouds.grain_length_max_ms", "at least `clouds.grain_length_min_ms` (200)"});
  expect_single_error({"clouds:\n  grain_length_min_ms: 0\n", "clouds.grain_length_min_ms", "> 0 ms"});
  expect_single_error(
      {"clouds:\n  grain_length_max_ms: 20000\n", "clouds.grain_length_max_ms", "<= 10000 ms"});
  expect_single_error({"clouds:\n  grains_per_sec: 0\n", "clouds.grains_per_sec", "> 0"});
  expect_single_error({"clouds:\n  grains_per_sec: 1001\n", "clouds.grains_per_sec", "<= 1000"});
  expect_single_error({"clouds:\n  filter_length_samples: -3\n", "clouds.filter_length_samples", "> 0"});
  expect_single_error(
      {"clouds:\n  filter_length_samples: 512.5\n", "clouds.filter_length_samples", "whole number"});
  expect_single_error({"clouds:\n  overlap_ratio: 0\n", "clouds.overlap_ratio", "> 0 and < 1"});
  expect_single_error({"clouds:\n  overlap_ratio: 1\n", "clouds.overlap_ratio", "> 0 and < 1"});
}

TEST(OriginalRules, PadMinerSection) {
  expect_single_error({"pad_miner:\n  min_rms_db: -10\n  max_rms_db: -40\n", "pad_miner.max_rms_db",
                       "at least `pad_miner.min_rms_db`"});
  expect_single_error({"pad_miner:\n  min_duration_sec: 0\n", "pad_miner.min_duration_sec", "> 0 s"});
  expect_single_error({"pad_miner:\n  min_duration_sec: 4000\n", "pad_miner.min_duration_sec", "<= 3600 s"});
  expect_single_error({"pad_miner:\n  expand_segment_sec: -1\n", "pad_miner.expand_segment_sec", ">= 0 s"});
}

TEST(OriginalRules, PreAnalysisSection) {
  expect_single_error({"pre_analysis:\n  min_rms_db: -5\n", "pre_analysis.min_rms_db",
                       "must not exceed `pre_analysis.max_rms_db` (-10, the default)"});
  expect_single_error(
      {"pre_analysis:\n  analysis_window_sec: 0\n", "pre_analysis.analysis_window_sec", "> 0 s"});
  expect_single_error(
      {"pre_analysis:\n  analysis_hop_sec: -0.5\n", "pre_analysis.analysis_hop_sec", "> 0 s"});
  expect_single_error(
      {"pre_analysis:\n  min_stable_windows: 0\n", "pre_analysis.min_stable_windows", ">= 1"});
  expect_single_error(
      {"pre_analysis:\n  min_stable_windows: 2.0\n", "pre_analysis.min_stable_windows", "whole number"});
  expect_single_error({"pre_analysis:\n  centroid_low_hz: 5000\n  centroid_high_hz: 1000\n",
                       "pre_analysis.centroid_high_hz", "at least"});
}

TEST(OriginalRules, CurationSection) {
  expect_single_error({"curation:\n  auto_delete_grade_f: \"yes please\"\n", "curation.auto_delete_grade_f",
                       "true or false"});
  expect_single_error({"curation:\n  thresholds:\n    min_rms_db: low\n", "curation.thresholds.min_rms_db",
                       "must be a number"});
  expect_single_error({"curation:\n  thresholds:\n    clipping_tolerance: -0.1\n",
                       "curation.thresholds.clipping_tolerance", "between 0 and 1"});
  expect_single_error({"curation:\n  thresholds:\n    clipping_tolerance: none\n",
                       "curation.thresholds.clipping_tolerance", "must be a number"});
  expect_single_error(
      {"curation:\n  thresholds:\n    max_crest_factor: 0\n", "curation.thresholds.max_crest_factor", "> 0"});
}

TEST(OriginalRules, MusicalitySection) {
  expect_single_error({"musicality:\n  reference_bpm: fast\n", "musicality.reference_bpm", "\"detect\""});
  expect_single_error({"musicality:\n  reference_bpm: 0\n", "musicality.reference_bpm", "(got 0)"});
  expect_single_error({"musicality:\n  bar_lengths: [1, 0, 4]\n", "musicality.bar_lengths[1]", "> 0 bars"});
  expect_single_error({"musicality:\n  snap_to_grid: maybe\n", "musicality.snap_to_grid", "true or false"});
  SceneLoad ok = load("musicality:\n  reference_bpm: 120\n  snap_to_grid: null\n  target_key: A min\n");
  ASSERT_TRUE(ok.ok()) << dump(ok);
  EXPECT_EQ(ok.scene->musicality.reference_bpm, 120.0);
  EXPECT_FALSE(ok.scene->musicality.snap_to_grid);
  EXPECT_EQ(ok.diagnostics.size(), 0u) << dump(ok);
}

TEST(OriginalRules, HissSection) {
  expect_single_error({"hiss:\n  highpass_hz: 0\n", "hiss.highpass_hz", "> 0 Hz"});
  expect_single_error(
      {"hiss:\n  highpass_hz: 30000\n", "hiss.highpass_hz", "below the Nyquist frequency 22050"});
  expect_single_error({"hiss:\n  burst_duration_min_ms: 400\n  burst_duration_max_ms: 100\n",
                       "hiss.burst_duration_max_ms", "at least `hiss.burst_duration_min_ms` (400)"});
  expect_single_error({"hiss:\n  burst_duration_min_ms: 0\n", "hiss.burst_duration_min_ms", "> 0 ms"});
}

TEST(OriginalRules, SectionsNothingReads) {
  expect_single_error({"swells:\n  attack_sec: -1\n", "swells.attack_sec", ">= 0 s"});
  expect_single_error({"swells:\n  decay_sec: -1\n", "swells.decay_sec", ">= 0 s"});
  expect_single_error({"swells:\n  total_duration_sec: 0\n", "swells.total_duration_sec", "> 0 s"});
  expect_single_error({"swells:\n  total_duration_sec: 301\n", "swells.total_duration_sec", "<= 300 s"});
  expect_single_error({"drones:\n  target_duration_sec: 0\n", "drones.target_duration_sec", "> 0 s"});
  expect_single_error({"drones:\n  target_duration_sec: 601\n", "drones.target_duration_sec", "<= 600 s"});
  expect_single_error({"drone_maker:\n  target_durations_sec: long\n", "drone_maker.target_durations_sec",
                       "list of numbers"});
  expect_single_error(
      {"drone_maker:\n  target_durations_sec: []\n", "drone_maker.target_durations_sec", "at least one"});
  expect_single_error(
      {"drone_maker:\n  target_durations_sec: [2, -1]\n", "drone_maker.target_durations_sec[1]", "> 0 s"});
  expect_single_error(
      {"drone_maker:\n  loop_crossfade_ms: -5\n", "drone_maker.loop_crossfade_ms", ">= 0 ms"});
  expect_single_error({"drone_maker:\n  pitch_shift_range: {min: 5, max: -5}\n",
                       "drone_maker.pitch_shift_range.max", "at least"});
  expect_single_error({"drone_maker:\n  pitch_shift_range: {min: low, max: 5}\n",
                       "drone_maker.pitch_shift_range.min", "must be a number"});
  expect_single_error({"granular_maker:\n  pitch_shift_range: {min: 3, max: 1}\n",
                       "granular_maker.pitch_shift_range.max", "at least"});
}

TEST(OriginalRules, PathsSection) {
  expect_single_error({"paths:\n  export_dir: \"\"\n", "paths.export_dir", "not empty"});
  expect_single_error({"paths:\n  source_audio_dir: 5\n", "paths.source_audio_dir", "must be text"});
}

}  // namespace
}  // namespace afterglow::config
