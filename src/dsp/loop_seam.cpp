#include "afterglow/dsp/loop_seam.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace afterglow::dsp {
namespace {

// numpy's default (linear) percentile of `values`, which it reorders.
double percentile_of(std::vector<double>& values, double percentile) {
  if (values.empty()) return 0.0;
  const double rank = std::clamp(percentile, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const double frac = rank - static_cast<double>(lo);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double a = values[lo];
  if (lo + 1 >= values.size() || frac == 0.0) return a;
  const double b = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
  return a + frac * (b - a);
}

double to_db(double ratio) {
  return 20.0 * std::log10(std::max(ratio, 1e-12));
}

}  // namespace

double SeamReport::level_jump_db() const {
  if (before_rms <= 1e-12 || after_rms <= 1e-12) return 0.0;
  return to_db(after_rms / before_rms);
}

SeamOptions seam_options_for(double sample_rate, std::size_t crossfade_frames) {
  SeamOptions options;
  options.window = std::max<std::size_t>(8, static_cast<std::size_t>(0.05 * sample_rate));
  options.span = std::max(options.window, crossfade_frames);
  return options;
}

SeamReport seam_report(std::span<const float> loop, const SeamOptions& options) {
  SeamReport report;
  report.tolerance_db = options.tolerance_db;
  const std::size_t length = loop.size();
  if (length < 2) return report;

  report.wrap_step = std::fabs(static_cast<double>(loop.front()) - loop.back());
  std::vector<double> steps(length - 1);
  for (std::size_t i = 0; i + 1 < length; ++i)
    steps[i] = std::fabs(static_cast<double>(loop[i + 1]) - loop[i]);
  report.internal_step = percentile_of(steps, options.percentile);

  // Fit window, span and context into the loop: the measured region (2*span + window) plus the two
  // context stretches must not wrap onto themselves.
  std::size_t window = std::clamp<std::size_t>(options.window, 1, std::max<std::size_t>(1, length / 4));
  std::size_t span = std::min(options.span, length / 4);
  const std::size_t half = window / 2;
  const std::size_t region = 2 * span + window;
  std::size_t context = options.context == 0 ? 4 * window : options.context;
  context = std::min(context, (length - std::min(length, region)) / 2);

  // One unrolled stretch around the wrap: [context][span + half | wrap | span + half][context].
  const std::size_t before = span + half + context;
  const std::size_t total = before + span + window + context;
  std::vector<double> prefix(total + 1, 0.0);
  for (std::size_t j = 0; j < total; ++j) {
    const std::size_t index = (length - (before % length) + j) % length;
    const double v = loop[index];
    prefix[j + 1] = prefix[j] + v * v;
  }
  const auto mean_square = [&](std::size_t from, std::size_t count) {
    return count == 0 ? 0.0 : (prefix[from + count] - prefix[from]) / static_cast<double>(count);
  };

  // The material may sit at different levels on the two sides (a pad that swells, a loop whose head
  // is louder than its tail): a short-term level anywhere between the two is the transition the
  // source itself makes, so only a dip below the lower side or a bump above the higher one counts.
  const double before_ms = context > 0 ? mean_square(0, context) : mean_square(0, total);
  const double after_ms = context > 0 ? mean_square(total - context, context) : before_ms;
  report.before_rms = std::sqrt(before_ms);
  report.after_rms = std::sqrt(after_ms);
  report.surrounding_rms = std::sqrt(0.5 * (before_ms + after_ms));
  if (report.before_rms <= 1e-12 || report.after_rms <= 1e-12) return report;  // silence: nothing to dip
  const double low_db = to_db(std::min(report.before_rms, report.after_rms));
  const double high_db = to_db(std::max(report.before_rms, report.after_rms));

  // Window centres from wrap - span to wrap + span; the wrap sits at offset `before` in the unrolled
  // stretch, so a window centred at offset c covers [c - half, c - half + window).
  const std::size_t hop = std::max<std::size_t>(1, window / 4);
  report.seam_min_db = 1e300;
  report.seam_max_db = -1e300;
  for (std::size_t c = before - span;; c += hop) {
    const double level_db = to_db(std::sqrt(mean_square(c - half, window)));
    report.seam_min_db = std::min(report.seam_min_db, level_db - low_db);
    report.seam_max_db = std::max(report.seam_max_db, level_db - high_db);
    if (c >= before + span) break;
    c = std::min(c, before + span - hop);  // the last centre lands exactly on wrap + span
  }
  return report;
}

}  // namespace afterglow::dsp
