#include "afterglow/gen/drone.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace afterglow::gen {

namespace {

DroneStretch stretch_from(float value) {
  if (value >= 12.0f) return DroneStretch::kFrozen;
  if (value >= 6.0f) return DroneStretch::k8x;
  if (value >= 3.0f) return DroneStretch::k4x;
  if (value >= 1.5f) return DroneStretch::k2x;
  return DroneStretch::k1x;
}

}  // namespace

void Drone::prepare(double sample_rate, std::size_t max_block, std::size_t voices) {
  sample_rate_ = sample_rate > 0.0 && std::isfinite(sample_rate) ? sample_rate : 48000.0;
  max_block_ = std::max<std::size_t>(1, max_block);
  polyphony_ = std::max<std::size_t>(1, voices);
  voices_.assign(polyphony_ + kStealReserve, DroneVoice{});

  fade_length_ = static_cast<std::uint32_t>(std::max(1.0, std::round(kCrossfadeMs * 0.001 * sample_rate_)));
  fade_linear_.resize(fade_length_ + 1);
  fade_power_.resize(fade_length_ + 1);
  for (std::uint32_t i = 0; i <= fade_length_; ++i) {
    const double u = static_cast<double>(i) / static_cast<double>(fade_length_);
    fade_linear_[i] = static_cast<float>(u);
    fade_power_[i] = static_cast<float>(std::sin(0.5 * std::numbers::pi * u));
  }
  steal_rate_ = 1.0 / std::max(1.0, kStealFadeMs * 0.001 * sample_rate_);
  rate_glide_ = 1.0 - std::exp(-1.0 / std::max(1.0, kEnvelopeGlideMs * 0.001 * sample_rate_));

  mix_left_.assign(max_block_, 0.0f);
  mix_right_.assign(max_block_, 0.0f);
  env_.assign(max_block_, 0.0f);
  gain_a_.assign(max_block_, 0.0f);
  gain_b_.assign(max_block_, 0.0f);
  fine_.assign(max_block_, 1.0);

  fine_cents_.prepare(sample_rate_, kSmoothingMs);
  level_.prepare(sample_rate_, kSmoothingMs);
  width_.prepare(sample_rate_, kSmoothingMs);
  synthetic_.prepare(sample_rate_, kSmoothingMs);
  tone_.prepare(sample_rate_, kSmoothingMs, params_.tone);
  fine_cents_.reset(pitch_cents());
  fine_factor_ = std::exp2(static_cast<double>(pitch_cents()) / 1200.0);
  level_.reset(params_.level);
  width_.reset(params_.width);
  update_target();
  synthetic_.reset(synthetic_.target());
  reset(0);
}

void Drone::reset(std::uint64_t seed) noexcept {
  rng_.reseed(seed);
  for (DroneVoice& v : voices_) v = DroneVoice{};
  order_ = 0;
  stats_ = {};
}

void Drone::set_loops(const DroneLoopSetView& loops) noexcept {
  loops_ = loops;
  update_target();
  retarget_all();
}

bool Drone::reads_from(const DroneLoopSetView& loops) const noexcept {
  for (const MaterialView& loop : loops.loops) {
    if (loop.empty()) continue;
    for (const DroneVoice& v : voices_) {
      if (v.reads_from(loop)) return true;
    }
  }
  return false;
}

void Drone::set_param(DroneParam param, float value) noexcept {
  apply_param(param, value);
}

double Drone::rate_for(double seconds) const noexcept {
  return 1.0 / std::max(1.0, seconds * sample_rate_);
}

void Drone::update_target() noexcept {
  const DroneStretch desired = freeze_ ? DroneStretch::kFrozen : stretch_from(params_.stretch);
  if (loops_.has(desired)) {
    effective_ = desired;
  } else if (!loops_.has(effective_)) {
    effective_ = loops_.has(DroneStretch::k1x) ? DroneStretch::k1x : desired;
  }
  target_.loop = &loops_.loop(effective_);
  target_.root_note = std::isfinite(loops_.root_note) ? loops_.root_note : 69.0f;
  target_.fine_cents = pitch_cents();
  target_.reverse = params_.reverse > 0.5f;
  synthetic_.set_target(loops_.synthetic_width ? 1.0 : 0.0);
}

void Drone::retarget_all() noexcept {
  for (DroneVoice& v : voices_) v.retarget(target_, fade_linear_.data(), fade_power_.data(), fade_length_);
}

void Drone::apply_param(DroneParam param, float value) noexcept {
  if (!clamp_drone_param(param, value)) return;
  params_[param] = value;
  switch (param) {
    case DroneParam::kTone:
      tone_.set_tone(value);
      break;
    case DroneParam::kAttack:
      for (DroneVoice& v : voices_) v.set_attack_rate(rate_for(value));
      break;
    case DroneParam::kRelease:
      for (DroneVoice& v : voices_) v.set_release_rate(rate_for(value));
      break;
    case DroneParam::kStretch:
    case DroneParam::kReverse:
      update_target();
      retarget_all();
      break;
    case DroneParam::kLevel:
      level_.set_target(value);
      break;
    case DroneParam::kWidth:
      width_.set_target(value);
      break;
    case DroneParam::kFineTune:
    case DroneParam::kBend:
      fine_cents_.set_target(pitch_cents());
      update_target();
      retarget_all();  // a voice whose pitch crosses an octave copy's range moves to the right copy
      break;
    case DroneParam::kCount:
      break;
  }
}

void Drone::note_on(int note, float velocity) noexcept {
  if (!(velocity > 0.0f)) {
    note_off(note);
    return;
  }
  // A repeated note starts a fresh swell; the old one releases as it would on its note-off.
  note_off(note);
  std::size_t sounding = 0;
  for (const DroneVoice& v : voices_) {
    if (v.state() == DroneVoice::State::kHeld || v.state() == DroneVoice::State::kReleased) ++sounding;
  }
  if (sounding >= polyphony_) {
    DroneVoice* victim = nullptr;
    for (DroneVoice& v : voices_) {
      if (v.state() != DroneVoice::State::kReleased) continue;
      if (victim == nullptr || v.amplitude() < victim->amplitude() ||
          (v.amplitude() == victim->amplitude() && v.order() < victim->order())) {
        victim = &v;
      }
    }
    if (victim == nullptr) {
      for (DroneVoice& v : voices_) {
        if (v.state() == DroneVoice::State::kHeld && (victim == nullptr || v.order() < victim->order()))
          victim = &v;
      }
    }
    if (victim != nullptr) {
      victim->steal(steal_rate_);
      ++stats_.stolen;
    }
  }
  const double fraction = rng_.uniform();
  for (DroneVoice& v : voices_) {
    if (!v.idle()) continue;
    v.start(note, velocity, order_++, rate_for(params_.attack), rate_glide_, target_, fraction);
    ++stats_.started;
    return;
  }
  ++stats_.dropped;
}

void Drone::note_off(int note) noexcept {
  for (DroneVoice& v : voices_) {
    if (v.state() == DroneVoice::State::kHeld && v.note() == note) v.release(rate_for(params_.release));
  }
}

void Drone::all_off() noexcept {
  for (DroneVoice& v : voices_) v.release(rate_for(params_.release));
}

void Drone::apply_event(const Event& e) noexcept {
  switch (e.type) {
    case EventType::kParam:
      if (e.id < kDroneParamCount) apply_param(static_cast<DroneParam>(e.id), e.value);
      break;
    case EventType::kNoteOn:
      note_on(e.note, e.value);
      break;
    case EventType::kNoteOff:
      note_off(e.note);
      break;
    case EventType::kAllOff:
      all_off();
      break;
    case EventType::kFreeze:
      freeze_ = e.value > 0.5f;
      update_target();
      retarget_all();
      break;
    case EventType::kTrigger:
      break;
  }
}

void Drone::process(StereoBlock out, EventSpan events) noexcept {
  if (max_block_ == 0) {
    out.clear();
    return;
  }
  // The target points into this object's copy of the loops (refreshed in case the Drone was moved).
  target_.loop = &loops_.loop(effective_);
  for_each_segment(
      out.frames(), events, [&](std::size_t offset, std::size_t count) { render(offset, count, out); },
      [&](const Event& e) { apply_event(e); });
  std::size_t sounding = 0;
  for (const DroneVoice& v : voices_) sounding += v.idle() ? 0 : 1;
  stats_.sounding = sounding;
}

void Drone::render(std::size_t offset, std::size_t count, StereoBlock out) noexcept {
  while (count > 0) {
    const std::size_t n = std::min(count, max_block_);
    render_piece(out.left.data() + offset, out.right.data() + offset, n);
    offset += n;
    count -= n;
  }
}

void Drone::render_piece(float* out_left, float* out_right, std::size_t count) noexcept {
  double* fine = fine_.data();
  if (fine_cents_.settled()) {
    std::fill_n(fine, count, fine_factor_);
  } else {
    for (std::size_t i = 0; i < count; ++i) fine[i] = std::exp2(fine_cents_.next() / 1200.0);
    if (fine_cents_.settled()) fine_factor_ = std::exp2(fine_cents_.value() / 1200.0);
  }
  float* ml = mix_left_.data();
  float* mr = mix_right_.data();
  std::fill_n(ml, count, 0.0f);
  std::fill_n(mr, count, 0.0f);
  const DroneScratch scratch{env_.data(), gain_a_.data(), gain_b_.data()};
  for (DroneVoice& v : voices_) {
    if (v.idle()) continue;
    v.render(fine, ml, mr, count, scratch, target_, fade_linear_.data(), fade_power_.data(), fade_length_);
  }
  for (std::size_t i = 0; i < count; ++i) {
    const double w = width_.next();
    const double synthetic = synthetic_.next();
    // A synthetic side adds power as it widens (mid and side are uncorrelated); keep the level.
    const double keep = 1.0 + synthetic * (std::sqrt(2.0 / (1.0 + w * w)) - 1.0);
    const double g = level_.next() * keep;
    const double mid = 0.5 * (static_cast<double>(ml[i]) + mr[i]);
    const double side = 0.5 * (static_cast<double>(ml[i]) - mr[i]) * w;
    out_left[i] = static_cast<float>(g * (mid + side));
    out_right[i] = static_cast<float>(g * (mid - side));
  }
  tone_.process(out_left, out_right, count);
}

}  // namespace afterglow::gen
