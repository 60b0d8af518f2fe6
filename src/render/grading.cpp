#include "afterglow/render/grading.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "afterglow/analysis/pitch.h"
#include "afterglow/analysis/spectral_centroid.h"
#include "afterglow/analysis/stft.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/io/downmix.h"

namespace afterglow::render {
namespace {

constexpr std::size_t kMaxSeam = 2048;
constexpr double kStepPercentile = 99.9;
constexpr double kMissingRmsDb = -120.0;
constexpr double kGradeAMarginDb = 15.0;
constexpr double kGradeACrestFraction = 0.6;
constexpr double kGradeALoopErrorDb = -30.0;

double mean_centroid(std::span<const float> mono, double sample_rate) {
  if (mono.empty() || !(sample_rate > 0.0)) return 0.0;
  auto stft = analysis::Stft::create();
  if (!stft.ok()) return 0.0;
  analysis::SpectralCentroid centroid;
  analysis::FrameConsumer* consumers[] = {&centroid};
  if (!stft->run(mono, sample_rate, consumers).ok()) return 0.0;
  const auto& frames = centroid.magnitude_weighted();
  if (frames.empty()) return 0.0;
  double sum = 0.0;
  for (float c : frames) sum += c;
  return sum / static_cast<double>(frames.size());
}

// How far the wrap's differences of order 1 (a step) and 2 (a kink: the slope reversing, as when a
// sine is cut at a zero crossing) go beyond the `percentile` of the same differences inside the loop.
double wrap_excess(std::span<const float> y) {
  const std::size_t n = y.size();
  if (n < 4) return 0.0;
  const auto at = [&](std::size_t i) { return static_cast<double>(y[i % n]); };
  double excess = 0.0;
  std::vector<float> inner;
  inner.reserve(n);
  for (int order = 1; order <= 2; ++order) {
    inner.clear();
    // Differences whose points lie inside the loop (not across the wrap).
    for (std::size_t i = 0; i + static_cast<std::size_t>(order) < n; ++i) {
      const double d = order == 1 ? at(i + 1) - at(i) : at(i + 2) - 2.0 * at(i + 1) + at(i);
      inner.push_back(static_cast<float>(std::fabs(d)));
    }
    const auto rank =
        static_cast<std::size_t>(std::floor(kStepPercentile / 100.0 * static_cast<double>(inner.size() - 1)));
    std::nth_element(inner.begin(), inner.begin() + static_cast<std::ptrdiff_t>(rank), inner.end());
    const double typical = inner[rank];
    // Differences that straddle the wrap, i.e. start in the last `order` samples.
    for (std::size_t i = n - static_cast<std::size_t>(order); i < n; ++i) {
      const double d = order == 1 ? at(i + 1) - at(i) : at(i + 2) - 2.0 * at(i + 1) + at(i);
      excess = std::max(excess, std::fabs(d) - typical);
    }
  }
  return excess;
}

}  // namespace

std::string_view to_string(Grade grade) {
  switch (grade) {
    case Grade::kA:
      return "A";
    case Grade::kB:
      return "B";
    case Grade::kF:
      return "F";
  }
  return "F";
}

std::size_t seam_length(std::size_t frames) {
  return std::min(frames / 8, kMaxSeam);
}

std::optional<double> loop_error_db(std::span<const float> mono) {
  const std::size_t s = seam_length(mono.size());
  if (s == 0) return std::nullopt;
  const double level = dsp::rms(mono);
  if (!(level > kCrestSilentRms)) return 20.0 * std::log10(kLoopErrorFloor);

  const double step_excess = wrap_excess(mono) / level;

  const double head = dsp::rms(mono.first(s));
  const double tail = dsp::rms(mono.last(s));
  double level_excess = 0.0;
  if (head > 0.0 && tail > 0.0) {
    const double jump_db = std::fabs(20.0 * std::log10(head / tail));
    level_excess = std::pow(10.0, std::max(0.0, jump_db - kLoopLevelAllowanceDb) / 20.0) - 1.0;
  } else if (head > 0.0 || tail > 0.0) {
    level_excess = 1.0;  // one side silent: the loop drops out (or bursts in) at every repeat
  }
  return 20.0 * std::log10(std::max(step_excess, level_excess) + kLoopErrorFloor);
}

AudioMetrics measure_audio(const io::AudioBuffer& audio, const MeasureOptions& options) {
  AudioMetrics m;
  const std::vector<float> mono = io::downmix(audio);
  m.duration_sec = audio.duration_seconds();
  const double level = dsp::rms(mono);
  m.rms_db = dsp::lin_to_db(level);
  m.peak = dsp::peak(mono);
  m.crest_factor = level > kCrestSilentRms ? m.peak / level : std::numeric_limits<double>::infinity();
  m.centroid_hz = mean_centroid(mono, audio.sample_rate);
  if (options.estimate_pitch) m.est_freq_hz = analysis::estimate_pitch(mono, audio.sample_rate);
  if (options.is_loop) m.loop_error_db = loop_error_db(mono);
  return m;
}

Grade grade_audio(std::optional<double> rms_db, std::optional<double> peak,
                  std::optional<double> crest_factor, std::optional<double> loop_error,
                  const config::CurationThresholds& t) {
  const double r = rms_db.value_or(kMissingRmsDb);
  const double p = peak.value_or(0.0);
  const double c = crest_factor.value_or(std::numeric_limits<double>::infinity());
  const double k = t.max_crest_factor;
  // NaN metrics fail every comparison below; written this way they grade F rather than slip through.
  if (!(r >= t.min_rms_db) || !(p < 1.0 - t.clipping_tolerance) || !(c <= k)) return Grade::kF;
  const bool seam_ok = !loop_error.has_value() || *loop_error < kGradeALoopErrorDb;
  if (r > t.min_rms_db + kGradeAMarginDb && c < kGradeACrestFraction * k && seam_ok) return Grade::kA;
  return Grade::kB;
}

Grade grade_audio(const AudioMetrics& metrics, const config::CurationThresholds& thresholds) {
  return grade_audio(metrics.rms_db, metrics.peak, metrics.crest_factor, metrics.loop_error_db, thresholds);
}

}  // namespace afterglow::render
