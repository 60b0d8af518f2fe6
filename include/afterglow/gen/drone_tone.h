#pragma once
// The Drone's tone control: one continuous knob through the original tool's pad variants — dark
// (low-pass ~1.35 kHz), warm (low-pass ~3.25 kHz), neutral (no filter), airy (high-pass ~5.75 kHz) —
// realised as a 4th-order Butterworth pair of Simper SVFs per channel whose outputs are mixed.
//
// Why mixing works: each SVF stage's outputs satisfy low + k·band + high = input exactly (k = 1/Q), so
// out = g_low·low + g_band·k·band + g_high·high is the low-pass at (1, 0, 0), the input itself at
// (1, 1, 1) and the high-pass at (0, 0, 1). Between warm and neutral the mix slides (1, 0, 0) → (1, 1, 1)
// — a high shelf that flattens — and between neutral and airy (1, 1, 1) → (0, 0, 1), a low shelf that
// deepens into the high-pass. Neutral is therefore exactly no filter, and every point on the way is a
// smooth filter shape. The cutoff moves in the log domain inside the SVFs and the three gains glide with
// one-pole smoothers of the same time, and the SVF states stay meaningful under modulation, so a jump
// of the knob from dark to airy sweeps instead of clicking.
//
// The original's dark variant is order 5; one order less here keeps the stages identical (the knob's
// end points sit at 24 dB/octave) — the difference at 5 kHz is a few dB on material already 20+ dB down.

#include <cstddef>

#include "afterglow/dsp/smoother.h"
#include "afterglow/dsp/svf.h"

namespace afterglow::gen {

class DroneTone {
 public:
  static constexpr double kDarkHz = 1350.0;
  static constexpr double kWarmHz = 3250.0;
  static constexpr double kNeutralHz =
      4500.0;  // where the shelves turn (the mix makes it inaudible at neutral)
  static constexpr double kAiryHz = 5750.0;

  struct Shape {
    double cutoff_hz;
    double low, band, high;
  };
  // The filter shape at a tone value in [0, 1].
  static Shape shape(double tone);

  void prepare(double sample_rate, double smoothing_ms, double tone);
  void set_tone(double tone);
  // Filters the two channels in place.
  void process(float* left, float* right, std::size_t frames) noexcept;

 private:
  static constexpr int kStages = 2;
  dsp::Svf filters_[2][kStages];  // [channel][stage]
  double damping_[kStages] = {};
  dsp::OnePoleSmoother low_, band_, high_;
};

}  // namespace afterglow::gen
