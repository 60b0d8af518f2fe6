#include "afterglow/analysis/pad_miner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace afterglow::analysis {
namespace {

struct Candidate {
  std::size_t start;
  double score;
};

double frame_rms_db(const FrameFeatures& f, std::size_t first, std::size_t last) {
  last = std::min(last, f.rms.size());
  if (first >= last) return -80.0;
  double energy = 0.0;
  for (std::size_t i = first; i < last; ++i) energy += static_cast<double>(f.rms[i]) * f.rms[i];
  const double rms = std::sqrt(energy / static_cast<double>(last - first));
  return rms <= 0.0 ? -80.0 : 20.0 * std::log10(rms);
}

// True when some frame in [first, last) is quieter than `floor_db`.
bool has_dropout(const FrameFeatures& f, std::size_t first, std::size_t last, double floor_db) {
  if (!std::isfinite(floor_db)) return false;
  last = std::min(last, f.rms.size());
  const auto floor_lin = static_cast<float>(std::pow(10.0, floor_db / 20.0));
  for (std::size_t i = first; i < last; ++i) {
    if (f.rms[i] < floor_lin) return true;
  }
  return false;
}

bool covered_windows_stable(const StableWindows& stable, std::size_t start, std::size_t end) {
  const WindowGrid& g = *stable.grid;
  const StabilityMask& mask = *stable.mask;
  const std::size_t n = std::min(g.count, mask.size());
  if (n == 0) return false;
  const std::size_t half = g.window / 2;
  // Windows whose centre i*H + W/2 lies in [start, end).
  const std::size_t first = start > half ? (start - half + g.hop - 1) / g.hop : 0;
  bool any = false;
  for (std::size_t i = first; i < n && i * g.hop + half < end; ++i) {
    if (i * g.hop + half < start) continue;
    any = true;
    if (mask[i] == 0) return false;
  }
  if (any) return true;
  // No window centre inside: judge by the window whose centre is nearest the segment's midpoint.
  const double mid = 0.5 * static_cast<double>(start + end) - static_cast<double>(half);
  const double nearest = std::round(std::max(0.0, mid) / static_cast<double>(g.hop));
  const std::size_t i = std::min(n - 1, static_cast<std::size_t>(nearest));
  return mask[i] != 0;
}

Error invalid(std::string message, std::string key, double value) {
  return Error(ErrorKind::kInvalidValue, std::move(message), {{std::move(key), fmt::format("{}", value)}});
}

}  // namespace

std::size_t overlap_samples(const PadSegment& a, const PadSegment& b) {
  const std::size_t lo = std::max(a.start, b.start);
  const std::size_t hi = std::min(a.end(), b.end());
  return hi > lo ? hi - lo : 0;
}

Result<std::vector<PadSegment>> mine_pads(const FrameFeatures& frames, const PadMinerParams& params,
                                          std::optional<StableWindows> stable) {
  const double sr = frames.sample_rate;
  if (!(sr > 0.0) || frames.hop == 0)
    return invalid("The frame features have no valid sample rate", "sample_rate", sr);
  if (!(params.window_hop_sec > 0.0) || !std::isfinite(params.window_hop_sec) ||
      std::floor(params.window_hop_sec * sr) < 1.0) {
    return invalid("The pad search hop must be a positive number of seconds", "window_hop_sec",
                   params.window_hop_sec);
  }
  for (double d : params.target_durations_sec) {
    if (!(d > 0.0) || !std::isfinite(d) || std::floor(d * sr) < 1.0) {
      return invalid("Every pad target duration must be a positive number of seconds", "target_durations_sec",
                     d);
    }
  }
  if (stable &&
      (stable->grid == nullptr || stable->mask == nullptr || stable->grid->length != frames.length)) {
    return Error(ErrorKind::kInvalidValue, "The stability windows were computed for a different signal");
  }

  const auto hop = static_cast<std::size_t>(std::floor(params.window_hop_sec * sr));
  const std::size_t len = frames.length;
  std::vector<PadSegment> kept;
  std::vector<Candidate> candidates;
  for (std::size_t d = 0; d < params.target_durations_sec.size(); ++d) {
    const double seconds = params.target_durations_sec[d];
    const auto wd = static_cast<std::size_t>(std::floor(seconds * sr));
    candidates.clear();
    for (std::size_t start = 0; len > wd && start < len - wd; start += hop) {
      const std::size_t end = start + wd;
      const std::size_t first = frames.frame_of_sample(start);
      const std::size_t last = frames.frame_of_sample(end);
      const double level = frame_rms_db(frames, first, last);
      if (!(level >= params.min_rms_db && level <= params.max_rms_db)) continue;
      const double rate = static_cast<double>(frames.onsets_in(start, end)) / seconds;
      if (!(rate <= params.max_onset_rate_hz)) continue;
      const double flatness = mean_over_frames(frames.flatness, first, last, 1.0);
      if (!(flatness <= params.flatness_threshold)) continue;
      if (has_dropout(frames, first, last, params.min_rms_db - params.frame_floor_margin_db)) continue;
      if (stable && !covered_windows_stable(*stable, start, end)) continue;
      const double onset = mean_over_frames(frames.onset_strength, first, last, 0.0);
      candidates.push_back({start, -onset - flatness});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });

    std::size_t kept_here = 0;
    for (const Candidate& c : candidates) {
      if (kept_here >= params.max_candidates) break;
      const PadSegment pad{c.start, wd, c.score, d};
      const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const PadSegment& other) {
        const double shorter = static_cast<double>(std::min(pad.length, other.length));
        return static_cast<double>(overlap_samples(pad, other)) > params.max_overlap * shorter;
      });
      if (duplicate) continue;
      kept.push_back(pad);
      ++kept_here;
    }
  }
  return kept;
}

}  // namespace afterglow::analysis
