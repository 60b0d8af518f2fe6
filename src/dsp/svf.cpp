#include "afterglow/dsp/svf.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace afterglow::dsp {
namespace {

// sin(x) for |x| <= pi/2 by its Taylor series to x^13 (error < 1e-9 at the interval's end).
double sin_poly(double x) {
  const double x2 = x * x;
  return x * (1.0 +
              x2 * (-1.0 / 6.0 +
                    x2 * (1.0 / 120.0 +
                          x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0 + x2 * (-1.0 / 39916800.0 +
                                                                             x2 * (1.0 / 6227020800.0)))))));
}

}  // namespace

double fast_tan(double x) {
  // cos(x) as sin(pi/2 - x): near pi/2 the cosine is small, and computing it from a small argument
  // keeps its relative error (and so tan's) tiny where the filter needs it most.
  return sin_poly(x) / sin_poly(std::numbers::pi / 2.0 - x);
}

void Svf::prepare(double sample_rate, double cutoff_hz, double q, double smoothing_ms) {
  sample_rate_ = sample_rate;
  pi_over_rate_ = std::numbers::pi / sample_rate;
  min_log2_ = std::log2(kMinCutoffHz);
  max_log2_ = std::log2(kMaxCutoffRatio * sample_rate);
  cutoff_.prepare(sample_rate, smoothing_ms);
  damping_.prepare(sample_rate, smoothing_ms);
  set_cutoff(cutoff_hz);
  set_q(q);
  snap_to_targets();
  reset();
}

void Svf::set_smoothing_ms(double ms) {
  cutoff_.set_time_ms(ms);
  damping_.set_time_ms(ms);
}

void Svf::set_cutoff(double hz) {
  // log2 of a non-positive or NaN value would poison the state: clamp first.
  const double safe = std::isfinite(hz) ? std::clamp(hz, kMinCutoffHz, 1e9) : kMinCutoffHz;
  cutoff_.set_target(std::clamp(std::log2(safe), min_log2_, max_log2_));
}

void Svf::set_q(double q) {
  const double safe = std::isfinite(q) ? std::clamp(q, kMinQ, kMaxQ) : 0.7071067811865476;
  damping_.set_target(1.0 / safe);
}

void Svf::snap_to_targets() {
  cutoff_.reset(cutoff_.target());
  damping_.reset(damping_.target());
  update_coefficients();
}

void Svf::reset() {
  ic1_ = ic2_ = 0.0;
}

double Svf::cutoff_hz() const {
  return std::exp2(cutoff_.value());
}

void Svf::update_coefficients() {
  const double hz = std::exp2(cutoff_.next());
  k_ = damping_.next();
  const double g = fast_tan(hz * pi_over_rate_);
  a1_ = 1.0 / (1.0 + g * (g + k_));
  a2_ = g * a1_;
  a3_ = g * a2_;
}

void Svf::process(std::span<float> io, SvfMode mode) {
  for (float& v : io) v = process(v, mode);
}

void Svf::process_modulated(std::span<float> io, std::span<const float> cutoff_hz, SvfMode mode) {
  const std::size_t n = std::min(io.size(), cutoff_hz.size());
  for (std::size_t i = 0; i < n; ++i) {
    set_cutoff(cutoff_hz[i]);
    io[i] = process(io[i], mode);
  }
}

}  // namespace afterglow::dsp
