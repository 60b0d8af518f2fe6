#pragma once
// Offline decimation by two, for band-limited half-rate copies of source audio. A grain or voice that
// plays an octave (or more) up reads the copy one octave down at half the ratio, so a cheap reader
// stays alias-free and touches half the memory (the mip-map idea of wavetable synths).
//
// The filter is a steep linear-phase low-pass, not a true half-band: a half-band filter is -6 dB at
// exactly fs_out/2 and would let the band just above it fold back. This one keeps 0..0.45 fs_out flat
// within 0.1 dB and is >= 60 dB down from 0.5 fs_out up (Kaiser-windowed sinc, 70 dB design, 201 taps,
// computed only at the output rate). Offline/worker code: it allocates its result.

#include <cstddef>
#include <span>
#include <vector>

namespace afterglow::dsp {

class HalfRateDecimator {
 public:
  static constexpr std::size_t kTaps = 201;
  static constexpr double kPassbandEdge = 0.45;  // fraction of fs_out
  static constexpr double kStopbandEdge = 0.5;   // fraction of fs_out

  HalfRateDecimator();

  // y[m] = sum_k h[k] x[2m + k - (kTaps-1)/2], zero outside x: output sample m is aligned with input
  // sample 2m (the filter's delay is compensated). Output length ceil(len / 2).
  std::vector<float> process(std::span<const float> x) const;

  std::span<const double> taps() const { return taps_; }

 private:
  std::vector<double> taps_;
};

// Copies at 1/2, 1/4, ... of the rate: result[0] is x decimated once, result[k] once more than
// result[k-1]. Stops early when a copy would have fewer than 2 samples.
std::vector<std::vector<float>> octave_copies(std::span<const float> x, std::size_t count);

}  // namespace afterglow::dsp
