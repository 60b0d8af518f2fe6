#pragma once
// Parameter smoothing for the audio thread: a knob or OSC value arrives as a step, and applying a step
// to a gain, a cutoff or a pan position is an audible click. Both smoothers are plain values (no heap),
// realtime safe, and deterministic per sample, so output never depends on how frames are split into
// blocks.
//
// Both snap onto the target once within kSnapTolerance of it: an exponential approach otherwise never
// arrives, keeps the "still moving" flag set forever (so callers keep recomputing coefficients) and
// decays into subnormal numbers.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

namespace afterglow::dsp {

// Relative to max(1, |target|): a gain lands within 1e-6 (-120 dB), a cutoff in Hz within a millionth
// of itself.
inline constexpr double kSnapTolerance = 1e-6;

inline bool close_enough(double value, double target) {
  return std::fabs(target - value) <= kSnapTolerance * std::max(1.0, std::fabs(target));
}

// One-pole (exponential) smoother. `time_ms` is the time constant: after time_ms the remaining distance
// is 1/e (37 %), after 5·time_ms under 1 %. 0 ms means no smoothing.
class OnePoleSmoother {
 public:
  void prepare(double sample_rate, double time_ms) {
    sample_rate_ = sample_rate;
    set_time_ms(time_ms);
  }
  void set_time_ms(double time_ms) {
    const double samples = time_ms * 0.001 * sample_rate_;
    // Fraction of the remaining distance kept per sample.
    retain_ = samples > 0.0 ? std::exp(-1.0 / samples) : 0.0;
  }
  // Jumps to `value` (initial state, or a deliberate cut).
  void reset(double value) {
    value_ = value;
    target_ = value;
  }
  void set_target(double target) { target_ = target; }

  double next() {
    if (value_ != target_) {
      value_ = target_ + (value_ - target_) * retain_;
      if (close_enough(value_, target_)) value_ = target_;
    }
    return value_;
  }
  void process(std::span<float> out) {
    for (float& v : out) v = static_cast<float>(next());
  }

  double value() const { return value_; }
  double target() const { return target_; }
  bool settled() const { return value_ == target_; }

 private:
  double sample_rate_ = 48000.0;
  double retain_ = 0.0;
  double value_ = 0.0;
  double target_ = 0.0;
};

// Linear ramp that lands exactly on its target after the given number of samples (an exponential one
// never does). Used where the arrival time matters: crossfades, scheduled morphs, fades at a frame.
class LinearRamp {
 public:
  void prepare(double sample_rate, double default_time_ms) {
    default_samples_ =
        static_cast<std::size_t>(std::lround(std::max(0.0, default_time_ms) * 0.001 * sample_rate));
  }
  void reset(double value) {
    value_ = value;
    target_ = value;
    remaining_ = 0;
  }
  // Ramps over the default time given to prepare().
  void set_target(double target) { set_target(target, default_samples_); }
  // Ramps from the current value, wherever it is, so a retarget mid-ramp does not jump.
  void set_target(double target, std::size_t samples) {
    target_ = target;
    if (samples == 0 || close_enough(value_, target)) {
      value_ = target;
      remaining_ = 0;
      return;
    }
    remaining_ = samples;
    step_ = (target - value_) / static_cast<double>(samples);
  }

  double next() {
    if (remaining_ > 0) {
      --remaining_;
      // The last step lands on the target itself, not on an accumulated sum with rounding error.
      value_ = remaining_ == 0 ? target_ : value_ + step_;
    }
    return value_;
  }
  void process(std::span<float> out) {
    for (float& v : out) v = static_cast<float>(next());
  }

  double value() const { return value_; }
  double target() const { return target_; }
  std::size_t remaining() const { return remaining_; }
  bool settled() const { return remaining_ == 0; }

 private:
  double value_ = 0.0;
  double target_ = 0.0;
  double step_ = 0.0;
  std::size_t remaining_ = 0;
  std::size_t default_samples_ = 0;
};

}  // namespace afterglow::dsp
