#include "afterglow/dsp/click_detector.h"

#include <algorithm>
#include <cmath>

namespace afterglow::dsp {

std::vector<std::size_t> detect_clicks(std::span<const float> x, const ClickDetectorOptions& options) {
  std::vector<std::size_t> clicks;
  const std::size_t length = x.size();
  if (length < 3) return clicks;

  // d[n] for n = 1..length-2, stored at index n (d[0] and d[length-1] stay 0 and are never judged).
  std::vector<double> d(length, 0.0);
  for (std::size_t n = 1; n + 1 < length; ++n) {
    d[n] = static_cast<double>(x[n + 1]) - 2.0 * static_cast<double>(x[n]) + static_cast<double>(x[n - 1]);
  }
  std::vector<double> prefix(length + 1, 0.0);
  for (std::size_t n = 0; n < length; ++n) prefix[n + 1] = prefix[n] + d[n] * d[n];
  // Sum of d^2 over [lo, hi] (inclusive), clipped to the judged range [1, length-2].
  const auto energy = [&](std::size_t lo, std::size_t hi, std::size_t& count) {
    lo = std::max<std::size_t>(lo, 1);
    hi = std::min(hi, length - 2);
    if (hi < lo) {
      count = 0;
      return 0.0;
    }
    count = hi - lo + 1;
    return prefix[hi + 1] - prefix[lo];
  };

  const double threshold_sq = options.threshold * options.threshold;
  bool in_click = false;
  std::size_t last_flag = 0;
  std::size_t best_position = 0;
  double best_value = 0.0;
  for (std::size_t n = 1; n + 1 < length; ++n) {
    const double magnitude = std::fabs(d[n]);
    if (magnitude <= options.floor) continue;
    std::size_t outer_count = 0;
    std::size_t inner_count = 0;
    const double outer =
        energy(n > options.half_window ? n - options.half_window : 0, n + options.half_window, outer_count);
    const double inner = energy(n > options.guard ? n - options.guard : 0, n + options.guard, inner_count);
    const std::size_t count = outer_count - inner_count;
    if (count == 0) continue;
    const double local_mean_square = std::max(0.0, outer - inner) / static_cast<double>(count);
    if (magnitude * magnitude <= threshold_sq * local_mean_square) continue;

    if (in_click && n - last_flag < options.merge) {
      if (magnitude > best_value) {
        best_value = magnitude;
        best_position = n;
      }
    } else {
      if (in_click) clicks.push_back(best_position);
      in_click = true;
      best_value = magnitude;
      best_position = n;
    }
    last_flag = n;
  }
  if (in_click) clicks.push_back(best_position);
  return clicks;
}

}  // namespace afterglow::dsp
