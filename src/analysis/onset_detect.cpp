#include "afterglow/analysis/onset_detect.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace afterglow::analysis {
namespace {

std::size_t frames_for(double seconds, double sample_rate, std::size_t hop) {
  const double frames = std::floor(seconds * sample_rate / static_cast<double>(hop));
  return frames > 0.0 ? static_cast<std::size_t>(frames) : 0;
}

}  // namespace

PeakPickParams PeakPickParams::for_rate(double sample_rate, std::size_t hop) {
  PeakPickParams p;
  if (!(sample_rate > 0.0) || hop == 0) return p;
  p.pre_max = frames_for(0.03, sample_rate, hop);
  p.post_max = frames_for(0.0, sample_rate, hop) + 1;
  p.pre_avg = frames_for(0.10, sample_rate, hop);
  p.post_avg = frames_for(0.10, sample_rate, hop) + 1;
  p.wait = frames_for(0.03, sample_rate, hop);
  p.delta = 0.07f;
  return p;
}

std::vector<std::size_t> pick_onsets(std::span<const float> envelope, const PeakPickParams& params) {
  std::vector<std::size_t> onsets;
  const std::size_t n = envelope.size();
  if (n == 0) return onsets;
  float lo = std::numeric_limits<float>::infinity();
  float hi = -std::numeric_limits<float>::infinity();
  bool any = false;
  for (float v : envelope) {
    if (!std::isfinite(v)) return onsets;
    any = any || v != 0.0f;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!any) return onsets;

  // Normalise as onset_detect does: (x - min) / (max(x - min) + tiny).
  const double range = static_cast<double>(hi) - lo + std::numeric_limits<float>::min();
  const double scale = 1.0 / range;
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = (static_cast<double>(envelope[i]) - lo) * scale;

  // Prefix sums give every truncated moving mean in O(1).
  std::vector<double> prefix(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + x[i];

  bool have_last = false;
  std::size_t last = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] <= 0.0) continue;
    const std::size_t max_lo = i >= params.pre_max ? i - params.pre_max : 0;
    const std::size_t max_hi = std::min(n, i + params.post_max);
    bool is_max = true;
    for (std::size_t j = max_lo; j < max_hi && is_max; ++j) is_max = x[j] <= x[i];
    if (!is_max) continue;
    const std::size_t avg_lo = i >= params.pre_avg ? i - params.pre_avg : 0;
    const std::size_t avg_hi = std::min(n, i + params.post_avg);
    const double mean =
        avg_hi > avg_lo ? (prefix[avg_hi] - prefix[avg_lo]) / static_cast<double>(avg_hi - avg_lo) : x[i];
    if (x[i] < mean + params.delta) continue;
    if (params.min_rise > 0.0f && (x[i] - mean) * range < params.min_rise) continue;
    if (have_last && i <= last + params.wait) continue;
    onsets.push_back(i);
    last = i;
    have_last = true;
  }
  return onsets;
}

std::vector<std::size_t> backtrack_onsets(std::span<const std::size_t> onsets,
                                          std::span<const float> energy) {
  std::vector<std::size_t> minima{0};
  for (std::size_t i = 1; i + 1 < energy.size(); ++i) {
    if (energy[i] <= energy[i - 1] && energy[i] < energy[i + 1]) minima.push_back(i);
  }
  std::vector<std::size_t> out;
  out.reserve(onsets.size());
  for (std::size_t onset : onsets) {
    // The last minimum at or before the onset (minima is ascending and starts with 0).
    auto it = std::upper_bound(minima.begin(), minima.end(), onset);
    out.push_back(*std::prev(it));
  }
  return out;
}

}  // namespace afterglow::analysis
