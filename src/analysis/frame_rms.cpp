#include "afterglow/analysis/frame_rms.h"

#include <cmath>

namespace afterglow::analysis {

void FrameRms::begin(const StftLayout& layout) {
  values_.assign(layout.frame_count, 0.0f);
}

void FrameRms::consume(const StftFrame& frame) {
  // Four float partial sums: vectorises, and 2048 squares stay well inside float precision.
  float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  const std::size_t n = frame.samples.size();
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t j = 0; j < 4; ++j) acc[j] += frame.samples[i + j] * frame.samples[i + j];
  }
  for (; i < n; ++i) acc[0] += frame.samples[i] * frame.samples[i];
  const double sum = static_cast<double>(acc[0]) + acc[1] + acc[2] + acc[3];
  values_[frame.index] = n > 0 ? static_cast<float>(std::sqrt(sum / static_cast<double>(n))) : 0.0f;
}

}  // namespace afterglow::analysis
