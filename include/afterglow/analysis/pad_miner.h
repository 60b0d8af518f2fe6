#pragma once
// Pad mining (reference §4) with the intended behaviour: find sustained, tonal, steady segments of a
// file that loop well as pads, for several target durations, from the features already computed —
// no second STFT per candidate.
//
// For each target duration D (in list order), candidates are windows of Wd = int(D*sr) samples starting
// at 0, Hd, 2Hd, ... (Hd = int(window_hop_sec*sr)) while start < len - Wd. A candidate survives when
//   1. its level, rms_db of sqrt(mean(frame_rms^2)) over frames [start/hop, end/hop), lies in
//      [min_rms_db, max_rms_db];
//   2. detected onsets in [start, end) / D <= max_onset_rate_hz;
//   3. mean spectral flatness over frames [start/hop, end/hop) <= flatness_threshold;
//   4. no dropout: no frame in that range is more than frame_floor_margin_db below min_rms_db. A 2 s
//      mean level hides a half-second gap; this gate (not in the original) keeps pads out of silences
//      and out of the gaps between drum hits;
//   5. (when a stability mask is given) every pre-analysis window it covers is stable. A window
//      "covers" the segment when its centre i*H + W/2 lies in [start, end); a segment too short to hold
//      a window centre is judged by the window nearest its midpoint. The original checked only the window
//      holding the segment start, so a pad could run into a drum hit.
// Survivors are scored -mean(onset strength) - mean(flatness) over their frames and sorted best first
// (stable: ties keep time order). Then, walking that order, a candidate is dropped when it overlaps a pad
// already kept (of this or an earlier duration) by more than 50 % of the shorter of the two — the
// original could return the same pad shifted by one hop several times — until max_candidates pads of
// this duration are kept.
//
// Thresholds: each section keeps its own keys. The pad gates above use the pad miner's values
// (pad_miner.min_rms_db, max_rms_db, max_onset_rate_per_second, spectral_flatness_threshold); the
// stability mask is computed with the pre-analysis values (pre_analysis.*). The original let any
// pre_analysis RMS or onset key silently replace the pad miner's (reference §15.2 item 4); here neither
// section overrides the other.
//
// Output is segments only. Loop smoothing and normalisation belong to rendering.

#include <cstddef>
#include <optional>
#include <vector>

#include "afterglow/analysis/frame_features.h"
#include "afterglow/analysis/stability.h"
#include "afterglow/analysis/window_analysis.h"
#include "afterglow/core/result.h"

namespace afterglow::analysis {

struct PadMinerParams {
  std::vector<double> target_durations_sec{2.0};
  double min_rms_db = -40.0;
  double max_rms_db = -10.0;
  double max_onset_rate_hz = 3.0;
  double flatness_threshold = 0.5;
  std::size_t max_candidates = 3;  // per duration
  double window_hop_sec = 0.5;
  double max_overlap = 0.5;             // fraction of the shorter pad; more than this is a near-duplicate
  double frame_floor_margin_db = 12.0;  // dropout gate; infinity disables it
};

// The stable windows the pads must stay inside: the pre-analysis grid and its mask.
struct StableWindows {
  const WindowGrid* grid = nullptr;
  const StabilityMask* mask = nullptr;
};

struct PadSegment {
  std::size_t start = 0;           // sample
  std::size_t length = 0;          // samples
  double score = 0.0;              // -mean(onset strength) - mean(flatness); higher is better
  std::size_t duration_index = 0;  // index into target_durations_sec

  std::size_t end() const { return start + length; }
};

// Pads in duration order, best first within a duration. kInvalidValue for a duration or hop that is not
// a positive number of seconds, or a stable-window grid that does not match the features' signal.
// `stable` unset: no stability requirement (pre-analysis disabled).
Result<std::vector<PadSegment>> mine_pads(const FrameFeatures& frames, const PadMinerParams& params,
                                          std::optional<StableWindows> stable = std::nullopt);

// Samples shared by two segments.
std::size_t overlap_samples(const PadSegment& a, const PadSegment& b);

}  // namespace afterglow::analysis
