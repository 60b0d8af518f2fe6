#include "afterglow/dsp/envelope.h"

#include <algorithm>
#include <cmath>

namespace afterglow::dsp {

void Adsr::prepare(double sample_rate) {
  sample_rate_ = sample_rate;
  reset();
}

void Adsr::set_params(const AdsrParams& params) {
  params_ = params;
  params_.sustain = std::clamp(params.sustain, 0.0, 1.0);
  if (stage_ == Stage::kSustain && params_.sustain != level_) {
    start_segment(Stage::kDecay, params_.sustain, kSustainGlideS, SegmentCurve::kLinear, 0.0);
  }
}

void Adsr::reset() {
  stage_ = Stage::kIdle;
  level_ = 0.0;
  length_ = position_ = 0;
}

void Adsr::gate_on() {
  start_segment(Stage::kAttack, 1.0, params_.attack_s, params_.attack_curve, kAttackOvershoot);
}

void Adsr::gate_off() {
  if (stage_ == Stage::kIdle) return;
  start_segment(Stage::kRelease, 0.0, params_.release_s, params_.release_curve, kDecayOvershoot);
}

void Adsr::start_segment(Stage stage, double target, double seconds, SegmentCurve curve, double overshoot) {
  stage_ = stage;
  start_ = level_;
  target_ = target;
  curve_ = curve;
  position_ = 0;
  const double samples = std::max(0.0, seconds) * sample_rate_;
  length_ = static_cast<std::size_t>(std::llround(samples));
  if (length_ == 0) {
    level_ = target;
    finish_segment();
    return;
  }
  overshoot_ = overshoot;
  shape_ = 1.0 + overshoot;
  decay_ = std::exp(-std::log((1.0 + overshoot) / overshoot) / static_cast<double>(length_));
}

double Adsr::advance() {
  ++position_;
  if (position_ >= length_) {
    level_ = target_;  // land exactly, whatever the rounding on the way
    finish_segment();
    return level_;
  }
  if (curve_ == SegmentCurve::kLinear) {
    level_ = start_ + (target_ - start_) * (static_cast<double>(position_) / static_cast<double>(length_));
  } else {
    shape_ *= decay_;
    level_ = target_ + (start_ - target_) * (shape_ - overshoot_);
  }
  return level_;
}

void Adsr::finish_segment() {
  switch (stage_) {
    case Stage::kAttack:
      if (params_.one_shot) {
        start_segment(Stage::kRelease, 0.0, params_.release_s, params_.release_curve, kDecayOvershoot);
      } else {
        start_segment(Stage::kDecay, params_.sustain, params_.decay_s, params_.decay_curve, kDecayOvershoot);
      }
      break;
    case Stage::kDecay:
      stage_ = Stage::kSustain;
      break;
    case Stage::kRelease:
      stage_ = Stage::kIdle;
      level_ = 0.0;
      break;
    case Stage::kIdle:
    case Stage::kSustain:
      break;
  }
}

void Adsr::process(std::span<float> out, std::span<const GateEvent> events) {
  std::size_t frame = 0;
  for (const GateEvent& e : events) {
    const std::size_t at = std::min<std::size_t>(e.frame, out.size());
    if (at > frame) {
      process(out.subspan(frame, at - frame));
      frame = at;
    }
    e.on ? gate_on() : gate_off();
  }
  if (frame < out.size()) process(out.subspan(frame));
}

}  // namespace afterglow::dsp
