#pragma once
// The hiss filter: an order-4 Butterworth band-pass (8 poles, as the original's scipy N = 4 design) or
// high-pass, run as a cascade of second-order sections on each of the Hiss's noise streams, retuned
// without clicks.
//
// Why a crossfade and not smoothed coefficients: zpk_to_sos pairs and orders poles by their distance
// to the unit circle, so when an edge moves far the section that held one pole pair may be handed
// another; the direct-form states of the old design are then wrong for the new one and ring. Instead
// the new design goes into a second cascade, started from rest, and the output crossfades from the
// old cascade to the new one over kCrossfadeMs. The curve is dsp/loop's power-complementary blend for
// a correlation of 0.5: two band-passes of the same noise are partly correlated (fully for a tiny
// move, hardly at all for a jump across the spectrum), and this curve keeps the level within about
// ±1.5 dB across that whole range. A retune that arrives during a crossfade waits for it to finish,
// then crossfades to the latest target, so a knob sweep becomes a chain of 20 ms glides. Every
// decision is taken at a sample, so the result does not depend on block sizes.

#include <array>
#include <cstddef>
#include <vector>

#include "afterglow/dsp/biquad.h"
#include "afterglow/dsp/butterworth.h"

namespace afterglow::gen {

class HissFilter {
 public:
  static constexpr std::size_t kStreams = 3;
  static constexpr int kOrder = 4;
  static constexpr double kCrossfadeMs = 20.0;

  // Allocates the crossfade table. Not realtime.
  void prepare(double sample_rate);

  // The design for a band-pass (low, high) or a high-pass (cutoff in `low`), edges in Hz, clamped as
  // the original clamps them (0.01 … 0.99 of Nyquist) and, for a band, kept at least a few percent
  // apart. Realtime safe.
  dsp::ButterworthSpec spec(bool band_pass, double low_hz, double high_hz) const noexcept;

  // Jumps to `spec` with cleared state (start-up and reset).
  void snap(const dsp::ButterworthSpec& spec) noexcept;
  // Heads for `spec`: a crossfade starts at the next sample, or when the running one ends.
  void retune(const dsp::ButterworthSpec& spec) noexcept;

  // Filters kStreams streams of `frames` samples in place.
  void process(const std::array<float*, kStreams>& io, std::size_t frames) noexcept;

  bool fading() const noexcept { return fade_pos_ < fade_length_; }
  const dsp::ButterworthSpec& target() const noexcept { return target_; }

 private:
  void start_fade() noexcept;

  double sample_rate_ = 48000.0;
  std::array<std::array<dsp::BiquadCascade, kStreams>, 2> banks_{};
  int active_ = 0;
  dsp::ButterworthSpec current_{};
  dsp::ButterworthSpec target_{};
  std::size_t fade_length_ = 0;
  std::size_t fade_pos_ = 0;  // == fade_length_ when no crossfade runs
  std::vector<float> fade_in_;
  std::vector<float> fade_out_;
};

}  // namespace afterglow::gen
