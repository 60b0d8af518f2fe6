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

// The short-term level across one point of the loop, as if it were the wrap.
struct LevelAcross {
  double before_rms = 0.0;
  double after_rms = 0.0;
  double min_db = 0.0;  // lowest short-term RMS, dB above the lower side
  double max_db = 0.0;  // highest, dB above the higher side
};

struct Geometry {
  std::size_t window = 1;
  std::size_t span = 0;
  std::size_t context = 0;
};

// Fit window, span and context into the loop: the measured region (2*span + window) plus the two
// context stretches must not wrap onto themselves.
Geometry fit(std::size_t length, const SeamOptions& options) {
  Geometry g;
  g.window = std::clamp<std::size_t>(options.window, 1, std::max<std::size_t>(1, length / 4));
  g.span = std::min(options.span, length / 4);
  const std::size_t region = 2 * g.span + g.window;
  g.context = options.context == 0 ? 4 * g.window : options.context;
  g.context = std::min(g.context, (length - std::min(length, region)) / 2);
  return g;
}

LevelAcross level_across(std::span<const float> loop, std::size_t point, const Geometry& g,
                         std::vector<double>& prefix) {
  const std::size_t length = loop.size();
  const std::size_t half = g.window / 2;
  // One unrolled stretch around the point: [context][span + half | point | span + half][context].
  const std::size_t before = g.span + half + g.context;
  const std::size_t total = before + g.span + g.window + g.context;
  prefix.assign(total + 1, 0.0);
  const std::size_t first = (point + length - (before % length)) % length;
  for (std::size_t j = 0; j < total; ++j) {
    const double v = loop[(first + j) % length];
    prefix[j + 1] = prefix[j] + v * v;
  }
  const auto mean_square = [&](std::size_t from, std::size_t count) {
    return count == 0 ? 0.0 : (prefix[from + count] - prefix[from]) / static_cast<double>(count);
  };

  // The material may sit at different levels on the two sides (a pad that swells, a loop whose head
  // is louder than its tail): a short-term level anywhere between the two is the transition the
  // source itself makes, so only a dip below the lower side or a bump above the higher one counts.
  LevelAcross level;
  const double before_ms = g.context > 0 ? mean_square(0, g.context) : mean_square(0, total);
  const double after_ms = g.context > 0 ? mean_square(total - g.context, g.context) : before_ms;
  level.before_rms = std::sqrt(before_ms);
  level.after_rms = std::sqrt(after_ms);
  if (level.before_rms <= 1e-12 || level.after_rms <= 1e-12) return level;  // silence: nothing to dip
  const double low_db = to_db(std::min(level.before_rms, level.after_rms));
  const double high_db = to_db(std::max(level.before_rms, level.after_rms));

  // Window centres from point - span to point + span; the point sits at offset `before` in the
  // unrolled stretch, so a window centred at offset c covers [c - half, c - half + window).
  const std::size_t hop = std::max<std::size_t>(1, g.window / 4);
  level.min_db = 1e300;
  level.max_db = -1e300;
  for (std::size_t c = before - g.span;; c += hop) {
    const double level_db = to_db(std::sqrt(mean_square(c - half, g.window)));
    level.min_db = std::min(level.min_db, level_db - low_db);
    level.max_db = std::max(level.max_db, level_db - high_db);
    if (c >= before + g.span) break;
    c = std::min(c, before + g.span - hop);  // the last centre lands exactly on point + span
  }
  return level;
}

double excursion_beyond(double min_db, double max_db, double tolerance_db) {
  return std::max({0.0, -min_db - tolerance_db, max_db - tolerance_db});
}

}  // namespace

double SeamReport::level_jump_db() const {
  if (before_rms <= 1e-12 || after_rms <= 1e-12) return 0.0;
  return to_db(after_rms / before_rms);
}

double SeamReport::excursion_db() const {
  return excursion_beyond(seam_min_db, seam_max_db, tolerance_db);
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

  const Geometry geometry = fit(length, options);
  std::vector<double> prefix;
  const LevelAcross seam = level_across(loop, 0, geometry, prefix);
  report.before_rms = seam.before_rms;
  report.after_rms = seam.after_rms;
  report.surrounding_rms =
      std::sqrt(0.5 * (seam.before_rms * seam.before_rms + seam.after_rms * seam.after_rms));
  report.seam_min_db = seam.min_db;
  report.seam_max_db = seam.max_db;
  if (report.excursion_db() == 0.0) return report;  // inside the band: no need to look further

  const std::size_t points = options.interior_points;
  for (std::size_t k = 1; k <= points; ++k) {
    const LevelAcross inside = level_across(loop, length * k / (points + 1), geometry, prefix);
    report.interior_excursion_db = std::max(
        report.interior_excursion_db, excursion_beyond(inside.min_db, inside.max_db, options.tolerance_db));
  }
  return report;
}

}  // namespace afterglow::dsp
