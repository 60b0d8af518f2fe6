#pragma once
// Sections of afterglow-engine's config read by its auxiliary tools (drum_miner, §9.1) or by nothing
// at all (drone_maker, granular_maker, swells: validated by the original but never read). They are
// modelled so that a user's config loads unchanged and wrong values are still reported.

#include <optional>
#include <vector>

#include "afterglow/config/original_sections.h"

namespace afterglow::config {

struct DrumMinerConfig {
  bool onset_backtrack = true;
  int pre_max = 20;  // peak-pick windows in frames of 512 samples
  int post_max = 20;
  int pre_avg = 100;
  int post_avg = 100;
  double delta = 0.05;
  int wait = 30;
  double max_length_sec = 0.8;
  double min_length_sec = 0.05;
  double fade_in_ms = 2.0;
  double fade_out_ms = 20.0;
  double min_peak_db = -30.0;
  int max_saved_per_file = 2000;
};

// `room_tone` (new; the original's mine_silences.py hard-coded every figure, reference §9.2, whose
// values are the defaults here). A chunk of chunk_sec, taken every hop_sec, is room tone when its RMS
// lies in [min_rms_db, max_rms_db], its crest (peak / RMS) is at most max_crest and its variance at
// least min_variance (true digital silence is not room tone).
struct RoomToneConfig {
  double chunk_sec = 0.3;
  double hop_sec = 0.15;
  double min_rms_db = -80.0;
  double max_rms_db = -45.0;
  double max_crest = 5.0;
  double min_variance = 1e-9;
  double norm_db = -12.0;  // peak of each file, dBFS
  double fade_ms = 4.5;    // linear fade in and out (the original's 200 samples at 44.1 kHz)
  int max_per_file = 50;
};

// No effect: validated like the original, kept for completeness.
struct DroneMakerConfig {
  std::optional<std::vector<double>> target_durations_sec;
  std::optional<double> loop_crossfade_ms;
  std::optional<PitchRange> pitch_shift_range;
};

struct GranularMakerConfig {
  std::optional<std::vector<double>> target_durations_sec;
  std::optional<double> loop_crossfade_ms;
  std::optional<PitchRange> pitch_shift_range;
};

struct SwellsConfig {
  std::optional<double> attack_sec;
  std::optional<double> decay_sec;
  std::optional<double> total_duration_sec;
};

}  // namespace afterglow::config
