#include "afterglow/gen/drone_voice.h"

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/interpolation.h"

namespace afterglow::gen {

namespace {

constexpr double kLowestSemitones = -48.0;
constexpr double kHighestSemitones = 24.0;
// A level is kept up to a semitone above its octave (the Cloud's slack): only the top 6 % of its band
// can fold back, and a note a few cents sharp keeps its full brightness.
constexpr double kLevelSlackSemitones = 1.0;

float smoothstep(double x) {
  return static_cast<float>(x * x * (3.0 - 2.0 * x));
}

float voice_semitones(int note, float root) {
  const double s = static_cast<double>(note) - static_cast<double>(root);
  return static_cast<float>(std::clamp(s, kLowestSemitones, kHighestSemitones));
}

}  // namespace

int drone_level_for(const MaterialView& loop, double semitones) noexcept {
  if (!(semitones > kLevelSlackSemitones)) return loop.oversampled.frames > 0 ? -1 : 0;
  const int wanted = semitones <= 12.0 + kLevelSlackSemitones ? 1 : 2;
  return std::max(0, std::min(wanted, loop.level_count - 1));
}

void DroneHead::bind(const MaterialView& source, float semis, float fine_cents, bool backwards,
                     double fraction) noexcept {
  loop = source;
  semitones = semis;
  reverse = backwards;
  ratio = std::exp2(static_cast<double>(semis) / 12.0);
  if (source.empty()) {
    left = right = nullptr;
    frames = 0;
    pos = 0.0;
    level = 0;
    return;
  }
  level = drone_level_for(source, static_cast<double>(semis) + static_cast<double>(fine_cents) / 100.0);
  const MaterialView::Level& l = level < 0 ? source.oversampled : source.levels[level];
  left = l.left;
  right = l.right;
  frames = l.frames;
  rate = level < 0 ? 2.0 : 1.0 / static_cast<double>(1 << level);
  const double n = static_cast<double>(frames);
  pos = std::isfinite(fraction) ? fraction * n : 0.0;
  if (!(pos >= 0.0 && pos < n)) pos = 0.0;
}

void DroneHead::render(const double* fine, const float* gain, float* out_left, float* out_right,
                       std::size_t count) noexcept {
  if (frames == 0) return;
  const double step = (reverse ? -ratio : ratio) * rate;
  const double n = static_cast<double>(frames);
  const float* l = left;
  const float* r = right;
  double p = pos;
  for (std::size_t i = 0; i < count; ++i) {
    const auto idx = static_cast<std::size_t>(p);
    const auto f = static_cast<float>(p - static_cast<double>(idx));
    float a, b;
    if (idx >= 1 && idx + 2 < frames) {
      a = dsp::hermite4(l[idx - 1], l[idx], l[idx + 1], l[idx + 2], f);
      b = dsp::hermite4(r[idx - 1], r[idx], r[idx + 1], r[idx + 2], f);
    } else {
      // Across the wrap: the loop's end continues into its start.
      const std::size_t i0 = (idx + frames - 1) % frames;
      const std::size_t i1 = idx % frames;
      const std::size_t i2 = (idx + 1) % frames;
      const std::size_t i3 = (idx + 2) % frames;
      a = dsp::hermite4(l[i0], l[i1], l[i2], l[i3], f);
      b = dsp::hermite4(r[i0], r[i1], r[i2], r[i3], f);
    }
    out_left[i] += gain[i] * a;
    out_right[i] += gain[i] * b;
    p += step * fine[i];
    if (p >= n) {
      p -= n;
    } else if (p < 0.0) {
      p += n;
    }
  }
  pos = (p >= 0.0 && p < n) ? p : 0.0;
}

void DroneVoice::start(int note, float velocity, std::uint64_t order, double attack_rate, double rate_glide,
                       const DroneTarget& target, double fraction) noexcept {
  state_ = State::kHeld;
  note_ = note;
  velocity_ = std::clamp(velocity, 0.0f, 1.0f);
  order_ = order;
  env_ = 0.0;
  env_rate_ = 0.0;
  rate_target_ = attack_rate;
  rate_glide_ = rate_glide;
  fade_length_ = 0;
  fade_pos_ = 0;
  current_ = 0;
  heads_[0].bind(*target.loop, voice_semitones(note, target.root_note), target.fine_cents, target.reverse,
                 fraction);
  heads_[1] = DroneHead{};
}

void DroneVoice::release(double rate) noexcept {
  if (state_ != State::kHeld) return;
  state_ = State::kReleased;
  rate_target_ = -rate;
}

void DroneVoice::steal(double rate) noexcept {
  if (state_ == State::kIdle || state_ == State::kStolen) return;
  state_ = State::kStolen;
  rate_target_ = std::min(rate_target_, -rate);
}

void DroneVoice::set_attack_rate(double rate) noexcept {
  if (state_ == State::kHeld && rate_target_ > 0.0) rate_target_ = rate;
}

void DroneVoice::set_release_rate(double rate) noexcept {
  if (state_ == State::kReleased) rate_target_ = -rate;
}

float DroneVoice::amplitude() const noexcept {
  return velocity_ * smoothstep(env_);
}

bool DroneVoice::reads_from(const MaterialView& loop) const noexcept {
  if (state_ == State::kIdle || loop.empty()) return false;
  if (heads_[current_].same_source(loop)) return true;
  return fade_length_ > 0 && heads_[1 - current_].same_source(loop);
}

void DroneVoice::retarget(const DroneTarget& target, const float* fade_linear, const float* fade_power,
                          std::uint32_t fade_length) noexcept {
  if (state_ == State::kIdle || fade_length_ > 0) return;
  const DroneHead& h = heads_[current_];
  const MaterialView& loop = *target.loop;
  if (h.frames == 0 && loop.empty()) return;
  const float semis = voice_semitones(note_, target.root_note);
  const bool same_source = h.same_source(loop);
  const bool coherent = same_source && h.reverse == target.reverse && h.semitones == semis;
  if (coherent && h.level == drone_level_for(loop, static_cast<double>(semis) +
                                                       static_cast<double>(target.fine_cents) / 100.0)) {
    return;
  }
  const int next = 1 - current_;
  heads_[next].bind(loop, semis, target.fine_cents, target.reverse, h.fraction());
  // Two octave copies of one loop at one point are the same signal below their band limits: a linear
  // fade keeps the amplitude. Anything else (another rendering, the other direction) decorrelates
  // within the fade, and equal power keeps the level.
  fade_ = coherent ? fade_linear : fade_power;
  fade_pos_ = 0;
  fade_length_ = fade_length;
  current_ = next;
}

void DroneVoice::compute_envelope(float* env, std::size_t count) noexcept {
  // The rate glides to its target instead of jumping: a release shortened mid-fade, or a steal, then
  // bends the envelope instead of kinking it (a kink in the gain of a loud low note is a click). The
  // shaped gain (smoothstep) is flat at 0 and 1, so arriving there is smooth too.
  const float velocity = velocity_;
  for (std::size_t i = 0; i < count; ++i) {
    if (rate_target_ != 0.0 || env_rate_ != 0.0) {
      env_rate_ += (rate_target_ - env_rate_) * rate_glide_;
      env_ += env_rate_;
      if (env_ >= 1.0) {
        env_ = 1.0;
        env_rate_ = 0.0;
        if (rate_target_ > 0.0) rate_target_ = 0.0;
      } else if (env_ <= 0.0) {
        env_ = 0.0;
        env_rate_ = 0.0;
        if (rate_target_ < 0.0) {
          rate_target_ = 0.0;
          if (state_ != State::kHeld) state_ = State::kIdle;
        }
      }
    } else if (env_ <= 0.0 && state_ != State::kHeld) {
      state_ = State::kIdle;
    }
    env[i] = velocity * smoothstep(env_);
  }
}

void DroneVoice::render(const double* fine, float* out_left, float* out_right, std::size_t count,
                        const DroneScratch& scratch, const DroneTarget& target, const float* fade_linear,
                        const float* fade_power, std::uint32_t fade_length) noexcept {
  if (state_ == State::kIdle) return;
  compute_envelope(scratch.env, count);
  std::size_t done = 0;
  while (done < count) {
    if (fade_length_ == 0) {
      heads_[current_].render(fine + done, scratch.env + done, out_left + done, out_right + done,
                              count - done);
      return;
    }
    const std::size_t n = std::min<std::size_t>(count - done, fade_length_ - fade_pos_);
    for (std::size_t i = 0; i < n; ++i) {
      const float e = scratch.env[done + i];
      scratch.gain_a[i] = e * fade_[fade_pos_ + i];
      scratch.gain_b[i] = e * fade_[fade_length_ - fade_pos_ - i];
    }
    heads_[current_].render(fine + done, scratch.gain_a, out_left + done, out_right + done, n);
    heads_[1 - current_].render(fine + done, scratch.gain_b, out_left + done, out_right + done, n);
    fade_pos_ += static_cast<std::uint32_t>(n);
    done += n;
    if (fade_pos_ == fade_length_) {
      fade_length_ = 0;
      retarget(target, fade_linear, fade_power, fade_length);
    }
  }
}

}  // namespace afterglow::gen
