#include "afterglow/gen/drone_tone.h"

#include <algorithm>
#include <cmath>

namespace afterglow::gen {

namespace {
// Butterworth 4th order as two 2nd-order sections.
constexpr double kStageQ[2] = {0.5411961001461971, 1.3065629648763766};

double log_mix(double a, double b, double u) {
  return a * std::pow(b / a, u);
}
}  // namespace

DroneTone::Shape DroneTone::shape(double tone) {
  double t = std::isfinite(tone) ? std::clamp(tone, 0.0, 1.0) : 2.0 / 3.0;
  // The knob arrives as a float: its neutral point must still be exactly no filter.
  if (std::fabs(t - 2.0 / 3.0) < 1e-6) t = 2.0 / 3.0;
  if (t == 2.0 / 3.0) return {kNeutralHz, 1.0, 1.0, 1.0};
  if (t <= 1.0 / 3.0) return {log_mix(kDarkHz, kWarmHz, 3.0 * t), 1.0, 0.0, 0.0};
  if (t <= 2.0 / 3.0) {
    const double u = 3.0 * t - 1.0;
    return {log_mix(kWarmHz, kNeutralHz, u), 1.0, u, u};
  }
  const double u = 3.0 * t - 2.0;
  return {log_mix(kNeutralHz, kAiryHz, u), 1.0 - u, 1.0 - u, 1.0};
}

void DroneTone::prepare(double sample_rate, double smoothing_ms, double tone) {
  const Shape s = shape(tone);
  for (auto& channel : filters_) {
    for (int k = 0; k < kStages; ++k) channel[k].prepare(sample_rate, s.cutoff_hz, kStageQ[k], smoothing_ms);
  }
  for (int k = 0; k < kStages; ++k) damping_[k] = 1.0 / kStageQ[k];
  low_.prepare(sample_rate, smoothing_ms);
  band_.prepare(sample_rate, smoothing_ms);
  high_.prepare(sample_rate, smoothing_ms);
  low_.reset(s.low);
  band_.reset(s.band);
  high_.reset(s.high);
}

void DroneTone::set_tone(double tone) {
  const Shape s = shape(tone);
  for (auto& channel : filters_) {
    for (auto& f : channel) f.set_cutoff(s.cutoff_hz);
  }
  low_.set_target(s.low);
  band_.set_target(s.band);
  high_.set_target(s.high);
}

void DroneTone::process(float* left, float* right, std::size_t frames) noexcept {
  float* channels[2] = {left, right};
  for (std::size_t i = 0; i < frames; ++i) {
    const double gl = low_.next();
    const double gb = band_.next();
    const double gh = high_.next();
    for (int c = 0; c < 2; ++c) {
      double v = channels[c][i];
      for (int k = 0; k < kStages; ++k) {
        const dsp::SvfOutputs o = filters_[c][k].tick(static_cast<float>(v));
        v = gl * o.low + gb * damping_[k] * o.band + gh * o.high;
      }
      channels[c][i] = static_cast<float>(v);
    }
  }
}

}  // namespace afterglow::gen
