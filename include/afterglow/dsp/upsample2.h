#pragma once
// Band-limited 2× interpolation: a 127-tap half-band windowed sinc (90 dB stop band). Output 2i is
// input i exactly (half-band: the even taps off centre are zero); output 2i + 1 sits between inputs i
// and i + 1. What lies beyond the ends is either silence or, for one period of a cycle, the cycle
// itself — so a looped period upsampled here has no seam.
//
// The odd outputs run in blocks of sixteen as four-lane vectors (AVX2 chosen at run time), each lane
// summing its products in tap order from 0.0 with no FMA, so every path gives the same bits as the
// one-output loop; the input is processed in chunks, so memory stays small for hours of audio.

#include <cstddef>
#include <span>
#include <vector>

namespace afterglow::dsp {

// Zeros beyond the ends. 2·x.size() samples.
std::vector<float> upsample2(std::span<const float> x);
// The period wraps round at both ends. 2·period.size() samples.
std::vector<float> upsample2_periodic(std::span<const float> period);

}  // namespace afterglow::dsp
