#include "afterglow/analysis/spectral_centroid.h"

#include <limits>

namespace afterglow::analysis {
namespace {

// librosa normalises each column by its L1 norm and leaves columns below the dtype's smallest normal
// number untouched (all zeros), so a silent frame's centroid is 0.
constexpr double kTiny = std::numeric_limits<float>::min();

float centroid(std::span<const float> weights, const std::vector<float>& bin_hz) {
  double num = 0.0;
  double den = 0.0;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    num += static_cast<double>(bin_hz[k]) * weights[k];
    den += weights[k];
  }
  return den < kTiny ? 0.0f : static_cast<float>(num / den);
}

}  // namespace

void SpectralCentroid::begin(const StftLayout& layout) {
  magnitude_weighted_.assign(layout.frame_count, 0.0f);
  power_weighted_.assign(layout.frame_count, 0.0f);
  bin_hz_.resize(layout.bins);
  for (std::size_t k = 0; k < layout.bins; ++k) bin_hz_[k] = static_cast<float>(layout.bin_hz(k));
}

void SpectralCentroid::consume(const StftFrame& frame) {
  magnitude_weighted_[frame.index] = centroid(frame.magnitude, bin_hz_);
  power_weighted_[frame.index] = centroid(frame.power, bin_hz_);
}

}  // namespace afterglow::analysis
