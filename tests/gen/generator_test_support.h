#pragma once
// What the generator suites share: the rate, timed automation, a block-by-block renderer that
// delivers each event inside the block holding its frame, generated material and measurements.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <numbers>
#include <span>
#include <vector>

#include "afterglow/core/audio_block.h"
#include "afterglow/core/random.h"
#include "afterglow/gen/event.h"

namespace afterglow::gen::generator_test {

inline constexpr double kRate = 48000.0;

struct TimedEvent {
  std::uint64_t frame;  // absolute
  Event event;
};

struct Rendered {
  std::vector<float> left;
  std::vector<float> right;
};

// Renders `frames` frames of any generator (process(StereoBlock, EventSpan)) with blocks of the sizes
// `next_block` returns.
template <typename Generator>
Rendered render(Generator& generator, std::size_t frames, const std::vector<TimedEvent>& automation,
                const std::function<std::size_t()>& next_block) {
  Rendered out;
  out.left.assign(frames, 0.0f);
  out.right.assign(frames, 0.0f);
  std::vector<Event> block_events;
  std::size_t e = 0;
  std::size_t pos = 0;
  while (pos < frames) {
    const std::size_t n = std::min(frames - pos, std::max<std::size_t>(1, next_block()));
    block_events.clear();
    while (e < automation.size() && automation[e].frame < pos + n) {
      Event ev = automation[e].event;
      ev.frame = static_cast<std::uint32_t>(automation[e].frame - pos);
      block_events.push_back(ev);
      ++e;
    }
    StereoBlock block{std::span<float>(out.left).subspan(pos, n), std::span<float>(out.right).subspan(pos, n)};
    generator.process(block, block_events);
    pos += n;
  }
  return out;
}

template <typename Generator>
Rendered render_fixed(Generator& generator, std::size_t frames, const std::vector<TimedEvent>& automation,
                      std::size_t block) {
  return render(generator, frames, automation, [block] { return block; });
}

inline bool identical(const Rendered& a, const Rendered& b) {
  return a.left.size() == b.left.size() && a.right.size() == b.right.size() &&
         std::memcmp(a.left.data(), b.left.data(), a.left.size() * sizeof(float)) == 0 &&
         std::memcmp(a.right.data(), b.right.data(), a.right.size() * sizeof(float)) == 0;
}

inline std::vector<float> sine(double hz, double amplitude, std::size_t frames, double rate = kRate) {
  std::vector<float> x(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    x[n] =
        static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(n) / rate));
  }
  return x;
}

inline std::vector<float> pad(std::size_t frames, std::uint64_t seed = 3) {
  std::vector<float> x(frames);
  Random rng(seed);
  const double freq[3] = {110.0, 164.8, 277.2};
  double phase[3] = {0.0, 1.0, 2.0};
  double lp = 0.0;
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / kRate;
    double v = 0.0;
    for (int p = 0; p < 3; ++p) {
      phase[p] += 2.0 * std::numbers::pi * freq[p] *
                  (1.0 + 0.003 * std::sin(2.0 * std::numbers::pi * 5.0 * t + p)) / kRate;
      v += 0.2 * (0.8 + 0.2 * std::sin(2.0 * std::numbers::pi * 0.3 * t + p)) * std::sin(phase[p]);
    }
    lp += 0.03 * (rng.uniform(-1.0, 1.0) - lp);
    x[n] = static_cast<float>(v + 0.15 * lp);
  }
  return x;
}

inline double tone_amplitude(std::span<const float> x, double hz, double rate = kRate) {
  double re = 0.0;
  double im = 0.0;
  double wsum = 0.0;
  const std::size_t n = x.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double w =
        0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n));
    const double ph = 2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate;
    re += w * x[i] * std::cos(ph);
    im += w * x[i] * std::sin(ph);
    wsum += w;
  }
  return 2.0 * std::sqrt(re * re + im * im) / wsum;
}

inline double rms(std::span<const float> x) {
  double s = 0.0;
  for (float v : x) s += static_cast<double>(v) * v;
  return x.empty() ? 0.0 : std::sqrt(s / static_cast<double>(x.size()));
}

}  // namespace afterglow::gen::generator_test
