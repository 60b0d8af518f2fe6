#pragma once
// Noise sources for hiss and texture, each seeded through its own afterglow::Random so that a render
// with a seed is byte-identical run to run (design §6). No heap; a few ns per sample.
//
// Pink noise uses Paul Kellet's "refined" filter (music-dsp archive, 1999): seven first-order stages
// whose summed response follows −3.01 dB/octave to within ±0.05 dB from 9.2 Hz up to about 0.4·fs at
// 44.1 kHz (Kellet's figure). The pole positions are fixed, so at 48 or 96 kHz the accurate band moves up
// with the rate (10 Hz / 20 Hz lower edge) — still the whole audible band. Tests check the slope over
// 100 Hz–10 kHz.

#include <cstdint>
#include <span>

#include "afterglow/core/random.h"

namespace afterglow::dsp {

class WhiteNoise {
 public:
  explicit WhiteNoise(std::uint64_t seed = 1) : random_(seed) {}
  void reseed(std::uint64_t seed) {
    random_.reseed(seed);
    has_spare_ = false;
  }

  // Uniform in [−1, 1): 24 random bits, exactly representable in float, mean 0, RMS 1/√3.
  float uniform() {
    return static_cast<float>(static_cast<std::int32_t>(random_.next_u32() >> 8) - (1 << 23)) *
           (1.0f / (1 << 23));
  }
  // Standard normal (σ = 1), Box–Muller: bounded cost per sample (no rejection loop), two values per pair
  // of uniforms.
  float gaussian();

  void fill_uniform(std::span<float> out, float amplitude = 1.0f) {
    for (float& v : out) v = amplitude * uniform();
  }
  void fill_gaussian(std::span<float> out, float stddev = 1.0f) {
    for (float& v : out) v = stddev * gaussian();
  }

 private:
  Random random_;
  float spare_ = 0.0f;
  bool has_spare_ = false;
};

class PinkNoise {
 public:
  // Output scale: RMS about 0.2 (−14 dBFS), leaving the peaks (~4.5σ) under full scale.
  static constexpr float kOutputScale = 0.11f;

  explicit PinkNoise(std::uint64_t seed = 1) : white_(seed) {}
  void reseed(std::uint64_t seed) {
    white_.reseed(seed);
    b0_ = b1_ = b2_ = b3_ = b4_ = b5_ = b6_ = 0.0f;
  }

  float next() {
    const float w = white_.uniform();
    b0_ = 0.99886f * b0_ + w * 0.0555179f;
    b1_ = 0.99332f * b1_ + w * 0.0750759f;
    b2_ = 0.96900f * b2_ + w * 0.1538520f;
    b3_ = 0.86650f * b3_ + w * 0.3104856f;
    b4_ = 0.55000f * b4_ + w * 0.5329522f;
    b5_ = -0.7616f * b5_ - w * 0.0168980f;
    const float pink = b0_ + b1_ + b2_ + b3_ + b4_ + b5_ + b6_ + w * 0.5362f;
    b6_ = w * 0.115926f;
    return pink * kOutputScale;
  }
  void fill(std::span<float> out, float amplitude = 1.0f) {
    for (float& v : out) v = amplitude * next();
  }

 private:
  WhiteNoise white_;
  float b0_ = 0.0f, b1_ = 0.0f, b2_ = 0.0f, b3_ = 0.0f, b4_ = 0.0f, b5_ = 0.0f, b6_ = 0.0f;
};

}  // namespace afterglow::dsp
