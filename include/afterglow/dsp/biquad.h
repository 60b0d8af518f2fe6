#pragma once
// Realtime biquads: one section in transposed direct form II with double state, the RBJ "Audio EQ
// Cookbook" designs for tone controls, and a fixed-capacity cascade of second-order sections for the
// Butterworth designs (butterworth.h) when they run live.
//
// Why TDF-II with double state: it needs two state variables per section, and in double precision its
// round-off noise stays far below 24-bit even for low cutoffs at 96 kHz, where a float DF-I biquad
// audibly hisses. Input and output are float.
//
// Coefficient changes take effect at the next sample. Small steps (a slowly turned tone knob) are fine;
// sweeping a cutoff every sample is the state-variable filter's job (svf.h), which stays click-free
// under modulation.

#include <array>
#include <cstddef>
#include <span>

#include "afterglow/dsp/butterworth.h"

namespace afterglow::dsp {

// RBJ cookbook designs. `q` is the filter Q (0.7071 = Butterworth for a single section); shelves use
// the shelf slope S = 1 (steepest monotonic). Frequencies are clamped to (0, 0.499·fs) so a design is
// always stable; these never allocate.
SosSection rbj_lowpass(double sample_rate, double freq_hz, double q = 0.7071067811865476);
SosSection rbj_highpass(double sample_rate, double freq_hz, double q = 0.7071067811865476);
// Constant 0 dB peak gain at the centre frequency.
SosSection rbj_bandpass(double sample_rate, double freq_hz, double q = 0.7071067811865476);
SosSection rbj_notch(double sample_rate, double freq_hz, double q = 0.7071067811865476);
SosSection rbj_peaking(double sample_rate, double freq_hz, double q, double gain_db);
SosSection rbj_low_shelf(double sample_rate, double freq_hz, double gain_db);
SosSection rbj_high_shelf(double sample_rate, double freq_hz, double gain_db);

class Biquad {
 public:
  void set_coefficients(const SosSection& c) { c_ = c; }
  const SosSection& coefficients() const { return c_; }
  void reset() { s1_ = s2_ = 0.0; }

  float process(float x) {
    const double in = x;
    const double y = c_.b0 * in + s1_;
    s1_ = c_.b1 * in - c_.a1 * y + s2_;
    s2_ = c_.b2 * in - c_.a2 * y;
    return static_cast<float>(y);
  }
  void process(std::span<float> io) {
    for (float& v : io) v = process(v);
  }

 private:
  SosSection c_{};
  double s1_ = 0.0;
  double s2_ = 0.0;
};

// Up to kMaxSosSections sections in series, on fixed storage (no heap: the object can live inside a
// voice). Sample by sample through the whole cascade, so it is block-size independent.
class BiquadCascade {
 public:
  static constexpr std::size_t kCapacity = kMaxSosSections;

  // Extra sections beyond kCapacity are ignored (a butterworth_sos() result always fits). State of the
  // sections that remain is kept, so a redesign with the same section count does not restart the filter.
  void set_sections(std::span<const SosSection> sections);
  void set_sections(const SosCoefficients& sos) { set_sections(sos.view()); }
  std::size_t size() const { return count_; }
  void reset();

  float process(float x) {
    double v = x;
    for (std::size_t k = 0; k < count_; ++k) {
      const SosSection& c = c_[k];
      const double y = c.b0 * v + s_[k][0];
      s_[k][0] = c.b1 * v - c.a1 * y + s_[k][1];
      s_[k][1] = c.b2 * v - c.a2 * y;
      v = y;
    }
    return static_cast<float>(v);
  }
  void process(std::span<float> io) {
    for (float& v : io) v = process(v);
  }

 private:
  std::array<SosSection, kCapacity> c_{};
  std::array<std::array<double, 2>, kCapacity> s_{};
  std::size_t count_ = 0;
};

}  // namespace afterglow::dsp
