#include "afterglow/dsp/window.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace afterglow::dsp {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// The denominator scipy uses: L−1 for a symmetric window, L for a periodic one (a symmetric window of
// L+1 points with the last dropped).
double span_of(std::size_t n, WindowSymmetry symmetry) {
  return symmetry == WindowSymmetry::kSymmetric ? static_cast<double>(n) - 1.0 : static_cast<double>(n);
}

}  // namespace

void hann(std::span<float> out, WindowSymmetry symmetry) {
  if (out.size() == 1) {
    out[0] = 1.0f;  // scipy: a one-point window is [1]
    return;
  }
  const double m = span_of(out.size(), symmetry);
  for (std::size_t n = 0; n < out.size(); ++n) {
    out[n] = static_cast<float>(0.5 - 0.5 * std::cos(kTwoPi * static_cast<double>(n) / m));
  }
}

void tukey(std::span<float> out, double alpha, WindowSymmetry symmetry) {
  if (out.empty()) return;
  if (out.size() == 1 || alpha <= 0.0) {
    std::fill(out.begin(), out.end(), 1.0f);
    return;
  }
  if (alpha >= 1.0) {
    hann(out, symmetry);
    return;
  }
  // scipy computes the symmetric window of L (or L+1 for periodic, dropping the last point).
  const std::size_t m = symmetry == WindowSymmetry::kSymmetric ? out.size() : out.size() + 1;
  const double last = static_cast<double>(m) - 1.0;
  const auto width = static_cast<std::size_t>(std::floor(alpha * last / 2.0));
  for (std::size_t n = 0; n < out.size(); ++n) {
    double w = 1.0;
    const double x = static_cast<double>(n);
    if (n <= width) {
      w = 0.5 * (1.0 + std::cos(std::numbers::pi * (-1.0 + 2.0 * x / alpha / last)));
    } else if (n >= m - 1 - width) {
      w = 0.5 * (1.0 + std::cos(std::numbers::pi * (-2.0 / alpha + 1.0 + 2.0 * x / alpha / last)));
    }
    out[n] = static_cast<float>(w);
  }
}

void triangle(std::span<float> out, WindowSymmetry symmetry) {
  if (out.size() == 1) {
    out[0] = 1.0f;
    return;
  }
  const double m = span_of(out.size(), symmetry);
  for (std::size_t n = 0; n < out.size(); ++n) {
    out[n] = static_cast<float>(1.0 - std::fabs(2.0 * static_cast<double>(n) / m - 1.0));
  }
}

void square(std::span<float> out, double edge_fraction) {
  if (out.empty()) return;
  if (out.size() <= 2) {
    std::fill(out.begin(), out.end(), 0.0f);
    return;
  }
  const double last = static_cast<double>(out.size() - 1);
  // At least one sample of ramp each side, so the ends are 0 even for tiny edge fractions.
  const double edge = std::clamp(edge_fraction, 1.0 / last, 0.5);
  for (std::size_t n = 0; n < out.size(); ++n) {
    out[n] = static_cast<float>(square_at(static_cast<double>(n) / last, edge));
  }
}

void skewed_hann(std::span<float> out, double attack_fraction) {
  if (out.size() == 1) {
    out[0] = 1.0f;
    return;
  }
  const double last = static_cast<double>(out.size()) - 1.0;
  for (std::size_t n = 0; n < out.size(); ++n) {
    out[n] = static_cast<float>(hann_at(skew_phase(static_cast<double>(n) / last, attack_fraction)));
  }
}

double hann_at(double phase) {
  return 0.5 - 0.5 * std::cos(kTwoPi * std::clamp(phase, 0.0, 1.0));
}

double triangle_at(double phase) {
  return 1.0 - std::fabs(2.0 * std::clamp(phase, 0.0, 1.0) - 1.0);
}

double square_at(double phase, double edge_fraction) {
  const double p = std::clamp(phase, 0.0, 1.0);
  const double edge = std::clamp(edge_fraction, 1e-9, 0.5);
  const double d = std::min(p, 1.0 - p);  // distance from the nearer end
  if (d >= edge) return 1.0;
  return 0.5 - 0.5 * std::cos(std::numbers::pi * d / edge);
}

double skew_phase(double phase, double attack_fraction) {
  const double p = std::clamp(phase, 0.0, 1.0);
  const double a = std::clamp(attack_fraction, 1e-6, 1.0 - 1e-6);
  return p < a ? 0.5 * p / a : 0.5 + 0.5 * (p - a) / (1.0 - a);
}

WindowMorph::WindowMorph() {
  for (std::size_t i = 0; i <= kTableSize; ++i) {
    const double p = static_cast<double>(i) / static_cast<double>(kTableSize);
    square_[i] = static_cast<float>(square_at(p));
    triangle_[i] = static_cast<float>(triangle_at(p));
    hann_[i] = static_cast<float>(hann_at(p));
  }
}

WindowMorph::GrainWindow WindowMorph::shape(double shape, double attack_fraction) const {
  const double s = std::clamp(shape, 0.0, 1.0);
  const double attack = std::clamp(attack_fraction, 1e-6, 1.0 - 1e-6);
  GrainWindow w;
  if (s < 0.5) {
    w.from = square_.data();
    w.to = triangle_.data();
    w.mix = static_cast<float>(2.0 * s);
  } else {
    w.from = triangle_.data();
    w.to = hann_.data();
    w.mix = static_cast<float>(2.0 * s - 1.0);
  }
  const double half = 0.5 * static_cast<double>(kTableSize);
  w.attack = static_cast<float>(attack);
  w.rise_scale = static_cast<float>(half / attack);
  w.fall_scale = static_cast<float>(half / (1.0 - attack));
  return w;
}

}  // namespace afterglow::dsp
