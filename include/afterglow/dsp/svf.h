#pragma once
// A state-variable filter that may be modulated every sample: the topology-preserving (trapezoidal)
// SVF of Andrew Simper / Cytomic ("Solving the continuous SVF equations using trapezoidal integration",
// 2013). Its two integrator states are physical quantities (capacitor "currents") that stay meaningful
// when the cutoff or resonance changes, so a sweep produces no transient — unlike a direct-form biquad,
// whose states are past outputs scaled by the old coefficients.
//
// Knob and OSC values arrive as steps; the filter smooths them itself: the cutoff in the log domain
// (a jump from 100 Hz to 10 kHz sweeps evenly in pitch, not racing through the highs) and the damping
// 1/Q linearly, both with a one-pole of `smoothing_ms`. Coefficients are recomputed only while a
// parameter is still moving, with a polynomial tan so that per-sample modulation stays cheap.
// No heap, no locks: the object can live inside a voice.

#include <cstddef>
#include <span>

#include "afterglow/dsp/smoother.h"

namespace afterglow::dsp {

// Low- and high-pass are unity in their passbands and Q at the cutoff; the band output peaks at Q at
// the centre (multiply by 1/Q for a unity-peak band-pass); the notch is unity away from the centre.
enum class SvfMode { kLowPass, kHighPass, kBandPass, kNotch };

struct SvfOutputs {
  float low;
  float high;
  float band;
  float notch;
};

// tan(x) for 0 <= x < pi/2 to ~1e-7 relative, from odd/even Taylor series of sin on [0, pi/2]
// (std::tan costs 5-10 times more and this runs per sample during sweeps).
double fast_tan(double x);

class Svf {
 public:
  static constexpr double kMinCutoffHz = 5.0;
  static constexpr double kMaxCutoffRatio = 0.49;  // of the sample rate: tan() stays finite
  static constexpr double kMinQ = 0.1;
  static constexpr double kMaxQ = 40.0;
  static constexpr double kDefaultSmoothingMs = 10.0;

  // Resets the state and snaps the parameters to (cutoff, q).
  void prepare(double sample_rate, double cutoff_hz = 1000.0, double q = 0.7071067811865476,
               double smoothing_ms = kDefaultSmoothingMs);
  void set_smoothing_ms(double ms);

  // Targets; the filter glides there over the smoothing time.
  void set_cutoff(double hz);
  void set_q(double q);
  // Jumps to the targets now (a new voice should not sweep in from the previous note's setting).
  void snap_to_targets();
  void reset();

  SvfOutputs tick(float x) {
    if (!cutoff_.settled() || !damping_.settled()) update_coefficients();
    const double v0 = x;
    const double v3 = v0 - ic2_;
    const double v1 = a1_ * ic1_ + a2_ * v3;
    const double v2 = ic2_ + a2_ * ic1_ + a3_ * v3;
    ic1_ = 2.0 * v1 - ic1_;
    ic2_ = 2.0 * v2 - ic2_;
    const double high = v0 - k_ * v1 - v2;
    return {static_cast<float>(v2), static_cast<float>(high), static_cast<float>(v1),
            static_cast<float>(v2 + high)};
  }
  float process(float x, SvfMode mode) {
    const SvfOutputs o = tick(x);
    switch (mode) {
      case SvfMode::kLowPass:
        return o.low;
      case SvfMode::kHighPass:
        return o.high;
      case SvfMode::kBandPass:
        return o.band;
      case SvfMode::kNotch:
        return o.notch;
    }
    return o.low;
  }
  void process(std::span<float> io, SvfMode mode);
  // Per-sample cutoff modulation (an LFO or envelope): each sample's value becomes the target, still
  // through the smoother, so a stepped control signal cannot click. cutoff_hz.size() >= io.size().
  void process_modulated(std::span<float> io, std::span<const float> cutoff_hz, SvfMode mode);

  double cutoff_hz() const;  // the current (smoothed) value
  double q() const { return 1.0 / damping_.value(); }

 private:
  void update_coefficients();

  double sample_rate_ = 48000.0;
  double pi_over_rate_ = 0.0;
  double min_log2_ = 0.0, max_log2_ = 0.0;
  OnePoleSmoother cutoff_;   // log2(Hz)
  OnePoleSmoother damping_;  // k = 1/Q
  double k_ = 1.0, a1_ = 0.0, a2_ = 0.0, a3_ = 0.0;
  double ic1_ = 0.0, ic2_ = 0.0;
};

}  // namespace afterglow::dsp
