#pragma once
// Flicker bursts: short gated swells of hiss laid over the bed (reference §8 "flicker"). Each burst has
// a fixed length, a linear fade-in of 10 ms and fade-out of 50 ms as in the original (each clamped to
// the length, so in a short burst the two ramps overlap and multiply), a gain and a pan fixed at its
// start. Nothing about a sounding burst changes afterwards, so no control can make one click.
//
// The pool is fixed at construction (no heap). Bursts are kept in start order and rendered in that
// order, so the sum is the same whatever the block sizes. When the pool is full a new burst is dropped
// (and counted): dropping is silent, cutting a sounding one would click.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace afterglow::gen {

struct FlickerBurst {
  std::uint64_t start = 0;   // absolute frame of its first sample (level 0)
  std::uint32_t length = 0;  // frames; the last one is at level 0 again
  float inv_attack = 1.0f;   // 1 / (attack frames − 1)
  float inv_release = 1.0f;  // 1 / (release frames − 1)
  float gain_left = 0.0f;
  float gain_right = 0.0f;

  std::uint64_t end() const { return start + length; }
  // Level at frame n of the burst: min(1, n/(A−1)) · min(1, (L−1−n)/(R−1)), the original's two
  // linear ramps (first and last sample 0).
  float envelope(std::uint32_t n) const {
    const float rise = static_cast<float>(n) * inv_attack;
    const float fall = static_cast<float>(length - 1 - n) * inv_release;
    return (rise < 1.0f ? rise : 1.0f) * (fall < 1.0f ? fall : 1.0f);
  }
};

class FlickerPool {
 public:
  static constexpr std::size_t kCapacity = 128;

  // Adds a burst (bursts arrive in start order); when the pool is full, bursts that ended by this
  // one's start make room first, so whether a burst fits never depends on block boundaries. False
  // (and counted) when it still does not fit.
  bool add(const FlickerBurst& burst) noexcept;
  // Drops bursts that ended at or before `now`, keeping start order.
  void retire(std::uint64_t now) noexcept;
  void clear() noexcept { count_ = 0; }

  // Adds each burst's envelope × its pan gains into env_left/env_right for frames
  // [from, from + frames) (absolute), index 0 of the spans being frame `from`.
  void render(std::uint64_t from, std::size_t frames, float* env_left, float* env_right) const noexcept;

  std::size_t size() const noexcept { return count_; }
  std::uint64_t dropped() const noexcept { return dropped_; }
  void reset_counters() noexcept { dropped_ = 0; }

 private:
  std::array<FlickerBurst, kCapacity> bursts_{};
  std::size_t count_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace afterglow::gen
