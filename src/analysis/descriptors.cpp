#include "afterglow/analysis/descriptors.h"

#include <algorithm>
#include <cmath>

#include "afterglow/analysis/grain_quality.h"

namespace afterglow::analysis {
namespace {

float unit(double x) {
  return static_cast<float>(std::clamp(x, 0.0, 1.0));
}

// Standard deviation of the frame levels in dB over frames [first, last).
double level_spread_db(std::span<const float> frame_rms, std::size_t first, std::size_t last) {
  last = std::min(last, frame_rms.size());
  if (last <= first + 1) return 0.0;
  double sum = 0.0;
  double sum_sq = 0.0;
  for (std::size_t i = first; i < last; ++i) {
    const double db = frame_rms[i] > 1e-4f ? 20.0 * std::log10(frame_rms[i]) : -80.0;
    sum += db;
    sum_sq += db * db;
  }
  const double n = static_cast<double>(last - first);
  const double mean = sum / n;
  return std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
}

}  // namespace

float normalised_loudness(double db) {
  return unit((db + 60.0) / 60.0);
}

float normalised_brightness(double centroid_hz) {
  if (!(centroid_hz > 100.0)) return 0.0f;
  return unit(std::log2(centroid_hz / 100.0) / std::log2(100.0));
}

float normalised_onset_density(double onsets_per_second) {
  return unit(onsets_per_second / 8.0);
}

float stability_score(double onsets_per_second, double level_spread) {
  return unit((1.0 - std::min(1.0, onsets_per_second / 4.0)) * (1.0 - std::min(1.0, level_spread / 12.0)));
}

std::vector<WindowMeasures> measure_windows(std::span<const float> mono, const AudioAnalysis& analysis) {
  const WindowAnalysis& w = analysis.windows;
  const FrameFeatures& f = analysis.frames;
  std::vector<WindowMeasures> out(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    const SampleRange r = w.window_range(i);
    const std::size_t first = f.hop ? r.start / f.hop : 0;
    const std::size_t last = f.hop ? r.end / f.hop : 0;
    WindowMeasures& m = out[i];
    m.loudness_db = w.features().rms_db[i];
    m.centroid_hz =
        static_cast<float>(mean_over_frames(f.centroid_magnitude, first, last, kFallbackCentroidHz));
    m.flatness = static_cast<float>(mean_over_frames(f.flatness, first, last, 0.0));
    m.onset_rate_hz = static_cast<float>(w.onset_rate(i));
    m.level_spread_db = static_cast<float>(level_spread_db(f.rms, first, last));
    const std::size_t end = std::min(r.end, mono.size());
    m.quality =
        r.start < end ? static_cast<float>(grain_quality_score(mono.subspan(r.start, end - r.start))) : 0.0f;
  }
  return out;
}

std::vector<WindowDescriptor> describe_windows(std::span<const WindowMeasures> measures,
                                               const StabilityMask& mask, const DescriptorParams& params) {
  std::vector<WindowDescriptor> out(measures.size());
  for (std::size_t i = 0; i < measures.size(); ++i) {
    const WindowMeasures& m = measures[i];
    WindowDescriptor& d = out[i];
    d.loudness = normalised_loudness(m.loudness_db);
    d.brightness = normalised_brightness(m.centroid_hz);
    d.flatness = unit(m.flatness);
    d.onset_density = normalised_onset_density(m.onset_rate_hz);
    d.stability = stability_score(m.onset_rate_hz, m.level_spread_db);
    d.quality = unit(m.quality);
    d.stable = i < mask.size() && mask[i] != 0;
    d.acceptable = d.stable && static_cast<double>(m.quality) >= params.min_quality;
  }
  return out;
}

}  // namespace afterglow::analysis
