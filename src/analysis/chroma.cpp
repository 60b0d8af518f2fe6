#include "afterglow/analysis/chroma.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace afterglow::analysis {
namespace {

// Semitones above C0 (MIDI 12) of a frequency; pitch class = value mod 12 with C = 0.
double semitones_from_c(double hz) {
  return 12.0 * std::log2(hz / 440.0) + 57.0;
}

// Half-width of the cos² weighting window, in semitones (HPCP's 4/3-semitone window).
constexpr float kHalfWindow = 2.0f / 3.0f;

float cos2_weight(float distance) {
  if (std::abs(distance) >= kHalfWindow) return 0.0f;
  const float c = std::cos(static_cast<float>(std::numbers::pi) * 0.5f * distance / kHalfWindow);
  return c * c;
}

}  // namespace

void Chroma::begin(const StftLayout& layout) {
  sum_.fill(0.0);
  counted_ = 0;
  semitones_.assign(layout.bins, 0.0f);
  for (std::size_t k = 1; k < layout.bins; ++k)
    semitones_[k] = static_cast<float>(semitones_from_c(layout.bin_hz(k)));
  const double bin_hz = layout.sample_rate / static_cast<double>(layout.n_fft);
  const double top = std::min(params_.max_hz, layout.sample_rate / 2.0);
  first_bin_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(params_.min_hz / bin_hz)));
  last_bin_ =
      std::min(layout.bins >= 2 ? layout.bins - 2 : 0, static_cast<std::size_t>(std::floor(top / bin_hz)));
}

void Chroma::consume(const StftFrame& frame) {
  const std::span<const float> m = frame.magnitude;
  if (last_bin_ < first_bin_) return;
  float loudest = 0.0f;
  for (std::size_t k = first_bin_; k <= last_bin_; ++k) loudest = std::max(loudest, m[k]);
  const auto threshold = static_cast<float>(loudest * std::pow(10.0, -params_.peak_range_db / 20.0));

  std::array<float, kPitchClasses> c{};
  for (std::size_t k = first_bin_; k <= last_bin_; ++k) {
    const float b = m[k];
    if (!(b > m[k - 1] && b >= m[k + 1] && b > threshold)) continue;
    const float a = m[k - 1];
    const float g = m[k + 1];
    const float denom = a - 2.0f * b + g;
    const float p = denom < 0.0f ? std::clamp(0.5f * (a - g) / denom, -0.5f, 0.5f) : 0.0f;
    const float amplitude = b - 0.25f * (a - g) * p;
    // The refined pitch, interpolated between the bins' semitone values (no log per peak).
    const float semis = p >= 0.0f ? semitones_[k] + p * (semitones_[k + 1] - semitones_[k])
                                  : semitones_[k] + p * (semitones_[k] - semitones_[k - 1]);
    const float nearest = std::round(semis);
    const float d = semis - nearest;
    const int pc = ((static_cast<int>(nearest) % 12) + 12) % 12;
    c[static_cast<std::size_t>(pc)] += amplitude * cos2_weight(d);
    // The neighbouring class on the partial's side gets its share when it lies within the window.
    const int side = d >= 0.0f ? 1 : -1;
    c[static_cast<std::size_t>((pc + side + 12) % 12)] +=
        amplitude * cos2_weight(static_cast<float>(side) - d);
  }
  const float peak = *std::max_element(c.begin(), c.end());
  if (!(peak >= params_.floor)) return;
  for (std::size_t pc = 0; pc < kPitchClasses; ++pc) sum_[pc] += c[pc] / peak;
  ++counted_;
}

ChromaVector Chroma::mean() const {
  ChromaVector m{};
  if (counted_ == 0) return m;
  for (std::size_t pc = 0; pc < kPitchClasses; ++pc) {
    m[pc] = static_cast<float>(sum_[pc] / static_cast<double>(counted_));
  }
  return m;
}

}  // namespace afterglow::analysis
