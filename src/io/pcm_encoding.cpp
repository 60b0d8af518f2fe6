#include "afterglow/io/pcm_encoding.h"

#include <algorithm>
#include <cmath>

namespace afterglow::io {
namespace {

// std::nearbyint rounds half to even under the default floating-point environment, which is what
// libsndfile's lrint does and what the golden files were written with.
double round_half_even(double v) {
  return std::nearbyint(v);
}

}  // namespace

std::int16_t encode_pcm16(double x) {
  return encode_pcm16_dithered(x, 0.0);
}

std::int16_t encode_pcm16_dithered(double x, double dither_lsb) {
  const double code = round_half_even(x * 32767.0 + dither_lsb);
  return static_cast<std::int16_t>(std::clamp(code, -32768.0, 32767.0));
}

std::int32_t encode_pcm24(double x) {
  // Clamp in the 32-bit domain first, as libsndfile's clipping float->int conversion does, then keep the
  // top 24 bits with a floor (an arithmetic shift).
  const double code32 = std::clamp(round_half_even(x * 2147483647.0), -2147483648.0, 2147483647.0);
  return static_cast<std::int32_t>(std::floor(code32 / 256.0));
}

TpdfDither::TpdfDither(std::uint64_t seed) : state_(seed) {}

double TpdfDither::uniform() {
  // splitmix64: tiny, fast, and good enough for dither; the top 53 bits make a double in [0, 1).
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

double TpdfDither::next() {
  return uniform() - uniform();
}

}  // namespace afterglow::io
