#include "afterglow/gen/hiss_flicker.h"

#include <algorithm>

namespace afterglow::gen {

bool FlickerPool::add(const FlickerBurst& burst) noexcept {
  if (count_ >= kCapacity) retire(burst.start);
  if (count_ >= kCapacity || burst.length < 2) {
    ++dropped_;
    return false;
  }
  bursts_[count_++] = burst;
  return true;
}

void FlickerPool::retire(std::uint64_t now) noexcept {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (bursts_[i].end() > now) {
      if (kept != i) bursts_[kept] = bursts_[i];
      ++kept;
    }
  }
  count_ = kept;
}

void FlickerPool::render(std::uint64_t from, std::size_t frames, float* env_left,
                         float* env_right) const noexcept {
  const std::uint64_t to = from + frames;
  for (std::size_t b = 0; b < count_; ++b) {
    const FlickerBurst& f = bursts_[b];
    const std::uint64_t first = std::max(f.start, from);
    const std::uint64_t last = std::min(f.end(), to);
    if (first >= last) continue;
    auto n = static_cast<std::uint32_t>(first - f.start);
    const auto at = static_cast<std::size_t>(first - from);
    const auto count = static_cast<std::size_t>(last - first);
    for (std::size_t i = 0; i < count; ++i, ++n) {
      const float e = f.envelope(n);
      env_left[at + i] += e * f.gain_left;
      env_right[at + i] += e * f.gain_right;
    }
  }
}

}  // namespace afterglow::gen
