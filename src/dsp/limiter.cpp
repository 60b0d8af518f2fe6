#include "afterglow/dsp/limiter.h"

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/smoother.h"

namespace afterglow::dsp {
namespace {

// Finite and not absurd: anything else is treated as silence.
inline float sanitize(float v) {
  return std::fabs(v) <= 1e30f ? v : 0.0f;
}

}  // namespace

void Limiter::prepare(double sample_rate, std::size_t /*max_block*/, std::size_t channels,
                      const LimiterParams& params) {
  sample_rate_ = sample_rate;
  channels_ = std::max<std::size_t>(channels, 1);
  const double lookahead_ms = std::clamp(params.lookahead_ms, 0.05, kMaxLookaheadMs);
  lookahead_ =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(lookahead_ms * 0.001 * sample_rate)));
  window_ = lookahead_ + 1;
  delay_.assign(lookahead_ * channels_, 0.0f);
  min_values_.assign(window_, 1.0);
  min_frames_.assign(window_, 0);
  box_.assign(window_, 1.0);
  frame_scratch_.assign(channels_, 0.0f);
  set_ceiling_db(params.ceiling_db);
  set_release_ms(params.release_ms);
  reset();
}

void Limiter::set_ceiling_db(double ceiling_db) {
  ceiling_ = std::pow(10.0, std::min(ceiling_db, 0.0) / 20.0);
}

void Limiter::set_release_ms(double release_ms) {
  const double samples = std::max(release_ms, 0.0) * 0.001 * sample_rate_;
  release_retain_ = samples > 0.0 ? std::exp(-1.0 / samples) : 0.0;
}

void Limiter::reset() {
  std::fill(delay_.begin(), delay_.end(), 0.0f);
  delay_pos_ = 0;
  min_head_ = 0;
  min_count_ = 0;
  frame_ = 0;
  released_ = 1.0;
  std::fill(box_.begin(), box_.end(), 1.0);
  box_pos_ = 0;
  box_sum_ = static_cast<double>(window_);
  gain_ = 1.0;
  min_gain_ = 1.0;
}

double Limiter::next_gain(double peak) {
  const double limit = ceiling_ * kSafety;
  const double required = peak > limit ? limit / peak : 1.0;

  // Sliding minimum: drop entries that left the window, then entries not smaller than the new one
  // (they can never be the minimum again). Amortised O(1) per frame, bounded by the window.
  const std::size_t cap = window_;
  if (min_count_ > 0 && min_frames_[min_head_] + window_ <= frame_) {
    min_head_ = (min_head_ + 1) % cap;
    --min_count_;
  }
  while (min_count_ > 0 && min_values_[(min_head_ + min_count_ - 1) % cap] >= required) --min_count_;
  const std::size_t tail = (min_head_ + min_count_) % cap;
  min_values_[tail] = required;
  min_frames_[tail] = frame_;
  ++min_count_;
  ++frame_;
  const double held = min_values_[min_head_];

  // Release: follow decreases at once, recover with the one-pole (never above `held`).
  // It snaps onto `held` once within a millionth, so after a peak the gain returns to exactly 1 and
  // quiet material is again bit-transparent.
  released_ = held <= released_ ? held : held + (released_ - held) * release_retain_;
  if (close_enough(released_, held)) released_ = held;

  // Box mean. The running sum is rebuilt once per pass over the ring so rounding cannot drift.
  box_sum_ += released_ - box_[box_pos_];
  box_[box_pos_] = released_;
  if (++box_pos_ == cap) {
    box_pos_ = 0;
    box_sum_ = 0.0;
    for (double v : box_) box_sum_ += v;
  }
  const double gain = std::min(1.0, box_sum_ / static_cast<double>(cap));
  gain_ = gain;
  min_gain_ = std::min(min_gain_, gain);
  return gain;
}

void Limiter::process(std::span<const float* const> in, std::span<float* const> out, std::size_t frames) {
  const std::size_t ch = std::min({channels_, in.size(), out.size()});
  for (std::size_t n = 0; n < frames; ++n) {
    double peak = 0.0;
    for (std::size_t c = 0; c < ch; ++c) {
      const float v = sanitize(in[c][n]);
      frame_scratch_[c] = v;
      peak = std::max(peak, static_cast<double>(std::fabs(v)));
    }
    const double g = next_gain(peak);
    float* slot = &delay_[delay_pos_ * channels_];
    for (std::size_t c = 0; c < ch; ++c) {
      const float delayed = slot[c];
      slot[c] = frame_scratch_[c];
      out[c][n] = static_cast<float>(static_cast<double>(delayed) * g);
    }
    if (++delay_pos_ == lookahead_) delay_pos_ = 0;
  }
}

void Limiter::process_interleaved(std::span<float> io, std::size_t frames) {
  const std::size_t n_frames = std::min(frames, io.size() / channels_);
  for (std::size_t n = 0; n < n_frames; ++n) {
    float* frame = &io[n * channels_];
    double peak = 0.0;
    for (std::size_t c = 0; c < channels_; ++c) {
      frame[c] = sanitize(frame[c]);
      peak = std::max(peak, static_cast<double>(std::fabs(frame[c])));
    }
    const double g = next_gain(peak);
    float* slot = &delay_[delay_pos_ * channels_];
    for (std::size_t c = 0; c < channels_; ++c) {
      const float delayed = slot[c];
      slot[c] = frame[c];
      frame[c] = static_cast<float>(static_cast<double>(delayed) * g);
    }
    if (++delay_pos_ == lookahead_) delay_pos_ = 0;
  }
}

}  // namespace afterglow::dsp
