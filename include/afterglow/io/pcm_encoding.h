#pragma once
// Float -> PCM integer codes, with the rounding of the original tool (reference §11.2) so that files
// written here are bit-identical to its golden files when dither is off. The conversion is done here
// rather than by libsndfile so that the rule is ours and tested, not a library default.

#include <cstdint>

namespace afterglow::io {

// round-half-even(x * 32767), clamped to [-32768, 32767]. +1.0 -> 32767, -1.0 -> -32767.
std::int16_t encode_pcm16(double x);

// floor(round-half-even(x * (2^31 - 1)) / 256), clamped to [-8388608, 8388607]: the 32-bit code's top
// 24 bits. +1.0 -> 8388607, -1.0 -> -8388608, and tiny negative values round down to -1.
std::int32_t encode_pcm24(double x);

// 16-bit encoding with `dither_lsb` (in 16-bit steps) added before rounding.
std::int16_t encode_pcm16_dithered(double x, double dither_lsb);

// Triangular (TPDF) dither in 16-bit LSB: the difference of two independent uniform values, so it lies
// in (-1, 1) and decorrelates the rounding error from the signal (no low-level distortion on fades).
// Seeded, so a render is byte-identical run to run.
class TpdfDither {
 public:
  explicit TpdfDither(std::uint64_t seed);
  double next();

 private:
  double uniform();  // [0, 1)
  std::uint64_t state_;
};

}  // namespace afterglow::io
