#pragma once
// Per-frame spectral centroid sum_k f_k S_k / sum_k S_k with f_k = k sr / n_fft, in two weightings,
// because the original tool uses both and thresholds depend on which:
//  - magnitude-weighted (S = |X|): librosa.feature.spectral_centroid on the magnitude STFT, the
//    brightness measure (reference §2.8, §2.9);
//  - power-weighted (S = |X|^2): what the pre-analysis window centroid averages (reference §3). Power
//    weighting leans further towards the loudest partials.
// A frame whose weight sum is ~0 (silence) yields 0 Hz, as librosa's normalisation does.

#include <vector>

#include "afterglow/analysis/stft.h"

namespace afterglow::analysis {

class SpectralCentroid final : public FrameConsumer {
 public:
  void begin(const StftLayout& layout) override;
  void consume(const StftFrame& frame) override;

  const std::vector<float>& magnitude_weighted() const { return magnitude_weighted_; }
  const std::vector<float>& power_weighted() const { return power_weighted_; }
  std::vector<float> take_magnitude_weighted() { return std::move(magnitude_weighted_); }
  std::vector<float> take_power_weighted() { return std::move(power_weighted_); }

 private:
  std::vector<float> magnitude_weighted_;
  std::vector<float> power_weighted_;
  std::vector<float> bin_hz_;
};

}  // namespace afterglow::analysis
