#include "afterglow/analysis/spectral_centroid.h"

#include <limits>

namespace afterglow::analysis {
namespace {

// librosa normalises each column by its L1 norm and leaves columns below the dtype's smallest normal
// number untouched (all zeros), so a silent frame's centroid is 0.
constexpr double kTiny = std::numeric_limits<float>::min();

float centroid(std::span<const float> weights, const std::vector<float>& bin_hz) {
  // Eight independent float partial sums: the loop vectorises without -ffast-math, and the relative
  // error over ~1000 positive terms (~1e-5) is far below a bin.
  constexpr std::size_t kLanes = 8;
  float num[kLanes] = {};
  float den[kLanes] = {};
  const std::size_t n = weights.size();
  std::size_t k = 0;
  for (; k + kLanes <= n; k += kLanes) {
    for (std::size_t j = 0; j < kLanes; ++j) {
      num[j] += bin_hz[k + j] * weights[k + j];
      den[j] += weights[k + j];
    }
  }
  double num_sum = 0.0;
  double den_sum = 0.0;
  for (; k < n; ++k) {
    num_sum += static_cast<double>(bin_hz[k]) * weights[k];
    den_sum += weights[k];
  }
  for (std::size_t j = 0; j < kLanes; ++j) {
    num_sum += num[j];
    den_sum += den[j];
  }
  return den_sum < kTiny ? 0.0f : static_cast<float>(num_sum / den_sum);
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
