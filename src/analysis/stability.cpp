#include "afterglow/analysis/stability.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "afterglow/core/log.h"

namespace afterglow::analysis {
namespace {

// The first gate window i fails, or an empty string when it passes the level/DC/crest/centroid gates.
std::string level_gate_failure(const WindowFeatures& f, std::size_t i, const StabilityThresholds& t) {
  const double rms = f.rms_db[i];
  if (!(rms >= t.min_rms_db && rms <= t.max_rms_db)) {
    return fmt::format("RMS {:.2f} dB outside [{:.1f}, {:.1f}] dB", rms, t.min_rms_db, t.max_rms_db);
  }
  if (!(f.dc[i] < t.max_dc)) return fmt::format("DC offset {:.4f} >= {}", f.dc[i], t.max_dc);
  if (!(f.crest[i] < t.max_crest)) return fmt::format("Crest factor {:.2f} >= {}", f.crest[i], t.max_crest);
  if (t.min_centroid_hz && !(f.centroid_hz[i] >= *t.min_centroid_hz)) {
    return fmt::format("Centroid {:.1f} Hz < {} Hz", f.centroid_hz[i], *t.min_centroid_hz);
  }
  if (t.max_centroid_hz && !(f.centroid_hz[i] <= *t.max_centroid_hz)) {
    return fmt::format("Centroid {:.1f} Hz > {} Hz", f.centroid_hz[i], *t.max_centroid_hz);
  }
  return {};
}

}  // namespace

StabilityMask stable_mask(const WindowAnalysis& windows, const StabilityThresholds& thresholds,
                          bool verbose) {
  const WindowFeatures& f = windows.features();
  StabilityMask mask(windows.size(), 0);
  for (std::size_t i = 0; i < windows.size(); ++i) {
    std::string failure = level_gate_failure(f, i, thresholds);
    if (failure.empty()) {
      const double rate = windows.onset_rate(i);
      if (!(rate <= thresholds.max_onset_rate_hz)) {
        failure = fmt::format("Onset rate {:.2f}/s > {}/s", rate, thresholds.max_onset_rate_hz);
      }
    }
    if (failure.empty()) {
      mask[i] = 1;
    } else if (verbose) {
      log::debug("[analyzer] Window {} rejected: {}", i, failure);
    }
  }
  return mask;
}

std::vector<std::size_t> sorted_windows(const WindowAnalysis& windows,
                                        const StabilityThresholds& thresholds) {
  const WindowFeatures& f = windows.features();
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (level_gate_failure(f, i, thresholds).empty()) order.push_back(i);
  }
  if (order.empty()) {
    order.resize(windows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  }
  constexpr double kPreferredDb = -24.0;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (f.onsets[a] != f.onsets[b]) return f.onsets[a] < f.onsets[b];
    return std::abs(f.rms_db[a] - kPreferredDb) < std::abs(f.rms_db[b] - kPreferredDb);
  });
  return order;
}

std::optional<SampleRange> sample_from_stable_region(const WindowGrid& grid, const StabilityMask& mask,
                                                     double duration_sec, std::size_t min_stable_windows,
                                                     Random& rng) {
  struct Run {
    std::size_t first;
    std::size_t count;
  };
  std::vector<Run> runs;
  const std::size_t n = std::min(mask.size(), grid.count);
  for (std::size_t i = 0; i < n;) {
    if (mask[i] == 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && mask[j] != 0) ++j;
    if (j - i >= min_stable_windows) runs.push_back({i, j - i});
    i = j;
  }
  if (runs.empty()) return std::nullopt;
  const Run run = runs[rng.below(static_cast<std::uint32_t>(runs.size()))];
  const std::size_t window = run.first + rng.below(static_cast<std::uint32_t>(run.count));
  const std::size_t start = window * grid.hop;
  const double wanted = std::max(0.0, std::floor(duration_sec * grid.sample_rate));
  const std::size_t end = static_cast<std::size_t>(
      std::min(static_cast<double>(grid.length), static_cast<double>(start) + wanted));
  return SampleRange{start, end};
}

}  // namespace afterglow::analysis
