#include "afterglow/analysis/window_analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace afterglow::analysis {
namespace {

Error invalid(std::string message, std::string key, double value) {
  return Error(ErrorKind::kInvalidValue, std::move(message), {{std::move(key), fmt::format("{}", value)}});
}

float lin_to_db(double v) {
  return v <= 0.0 ? -80.0f : static_cast<float>(20.0 * std::log10(v));
}

}  // namespace

Result<WindowGrid> make_window_grid(std::size_t length, double sample_rate, const WindowParams& params) {
  if (!(sample_rate > 0.0) || !std::isfinite(sample_rate)) {
    return invalid("The analysis sample rate must be positive", "sample_rate", sample_rate);
  }
  if (!(params.window_sec > 0.0) || !std::isfinite(params.window_sec)) {
    return invalid("The analysis window must be longer than zero seconds", "analysis_window_sec",
                   params.window_sec);
  }
  if (!(params.hop_sec > 0.0) || !std::isfinite(params.hop_sec)) {
    return invalid("The analysis hop must be longer than zero seconds", "analysis_hop_sec", params.hop_sec);
  }
  const double w = std::floor(params.window_sec * sample_rate);
  const double h = std::floor(params.hop_sec * sample_rate);
  if (w < 1.0)
    return invalid("The analysis window is shorter than one sample", "analysis_window_sec",
                   params.window_sec);
  if (h < 1.0)
    return invalid("The analysis hop is shorter than one sample", "analysis_hop_sec", params.hop_sec);

  WindowGrid g;
  g.sample_rate = sample_rate;
  g.length = length;
  g.window = static_cast<std::size_t>(w);
  g.hop = static_cast<std::size_t>(h);
  if (length == 0) return g;
  if (g.window > length) {
    // A clip shorter than one window is analysed as a single window over all of it.
    g.window = length;
    g.hop = length;
  }
  g.count = (length - g.window) / g.hop + 1;
  return g;
}

Result<WindowAnalysis> WindowAnalysis::create(std::span<const float> mono, const FrameFeatures& frames,
                                              const WindowParams& params) {
  auto grid = make_window_grid(mono.size(), frames.sample_rate, params);
  if (!grid) return grid.error();
  if (frames.length != mono.size() || frames.hop == 0) {
    return Error(
        ErrorKind::kInvalidValue, "The frame features were computed for a different signal",
        {{"samples", std::to_string(mono.size())}, {"feature_samples", std::to_string(frames.length)}});
  }

  WindowAnalysis a;
  a.grid_ = *grid;
  const std::size_t n = a.grid_.count;
  WindowFeatures& f = a.features_;
  f.rms_db.resize(n);
  f.dc.resize(n);
  f.crest.resize(n);
  f.centroid_hz.resize(n);
  f.onsets.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const SampleRange r = a.grid_.range(i);
    // Float partial sums over short runs, folded into double: vectorises and stays exact enough for
    // hour-long windows.
    double sum = 0.0;
    double sum_sq = 0.0;
    float peak = 0.0f;
    constexpr std::size_t kRun = 1024;
    for (std::size_t s = r.start; s < r.end; s += kRun) {
      const std::size_t e = std::min(r.end, s + kRun);
      float run_sum = 0.0f;
      float run_sq = 0.0f;
      for (std::size_t k = s; k < e; ++k) {
        const float x = mono[k];
        run_sum += x;
        run_sq += x * x;
        peak = std::max(peak, std::abs(x));
      }
      sum += run_sum;
      sum_sq += run_sq;
    }
    const double count = static_cast<double>(r.size());
    const double rms = count > 0 ? std::sqrt(sum_sq / count) : 0.0;
    f.rms_db[i] = lin_to_db(rms);
    f.dc[i] = count > 0 ? static_cast<float>(std::abs(sum / count)) : 0.0f;
    f.crest[i] = rms > kCrestSilenceRms ? static_cast<float>(peak / rms) : 0.0f;
    f.centroid_hz[i] = static_cast<float>(mean_over_frames(frames.centroid_power, r.start / frames.hop,
                                                           r.end / frames.hop, kFallbackCentroidHz));
    f.onsets[i] = static_cast<std::uint32_t>(frames.onsets_in(r.start, r.end));
  }
  return a;
}

double WindowAnalysis::onset_rate(std::size_t i) const {
  const double seconds = grid_.window_seconds();
  return seconds > 0.0 ? features_.onsets[i] / seconds : 0.0;
}

}  // namespace afterglow::analysis
