#include "afterglow/analysis/spectral_flatness.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace afterglow::analysis {

float spectral_flatness(std::span<const float> power) {
  if (power.empty()) return 0.0f;
  // The geometric mean needs sum(log p). A log per bin dominated the whole analysis, so the values are
  // multiplied in double in blocks of 16 (each in [1e-10, ~1e7]: the product of 16 stays far inside the
  // double range) and only the block product's exponent and one log per block are taken. Same result
  // as summing logs, to double rounding.
  constexpr std::size_t kBlock = 16;
  double log_sum = 0.0;
  double arith = 0.0;
  std::size_t k = 0;
  while (k < power.size()) {
    const std::size_t end = std::min(power.size(), k + kBlock);
    double product = 1.0;
    for (; k < end; ++k) {
      const double p = std::max(kFlatnessFloor, power[k]);
      product *= p;
      arith += p;
    }
    int exponent = 0;
    const double mantissa = std::frexp(product, &exponent);
    log_sum += std::log(mantissa) + exponent * std::numbers::ln2;
  }
  const double n = static_cast<double>(power.size());
  const double geometric = std::exp(log_sum / n);
  return static_cast<float>(geometric / (arith / n));
}

void SpectralFlatness::begin(const StftLayout& layout) {
  values_.assign(layout.frame_count, 0.0f);
}

void SpectralFlatness::consume(const StftFrame& frame) {
  values_[frame.index] = spectral_flatness(frame.power);
}

}  // namespace afterglow::analysis
