#include "afterglow/analysis/pitch.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

#include "afterglow/core/fft.h"

namespace afterglow::analysis {
namespace {

bool is_235_smooth(std::size_t n) {
  for (std::size_t p : {2u, 3u, 5u}) {
    while (n % p == 0) n /= p;
  }
  return n == 1;
}

}  // namespace

std::size_t fast_fft_size(std::size_t size) {
  std::size_t n = std::max<std::size_t>(2, size + (size % 2));
  while (!is_235_smooth(n)) n += 2;
  return n;
}

std::optional<double> estimate_pitch(std::span<const float> mono, double sample_rate) {
  if (mono.empty() || !(sample_rate > 0.0) || !std::isfinite(sample_rate)) return std::nullopt;
  double sum = 0.0;
  for (float x : mono) sum += x;
  const auto mean = static_cast<float>(sum / static_cast<double>(mono.size()));

  const std::size_t n = fast_fft_size(mono.size());
  std::vector<float> input(n, 0.0f);
  float peak = 0.0f;
  for (std::size_t i = 0; i < mono.size(); ++i) {
    input[i] = mono[i] - mean;
    peak = std::max(peak, std::abs(input[i]));
  }
  if (peak < 1e-4f) return std::nullopt;

  RealFft fft(n);
  std::vector<std::complex<float>> spectrum(fft.bins());
  fft.forward(input, spectrum);
  std::size_t best = 0;
  float best_power = -1.0f;
  for (std::size_t k = 0; k < spectrum.size(); ++k) {
    const float p = std::norm(spectrum[k]);
    if (p > best_power) {  // first maximum wins, as numpy's argmax
      best_power = p;
      best = k;
    }
  }
  const double hz = static_cast<double>(best) * sample_rate / static_cast<double>(n);
  if (hz < kPitchMinHz || hz > kPitchMaxHz) return std::nullopt;
  return hz;
}

}  // namespace afterglow::analysis
