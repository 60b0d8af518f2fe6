#pragma once
// Shared by the hiss suites: generated drum-like material, timed automation and a block-by-block
// renderer.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <numbers>
#include <span>
#include <vector>

#include "afterglow/core/random.h"
#include "generator_test_support.h"
#include "afterglow/gen/hiss.h"

namespace afterglow::gen::hiss_test {

using generator_test::identical;
using generator_test::kRate;
using generator_test::pad;
using generator_test::render;
using generator_test::render_fixed;
using generator_test::Rendered;
using generator_test::rms;
using generator_test::sine;
using generator_test::TimedEvent;
using generator_test::tone_amplitude;

// A drum-ish track: noise hits (2 ms attack, 60–200 ms decay) on an eighth-note grid at 120 BPM, with
// a low "kick" thump under some of them. Soft attacks, so that the material itself has no clicks for
// the click detector to find.
inline std::vector<float> drum_track(std::size_t frames, std::uint64_t seed = 11) {
  std::vector<float> x(frames, 0.0f);
  Random rng(seed);
  const auto step = static_cast<std::size_t>(kRate * 0.25);
  for (std::size_t start = 0; start < frames; start += step) {
    const double decay = rng.uniform(0.06, 0.2) * kRate;
    const double amp = rng.uniform(0.3, 0.9);
    const bool kick = rng.below(3) == 0;
    const auto attack = static_cast<std::size_t>(0.002 * kRate);
    for (std::size_t n = 0; n < static_cast<std::size_t>(decay * 5.0) && start + n < frames; ++n) {
      const double env = (n < attack ? static_cast<double>(n) / static_cast<double>(attack) : 1.0) *
                         std::exp(-static_cast<double>(n) / decay);
      double v = amp * env * rng.uniform(-1.0, 1.0);
      if (kick) v += 0.8 * env * std::sin(2.0 * std::numbers::pi * 55.0 * static_cast<double>(n) / kRate);
      x[start + n] += static_cast<float>(v);
    }
  }
  return x;
}

// Renders `frames` frames with blocks of the sizes `next_block` returns, delivering each timed event
// inside the block that contains its frame.

inline Event param(HissParam p, float value) {
  return Event::param(0, static_cast<std::uint16_t>(p), value);
}

// Random automation: band edges jumping, filter mode flips, tremolo changes (free and synced), source
// and slice switches, level moves, flicker rate changes and flicker storms (up to `storm` triggers on
// one frame), sorted by frame. With `max_edge_hz` > 0 every filter edge stays below it.
inline std::vector<TimedEvent> random_automation(std::size_t frames, std::size_t changes, std::uint64_t seed,
                                                 std::uint32_t storm = 16, float max_edge_hz = 0.0f) {
  Random rng(seed);
  std::vector<TimedEvent> events;
  for (std::size_t i = 0; i < changes; ++i) {
    const auto frame = static_cast<std::uint64_t>(rng.uniform() * static_cast<double>(frames));
    const auto kind = rng.below(12);
    if (kind == 0) {
      const std::uint32_t n = 1 + rng.below(storm);
      for (std::uint32_t k = 0; k < n; ++k)
        events.push_back({frame, Event::trigger(0, static_cast<float>(rng.uniform()))});
    } else {
      const auto id = static_cast<HissParam>(rng.below(static_cast<std::uint32_t>(kHissParamCount)));
      const HissParamInfo& info = hiss_param_info(id);
      float value = static_cast<float>(rng.uniform(info.min, info.max + (info.integer ? 1.0 : 0.0)));
      if (id == HissParam::kFlickerRate) value = static_cast<float>(rng.uniform(0.0, 30.0));
      if (id == HissParam::kLevel || id == HissParam::kBedLevel)
        value = static_cast<float>(rng.uniform(0.0, 1.0));
      if (id == HissParam::kSlice) value = static_cast<float>(rng.below(8));
      const bool edge = id == HissParam::kLowHz || id == HissParam::kHighHz || id == HissParam::kHighpassHz;
      if (edge && max_edge_hz > 0.0f) value = static_cast<float>(rng.uniform(40.0, max_edge_hz));
      events.push_back({frame, Event::param(0, static_cast<std::uint16_t>(id), value)});
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const TimedEvent& a, const TimedEvent& b) { return a.frame < b.frame; });
  return events;
}

inline bool all_finite(const Rendered& r) {
  for (float v : r.left) {
    if (!std::isfinite(v)) return false;
  }
  for (float v : r.right) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

}  // namespace afterglow::gen::hiss_test
