#pragma once
// Which pre-analysis windows are "stable" — steady enough to loop or to take grains from — and the
// helpers built on that (reference §3), with the onset-rate gate working as the original intended (its
// own gate was silently dead, §0.1, so this port accepts fewer busy regions than the original did).
//
// A window is stable when all of these hold, checked in this order:
//   min_rms_db <= rms_db <= max_rms_db      (inclusive; an inverted range rejects everything)
//   dc < max_dc                              (strict)
//   crest < max_crest                        (strict; silent windows have crest 0 and pass)
//   centroid >= min_centroid_hz              (when set)
//   centroid <= max_centroid_hz              (when set)
//   onsets in [start, end) / (W / sr) <= max_onset_rate_hz
// Masks are cheap to recompute (a few comparisons per window), so none is cached: different thresholds
// always give their own mask.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "afterglow/analysis/window_analysis.h"
#include "afterglow/core/random.h"

namespace afterglow::analysis {

struct StabilityThresholds {
  double max_onset_rate_hz = 3.0;
  double min_rms_db = -40.0;
  double max_rms_db = -10.0;
  double max_dc = 0.1;
  double max_crest = 10.0;
  std::optional<double> min_centroid_hz;
  std::optional<double> max_centroid_hz;
};

// One byte per window, 1 = stable (bytes rather than vector<bool> so a reader can take a plain span).
using StabilityMask = std::vector<std::uint8_t>;

// With `verbose`, every rejected window logs one debug line naming its first failing gate, e.g.
// "[analyzer] Window 3 rejected: Crest factor 66.40 >= 10.0". Nothing is logged otherwise.
StabilityMask stable_mask(const WindowAnalysis& windows, const StabilityThresholds& thresholds,
                          bool verbose = false);

// Window indices, best first for grain picking: windows passing the level, DC, crest and centroid gates
// (max_onset_rate_hz is not used; onsets rank instead), or every window when none passes; ordered by
// onset count ascending, then by distance of rms_db from -24 dB. Stable sort: ties keep time order.
std::vector<std::size_t> sorted_windows(const WindowAnalysis& windows, const StabilityThresholds& thresholds);

// A region of `duration_sec` starting at a random stable window: a run of at least `min_stable_windows`
// consecutive stable windows is picked uniformly, then a window uniformly inside it; the result is
// (i*H, min(i*H + duration*sr, len)). nullopt when no run is long enough. Deterministic for a seeded `rng`.
std::optional<SampleRange> sample_from_stable_region(const WindowGrid& grid, const StabilityMask& mask,
                                                     double duration_sec, std::size_t min_stable_windows,
                                                     Random& rng);

}  // namespace afterglow::analysis
