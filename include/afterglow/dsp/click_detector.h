#pragma once
// Finds clicks in rendered audio (issue 4, acceptance 2): the test that a generator's grain ends,
// loop wraps, voice steals and parameter jumps are inaudible.
//
// The rule. A click is a discontinuity: a jump in value or slope that the surrounding material never
// makes. The second difference d[n] = x[n+1] - 2 x[n] + x[n-1] is a high-pass filter (+12 dB/octave)
// that turns a step of height s into a pair of spikes ±s and leaves smooth material small (a sine of
// amplitude A at w rad/sample gives |d| <= 4 sin^2(w/2) A, and its local RMS is that over sqrt 2).
// Sample n is flagged when
//     |d[n]| > threshold * (local RMS of d)   and   |d[n]| > floor,
// where the local RMS is taken over n ± half_window, leaving out n ± guard so that the two spikes of
// a step do not raise their own reference. The relative test makes the rule level-independent: noise
// and bright material raise the local RMS of d as much as their own peaks (Gaussian noise exceeds 8
// sigma about once in 10^15 samples), while a sine's second difference has a crest factor of sqrt 2
// at any frequency up to Nyquist. The floor (-60 dBFS by default) keeps numerical dust in near-silence
// from counting. Flags closer than `merge` samples are one click, reported at its largest |d|.
// The first and last samples are not judged: an excerpt starts and ends wherever it was cut.

#include <cstddef>
#include <span>
#include <vector>

namespace afterglow::dsp {

struct ClickDetectorOptions {
  double threshold = 8.0;        // times the local RMS of the second difference
  double floor = 1e-3;           // absolute minimum |second difference| (-60 dBFS)
  std::size_t half_window = 64;  // local RMS over n ± half_window (about 2.7 ms at 48 kHz)
  std::size_t guard = 2;         // n ± guard left out of the local RMS
  std::size_t merge = 16;        // flags closer than this are one click
};

// Sample positions of the clicks in `x`, ascending.
std::vector<std::size_t> detect_clicks(std::span<const float> x, const ClickDetectorOptions& options = {});

}  // namespace afterglow::dsp
