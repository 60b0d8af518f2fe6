#include "afterglow/analysis/mel_filterbank.h"

#include <algorithm>
#include <cmath>

namespace afterglow::analysis {
namespace {

constexpr double kLinearHzPerMel = 200.0 / 3.0;
constexpr double kLogStartHz = 1000.0;
constexpr double kLogStartMel = kLogStartHz / kLinearHzPerMel;  // 15
const double kLogStep = std::log(6.4) / 27.0;

}  // namespace

double hz_to_mel_slaney(double hz) {
  if (hz >= kLogStartHz) return kLogStartMel + std::log(hz / kLogStartHz) / kLogStep;
  return hz / kLinearHzPerMel;
}

double mel_to_hz_slaney(double mel) {
  if (mel >= kLogStartMel) return kLogStartHz * std::exp(kLogStep * (mel - kLogStartMel));
  return mel * kLinearHzPerMel;
}

MelFilterbank::MelFilterbank(double sample_rate, std::size_t n_fft, std::size_t n_mels)
    : bins_(n_fft / 2 + 1) {
  // Band edges: n_mels + 2 points evenly spaced in mel between 0 Hz and Nyquist.
  const double fmax = sample_rate / 2.0;
  const double mel_max = hz_to_mel_slaney(fmax);
  std::vector<double> edge_hz(n_mels + 2);
  for (std::size_t i = 0; i < edge_hz.size(); ++i) {
    const double mel = mel_max * static_cast<double>(i) / static_cast<double>(n_mels + 1);
    edge_hz[i] = mel_to_hz_slaney(mel);
  }
  // Bin frequencies: linspace(0, sr/2, bins), exactly k * sr / n_fft.
  std::vector<double> bin_hz(bins_);
  for (std::size_t k = 0; k < bins_; ++k)
    bin_hz[k] = static_cast<double>(k) * sample_rate / static_cast<double>(n_fft);

  first_bin_.assign(n_mels, 0);
  offset_.assign(n_mels + 1, 0);
  std::vector<float> row(bins_);
  for (std::size_t b = 0; b < n_mels; ++b) {
    const double lower_width = edge_hz[b + 1] - edge_hz[b];
    const double upper_width = edge_hz[b + 2] - edge_hz[b + 1];
    const double norm = 2.0 / (edge_hz[b + 2] - edge_hz[b]);
    std::size_t first = bins_;
    std::size_t last = 0;
    for (std::size_t k = 0; k < bins_; ++k) {
      const double rising = (bin_hz[k] - edge_hz[b]) / lower_width;
      const double falling = (edge_hz[b + 2] - bin_hz[k]) / upper_width;
      // librosa computes the weights in float64 and stores them as float32.
      const auto w = static_cast<float>(std::max(0.0, std::min(rising, falling)) * norm);
      row[k] = w;
      if (w > 0.0f) {
        first = std::min(first, k);
        last = k + 1;
      }
    }
    if (first >= last) first = last = 0;  // an empty band (possible at low rates): no bins
    first_bin_[b] = first;
    weights_.insert(weights_.end(), row.begin() + static_cast<std::ptrdiff_t>(first),
                    row.begin() + static_cast<std::ptrdiff_t>(last));
    offset_[b + 1] = weights_.size();
  }
}

void MelFilterbank::apply(std::span<const float> power, std::span<float> mel) const {
  for (std::size_t b = 0; b < first_bin_.size(); ++b) {
    const float* w = weights_.data() + offset_[b];
    const float* p = power.data() + first_bin_[b];
    const std::size_t n = offset_[b + 1] - offset_[b];
    float acc = 0.0f;
    for (std::size_t i = 0; i < n; ++i) acc += w[i] * p[i];
    mel[b] = acc;
  }
}

float MelFilterbank::weight(std::size_t band, std::size_t bin) const {
  const std::size_t first = first_bin_[band];
  if (bin < first || bin >= first + bin_count(band)) return 0.0f;
  return weights_[offset_[band] + (bin - first)];
}

}  // namespace afterglow::analysis
