#include "afterglow/analysis/grain_quality.h"

#include <algorithm>
#include <cmath>

namespace afterglow::analysis {

double grain_quality_score(std::span<const float> grain) {
  const std::size_t n = grain.size();
  if (n < 2) return 0.1;
  const std::size_t half = n / 2;
  double sum = 0.0;
  double first_energy = 0.0;
  double second_energy = 0.0;
  float peak = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = grain[i];
    sum += x;
    (i < half ? first_energy : second_energy) += x * x;
    peak = std::max(peak, std::abs(grain[i]));
  }
  const double count = static_cast<double>(n);
  const double rms = std::sqrt((first_energy + second_energy) / count);
  const double mean = std::abs(sum / count);

  double score = 1.0;
  if (rms < 0.005) {
    score *= 0.1;
  } else if (rms < 0.01) {
    score *= 0.3;
  }
  if (mean > 0.15) {
    score *= 0.5;
  } else if (mean > 0.08) {
    score *= 0.75;
  }
  if (peak > 0.98f) {
    score *= 0.3;
  } else if (peak > 0.95f) {
    score *= 0.5;
  }
  const double crest = peak / (rms + 1e-6);
  if (crest > 15.0) {
    score *= 0.4;
  } else if (crest > 10.0) {
    score *= 0.6;
  }
  if (n > 10) {
    const double total = first_energy + second_energy;
    const double skew = total > 0.0 ? std::abs(first_energy - second_energy) / total : 0.0;
    if (skew > 0.85) {
      score *= 0.3;
    } else if (skew > 0.7) {
      score *= 0.6;
    }
  }
  return std::clamp(score, 0.0, 1.0);
}

}  // namespace afterglow::analysis
