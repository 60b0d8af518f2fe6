#pragma once
// Per analysis window, a compact description of how the window sounds, for choosing grains by sound.
//
// Two stages, so the expensive part can be cached independently of the scene's thresholds:
//   WindowMeasures    raw values in natural units, computed once from the audio and its analysis;
//   WindowDescriptor  the same mapped to [0, 1] per dimension, plus the stable flag (from the scene's
//                     stability mask) and whether the window may be played at all.
//
// Mapping to [0, 1] uses fixed ranges, not the corpus's own minimum and maximum, so a descriptor means
// the same thing in every corpus and a target such as "brightness 0.8" is stable as sources come and go:
//   loudness      window RMS from -60 dBFS (0) to 0 dBFS (1), linear in dB
//   brightness    mean magnitude centroid from 100 Hz (0) to 10 kHz (1), linear in log frequency
//   flatness      mean spectral flatness, already 0 (tonal) .. 1 (noise)
//   onset density onsets per second from 0 to 8
//   stability     (1 - min(1, onsets per second / 4)) * (1 - min(1, level spread / 12 dB)), where the
//                 level spread is the standard deviation of the frame RMS (dB) inside the window: 1 for
//                 a steady drone, falling with attacks and with swells or gaps
//   quality       the grain quality score (grain_quality.h) of the window's samples
// A window is acceptable for grain picking when it is stable (stability mask) and its quality is at
// least min_quality (the scene's pre_analysis.grain_quality_threshold).

#include <cstdint>
#include <span>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/analysis/stability.h"

namespace afterglow::analysis {

struct WindowMeasures {
  float loudness_db = -80.0f;
  float centroid_hz = 0.0f;
  float flatness = 0.0f;
  float onset_rate_hz = 0.0f;
  float level_spread_db = 0.0f;
  float quality = 0.0f;

  bool operator==(const WindowMeasures&) const = default;
};

// One per window of `analysis.windows`; `mono` is the signal the analysis was computed on.
std::vector<WindowMeasures> measure_windows(std::span<const float> mono, const AudioAnalysis& analysis);

struct DescriptorParams {
  double min_quality = 0.4;
};

struct WindowDescriptor {
  float loudness = 0.0f;
  float brightness = 0.0f;
  float flatness = 0.0f;
  float onset_density = 0.0f;
  float stability = 0.0f;
  float quality = 0.0f;
  bool stable = false;
  bool acceptable = false;  // stable and quality >= min_quality

  bool operator==(const WindowDescriptor&) const = default;
};

// `mask` has one entry per measure (a shorter mask counts the missing windows as unstable).
std::vector<WindowDescriptor> describe_windows(std::span<const WindowMeasures> measures,
                                               const StabilityMask& mask,
                                               const DescriptorParams& params = {});

float normalised_loudness(double db);
float normalised_brightness(double centroid_hz);
float normalised_onset_density(double onsets_per_second);
float stability_score(double onsets_per_second, double level_spread_db);

}  // namespace afterglow::analysis
