#pragma once
// The sections of afterglow-engine's config.yaml that its phases read (reference §10.1). Defaults are
// the original's code defaults; where the original has none (a key it requires, so a missing key
// crashes it) the default is the value of the config it generates, so a partial file still runs.
// Keys the original validates but never reads are kept (as optionals) so they can be range-checked
// and reported as having no effect.

#include <optional>
#include <string>
#include <vector>

namespace afterglow::config {

struct GlobalConfig {
  int sample_rate = 44100;         // Hz, the offline render/export rate; 8000–192000
  int output_bit_depth = 24;       // 16 or 24
  double target_peak_dbfs = -1.0;  // ≤ 0
};

// Source and export folders of the original. Each is optional: a given folder becomes a `sources`
// entry (see Scene), and export_dir is the fallback for export.dir.
struct PathsConfig {
  std::optional<std::string> source_audio_dir;  // role "source" (pad mining)
  std::optional<std::string> pad_sources_dir;   // role "pads" (drones, clouds)
  std::optional<std::string> drums_dir;         // role "drums" (hiss)
  std::optional<std::string> export_dir;
};

struct PadMinerConfig {
  std::vector<double> target_durations_sec{2.0};  // seconds; legacy scalar target_duration_sec
  double min_rms_db = -40.0;
  double max_rms_db = -10.0;
  double max_onset_rate_per_second = 3.0;
  double spectral_flatness_threshold = 0.5;  // 0–1
  int max_candidates_per_file = 3;
  double loop_crossfade_ms = 100.0;  // legacy crossfade_ms; also used by drones
  double window_hop_sec = 0.5;
  std::optional<double> min_duration_sec;    // no effect
  std::optional<double> expand_segment_sec;  // no effect
};

// drones.stretch_factors' range: a quarter of the length (as the rates' cap of 4) to eight times it.
inline constexpr double kMinLengthFactor = 0.25;
inline constexpr double kMaxLengthFactor = 8.0;

struct DronesConfig {
  double pad_loop_duration_sec = 2.0;
  std::vector<std::string> pad_variants{"warm", "airy", "dark"};
  double warm_lowpass_hz = 3000.0;
  double airy_highpass_hz = 6000.0;
  double dark_high_cut_hz = 1500.0;
  double swell_duration_sec = 6.0;
  double fade_in_sec = 0.5;
  double fade_out_sec = 1.5;  // 0 is a plain cut (the original crashes on it)
  std::vector<int> pitch_shift_semitones{0, 7, 12};
  std::vector<double> time_stretch_factors{1.0, 1.5, 2.0};  // playback rates: 2.0 = half as long
  // Length factors (2.0 = twice as long), each in [0.25, 8]. When given (even empty) they replace
  // time_stretch_factors, which then has no effect: a config shared with afterglow-engine keeps its
  // rates for the original, and this key says what this program should render instead.
  std::optional<std::vector<double>> stretch_factors;
  bool enable_reversal = true;
  std::optional<double> target_duration_sec;  // no effect
};

struct PitchRange {
  double min = -7.0;  // semitones
  double max = 7.0;
};

struct CloudsConfig {
  double grain_length_min_ms = 50.0;
  double grain_length_max_ms = 150.0;
  int grains_per_cloud = 200;  // grain pool size, ≥ 1
  double cloud_duration_sec = 6.0;
  // Absent: ±max_pitch_shift_semitones (legacy, default 7). A mapping lacking min or max: ∓8.
  PitchRange pitch_shift_range;
  double overlap_ratio = 0.65;       // strictly between 0 and 1
  std::optional<double> lowpass_hz;  // none (null or 0) = no filter
  int clouds_per_source = 2;
  std::optional<double> target_peak_dbfs;    // falls back to global.target_peak_dbfs
  std::optional<double> grains_per_sec;      // no effect
  std::optional<int> filter_length_samples;  // no effect

  double effective_target_peak_dbfs(const GlobalConfig& global) const {
    return target_peak_dbfs.value_or(global.target_peak_dbfs);
  }
};

struct HissConfig {
  double loop_duration_sec = 1.5;
  double highpass_hz = 6000.0;
  double bandpass_low_hz = 5000.0;    // legacy band_low_hz
  double bandpass_high_hz = 14000.0;  // legacy band_high_hz
  bool use_bandpass = true;
  double tremolo_rate_hz = 3.0;
  double tremolo_depth = 0.6;  // 0–1
  int hiss_loops_per_source = 2;
  double flicker_min_ms = 50.0;   // legacy burst_duration_min_ms
  double flicker_max_ms = 300.0;  // legacy burst_duration_max_ms
  int flicker_count = 4;
  bool use_synthetic_noise = true;
  double synthetic_noise_level_db = -10.0;
};

struct ExportConfig {
  std::optional<std::string> dir;  // relative to the scene folder; falls back to paths.export_dir
  bool pads_stereo = false;
  bool clouds_stereo = false;
  std::optional<bool> swells_stereo;  // no effect yet
  std::optional<bool> hiss_stereo;    // no effect yet
};

struct BrightnessTagsConfig {
  bool enabled = true;
  double centroid_low_hz = 1500.0;
  double centroid_high_hz = 3500.0;
};

struct PreAnalysisConfig {
  bool enabled = true;
  double analysis_window_sec = 1.0;
  double analysis_hop_sec = 0.5;
  double max_onset_rate_hz = 3.0;
  double min_rms_db = -40.0;
  double max_rms_db = -10.0;
  double max_dc_offset = 0.1;
  double max_crest_factor = 10.0;
  double grain_quality_threshold = 0.4;
  int min_stable_windows = 2;
  std::optional<double> centroid_low_hz;
  std::optional<double> centroid_high_hz;
  std::optional<bool> skip_clipped_regions;    // no effect
  std::optional<bool> skip_transient_regions;  // no effect
};

struct CurationThresholds {
  double min_rms_db = -60.0;
  double clipping_tolerance = 0.0;  // the original's code default; its shipped config uses 0.01
  double max_crest_factor = 30.0;
  std::optional<double> max_rms_db;     // no effect
  std::optional<double> max_dc_offset;  // no effect
};

struct CurationConfig {
  bool auto_delete_grade_f = false;
  CurationThresholds thresholds;
};

struct MusicalityConfig {
  std::optional<std::string> target_key;  // e.g. "A min"; only the root is used
  bool detect_bpm = false;                // reference_bpm: "detect"
  std::optional<double> reference_bpm;    // a number > 0
  bool snap_to_grid = false;
  std::vector<double> bar_lengths;  // bars, each > 0
};

struct ReproducibilityConfig {
  std::optional<long long> random_seed;
};

}  // namespace afterglow::config
