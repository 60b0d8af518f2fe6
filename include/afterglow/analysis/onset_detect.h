#pragma once
// Onset peak picking on an onset-strength envelope, as librosa.onset.onset_detect with its defaults
// (reference §2.8), and the backtracking helper the drum slicer uses.
//
// The picker's windows are durations converted to frames with floor(seconds * sr / hop) — 30 ms before
// for the local maximum, 100 ms either side for the local mean, 30 ms of wait — so the detector behaves
// the same at any rate and hop. At 44.1 kHz and hop 512 that is librosa's pre_max 2, post_max 1,
// pre_avg 8, post_avg 9, wait 2.

#include <cstddef>
#include <span>
#include <vector>

namespace afterglow::analysis {

struct PeakPickParams {
  std::size_t pre_max = 2;
  std::size_t post_max = 1;
  std::size_t pre_avg = 8;
  std::size_t post_avg = 9;
  std::size_t wait = 2;
  float delta = 0.07f;
  // Not in librosa (0 = librosa's picker unchanged): a peak must also stand this far above its local
  // mean in the envelope's own units (dB of mean mel flux). See FrameFeatureParams::onset_min_rise_db.
  float min_rise = 0.0f;

  // librosa.onset.onset_detect's defaults at this rate and hop.
  static PeakPickParams for_rate(double sample_rate, std::size_t hop);
};

// Peak picking on `envelope` (librosa.util.peak_pick after onset_detect's normalisation):
//  1. the envelope is normalised to [0, 1] (minus its minimum, over its maximum); an all-zero or
//     non-finite envelope has no onsets;
//  2. frame n is a peak when env[n] > 0, env[n] == max(env[n - pre_max : n + post_max]) and
//     env[n] >= mean(env[n - pre_avg : n + post_avg]) + delta, windows truncated at the edges (and,
//     when min_rise > 0, the unnormalised envelope exceeds that mean by at least min_rise);
//  3. peaks are thinned greedily: n is kept only if n > last kept + wait.
// Returns frame indices, ascending. An onset's sample position is frame * hop.
std::vector<std::size_t> pick_onsets(std::span<const float> envelope, const PeakPickParams& params);

// Moves each onset back to the nearest preceding local minimum of `energy` (librosa.onset.onset_backtrack):
// minima are i with e[i] <= e[i-1] and e[i] < e[i+1]; frame 0 always counts as one. Onsets keep their order.
std::vector<std::size_t> backtrack_onsets(std::span<const std::size_t> onsets, std::span<const float> energy);

}  // namespace afterglow::analysis
