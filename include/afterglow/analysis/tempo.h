#pragma once
// Tempo and beat count from the onset-strength envelope, with the confidence the original reports
// (reference §6: confidence = min(1, (beats / duration_s) / 4); callers trust the BPM above 0.4).
//
// The tracker follows Ellis (2007), the algorithm behind librosa's beat_track that the original calls,
// in a simpler global form:
//   1. Tempo: the envelope (divided by its standard deviation, mean removed) is autocorrelated over the
//      lags of min_bpm..max_bpm (60–200 BPM); each lag's unbiased autocorrelation is weighted by a
//      log-Gaussian prior centred on prior_bpm (120) with prior_octaves (1) standard deviation in
//      octaves — librosa's prior — which settles the half/double-tempo ambiguity towards 120. The best
//      lag is refined by a parabola through its neighbours, so the BPM is not quantised to whole
//      frames (one frame is ~2.8 BPM at 120 BPM, 44.1 kHz, hop 512).
//      librosa averages the autocorrelation of 8.9 s windows instead of one global autocorrelation;
//      for material with a steady tempo the two agree.
//   2. Beats: dynamic programming as librosa: a local score (the envelope smoothed by a Gaussian of
//      period/32 frames), cumulative score = local + max over the previous beat at 0.5–2 periods back
//      of (its cumulative score - tightness * log(gap / period)^2); the last beat is the last local
//      maximum of the cumulative score above half the median of those maxima; beats are followed back
//      from it; weak leading and trailing beats (smoothed local score below half its RMS) are trimmed.
//   3. Confidence = min(1, beats / duration / 4), the original's: 2 beats per second (120 BPM, every
//      beat found) gives 0.5.
// An all-zero (silent) envelope gives bpm 0 and no confidence, as the original.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "afterglow/analysis/frame_features.h"

namespace afterglow::analysis {

struct TempoParams {
  double min_bpm = 60.0;
  double max_bpm = 200.0;
  double prior_bpm = 120.0;
  double prior_octaves = 1.0;
  double tightness = 100.0;
};

struct TempoEstimate {
  double bpm = 0.0;
  std::optional<double> confidence;  // nullopt for silence
  std::size_t beats = 0;
};

// `envelope` at `frame_rate` frames per second; `duration_sec` of the audio it describes.
TempoEstimate estimate_tempo(std::span<const float> envelope, double frame_rate, double duration_sec,
                             const TempoParams& params = {});

// On a file's frame features (onset_strength at sample_rate / hop).
TempoEstimate estimate_tempo(const FrameFeatures& frames, const TempoParams& params = {});

// The beat frames themselves (step 2), for a known tempo.
std::vector<std::size_t> track_beats(std::span<const float> envelope, double frame_rate, double bpm,
                                     double tightness = 100.0);

}  // namespace afterglow::analysis
