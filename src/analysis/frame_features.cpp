#include "afterglow/analysis/frame_features.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "afterglow/analysis/frame_rms.h"
#include "afterglow/analysis/spectral_centroid.h"
#include "afterglow/analysis/spectral_flatness.h"

namespace afterglow::analysis {

std::size_t FrameFeatures::onsets_in(std::size_t start, std::size_t end) const {
  if (hop == 0 || end <= start) return 0;
  // onset sample = frame * hop, so frame*hop >= start <=> frame >= ceil(start / hop).
  const std::size_t first_frame = (start + hop - 1) / hop;
  const std::size_t end_frame = (end + hop - 1) / hop;
  const auto lo = std::lower_bound(onset_frames.begin(), onset_frames.end(), first_frame);
  const auto hi = std::lower_bound(lo, onset_frames.end(), end_frame);
  return static_cast<std::size_t>(hi - lo);
}

Result<FrameFeatures> compute_frame_features(std::span<const float> mono, double sample_rate,
                                             const FrameFeatureParams& params,
                                             std::span<FrameConsumer* const> extra_consumers) {
  auto stft = Stft::create(params.stft);
  if (!stft) return stft.error();

  FrameRms rms;
  SpectralCentroid centroid;
  SpectralFlatness flatness;
  OnsetStrength onset(params.onset_strength);
  std::vector<FrameConsumer*> consumers{&rms, &centroid, &flatness, &onset};
  consumers.insert(consumers.end(), extra_consumers.begin(), extra_consumers.end());
  if (auto status = stft->run(mono, sample_rate, consumers); !status) return status.error();

  FrameFeatures f;
  f.sample_rate = sample_rate;
  f.length = mono.size();
  f.n_fft = params.stft.n_fft;
  f.hop = params.stft.hop;
  f.rms = rms.take();
  f.centroid_magnitude = centroid.take_magnitude_weighted();
  f.centroid_power = centroid.take_power_weighted();
  f.flatness = flatness.take();
  f.onset_strength = onset.take();
  PeakPickParams pick;
  if (params.peak_pick) {
    pick = *params.peak_pick;
  } else {
    pick = PeakPickParams::for_rate(sample_rate, f.hop);
    pick.min_rise = params.onset_min_rise_db;
  }
  f.onset_frames = pick_onsets(f.onset_strength, pick);
  return f;
}

double mean_over_frames(std::span<const float> values, std::size_t first, std::size_t last, double fallback) {
  last = std::min(last, values.size());
  if (first >= last) return fallback;
  double sum = 0.0;
  for (std::size_t i = first; i < last; ++i) sum += values[i];
  return sum / static_cast<double>(last - first);
}

}  // namespace afterglow::analysis
