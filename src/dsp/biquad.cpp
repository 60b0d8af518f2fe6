#include "afterglow/dsp/biquad.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace afterglow::dsp {
namespace {

struct Prewarp {
  double cos_w;
  double alpha;
};

Prewarp prewarp(double sample_rate, double freq_hz, double q) {
  const double f = std::clamp(freq_hz, 1e-3, 0.499 * sample_rate);
  const double w = 2.0 * std::numbers::pi * f / sample_rate;
  return {std::cos(w), std::sin(w) / (2.0 * std::max(q, 1e-3))};
}

// Normalises the cookbook's (b0, b1, b2, a0, a1, a2) by a0.
SosSection normalised(double b0, double b1, double b2, double a0, double a1, double a2) {
  return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

}  // namespace

SosSection rbj_lowpass(double sample_rate, double freq_hz, double q) {
  const auto [c, alpha] = prewarp(sample_rate, freq_hz, q);
  return normalised((1.0 - c) / 2.0, 1.0 - c, (1.0 - c) / 2.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

SosSection rbj_highpass(double sample_rate, double freq_hz, double q) {
  const auto [c, alpha] = prewarp(sample_rate, freq_hz, q);
  return normalised((1.0 + c) / 2.0, -(1.0 + c), (1.0 + c) / 2.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

SosSection rbj_bandpass(double sample_rate, double freq_hz, double q) {
  const auto [c, alpha] = prewarp(sample_rate, freq_hz, q);
  return normalised(alpha, 0.0, -alpha, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

SosSection rbj_notch(double sample_rate, double freq_hz, double q) {
  const auto [c, alpha] = prewarp(sample_rate, freq_hz, q);
  return normalised(1.0, -2.0 * c, 1.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

SosSection rbj_peaking(double sample_rate, double freq_hz, double q, double gain_db) {
  const auto [c, alpha] = prewarp(sample_rate, freq_hz, q);
  const double a = std::pow(10.0, gain_db / 40.0);
  return normalised(1.0 + alpha * a, -2.0 * c, 1.0 - alpha * a, 1.0 + alpha / a, -2.0 * c, 1.0 - alpha / a);
}

SosSection rbj_low_shelf(double sample_rate, double freq_hz, double gain_db) {
  // Shelf slope S = 1: alpha = sin(w)/2 · sqrt(2), i.e. Q = 1/sqrt(2).
  const auto [c, alpha] = prewarp(sample_rate, freq_hz, 0.7071067811865476);
  const double a = std::pow(10.0, gain_db / 40.0);
  const double k = 2.0 * std::sqrt(a) * alpha;
  return normalised(a * ((a + 1.0) - (a - 1.0) * c + k), 2.0 * a * ((a - 1.0) - (a + 1.0) * c),
                    a * ((a + 1.0) - (a - 1.0) * c - k), (a + 1.0) + (a - 1.0) * c + k,
                    -2.0 * ((a - 1.0) + (a + 1.0) * c), (a + 1.0) + (a - 1.0) * c - k);
}

SosSection rbj_high_shelf(double sample_rate, double freq_hz, double gain_db) {
  const auto [c, alpha] = prewarp(sample_rate, freq_hz, 0.7071067811865476);
  const double a = std::pow(10.0, gain_db / 40.0);
  const double k = 2.0 * std::sqrt(a) * alpha;
  return normalised(a * ((a + 1.0) + (a - 1.0) * c + k), -2.0 * a * ((a - 1.0) + (a + 1.0) * c),
                    a * ((a + 1.0) + (a - 1.0) * c - k), (a + 1.0) - (a - 1.0) * c + k,
                    2.0 * ((a - 1.0) - (a + 1.0) * c), (a + 1.0) - (a - 1.0) * c - k);
}

void BiquadCascade::set_sections(std::span<const SosSection> sections) {
  const std::size_t n = std::min(sections.size(), kCapacity);
  std::copy_n(sections.begin(), n, c_.begin());
  // Sections that come into use start from silence rather than from stale state.
  for (std::size_t k = count_; k < n; ++k) s_[k] = {0.0, 0.0};
  count_ = n;
}

void BiquadCascade::reset() {
  for (auto& s : s_) s = {0.0, 0.0};
}

}  // namespace afterglow::dsp
