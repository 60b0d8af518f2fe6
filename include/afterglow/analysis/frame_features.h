#pragma once
// Everything the analysis keeps per STFT frame, computed in one streaming pass: a handful of floats per
// frame (about 20 bytes per 512 samples, under 1 % of the audio), no spectra. Other per-frame consumers
// (chroma for key detection, for instance) can ride the same pass through `extra_consumers`.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "afterglow/analysis/onset_detect.h"
#include "afterglow/analysis/onset_strength.h"
#include "afterglow/analysis/stft.h"
#include "afterglow/core/result.h"

namespace afterglow::analysis {

struct FrameFeatureParams {
  StftParams stft;
  OnsetStrengthParams onset_strength;
  // Unset: librosa's defaults for the rate and hop (PeakPickParams::for_rate) plus onset_min_rise_db.
  std::optional<PeakPickParams> peak_pick;
  // The one departure from librosa's picker (used when peak_pick is unset): a peak must also rise this
  // many dB of mean mel flux above its local mean. librosa normalises the envelope by the file's
  // strongest event, so in a file with no real attack — a sustained pad, a drone, a steady tone — the
  // ordinary frame-to-frame shimmer of band levels (~0.3 dB) is scaled up until it reads as 4 to 18
  // "onsets" per second, and the stability and pad onset gates would reject exactly the material they
  // exist to find. Real attacks rise 2 dB and more (a drum hit over a pad: 4 to 35). 0 restores librosa.
  float onset_min_rise_db = 1.0f;
};

struct FrameFeatures {
  double sample_rate = 0.0;
  std::size_t length = 0;  // samples of the analysed signal
  std::size_t n_fft = 0;
  std::size_t hop = 0;

  std::vector<float> rms;                 // time-domain frame RMS (FrameRms)
  std::vector<float> centroid_magnitude;  // Hz, magnitude-weighted (librosa's spectral_centroid)
  std::vector<float> centroid_power;      // Hz, power-weighted (the pre-analysis window centroid)
  std::vector<float> flatness;            // 0..1
  std::vector<float> onset_strength;      // mel spectral-flux envelope, unnormalised
  std::vector<std::size_t> onset_frames;  // detected onsets, ascending

  std::size_t frame_count() const { return rms.size(); }
  std::size_t frame_of_sample(std::size_t sample) const { return sample / hop; }
  std::size_t onset_sample(std::size_t i) const { return onset_frames[i] * hop; }
  // Detected onsets whose sample position (frame * hop) lies in [start, end).
  std::size_t onsets_in(std::size_t start, std::size_t end) const;
};

// One pass over `mono`. kInvalidValue for a sample rate <= 0 (or not finite) and for invalid STFT
// parameters. An empty signal gives one all-zero frame (librosa's framing of zero samples).
Result<FrameFeatures> compute_frame_features(std::span<const float> mono, double sample_rate,
                                             const FrameFeatureParams& params = {},
                                             std::span<FrameConsumer* const> extra_consumers = {});

// Mean of values[first, last), with last clamped to values.size(); `fallback` when that range is empty.
double mean_over_frames(std::span<const float> values, std::size_t first, std::size_t last, double fallback);

}  // namespace afterglow::analysis
