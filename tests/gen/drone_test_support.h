#pragma once
// Shared by the drone suites: generated pads, timed automation and a block-by-block renderer.

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
#include "afterglow/gen/drone.h"
#include "afterglow/gen/loop_set.h"

namespace afterglow::gen::drone_test {

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

// Three detuned band-limited saws per note of an A minor triad: beating, bright, a classic pad.
inline std::vector<float> saw_chord(std::size_t frames) {
  std::vector<float> x(frames, 0.0f);
  const double notes[3] = {110.0, 130.81, 164.81};
  const double detune[3] = {0.997, 1.0, 1.004};
  for (double f0 : notes) {
    for (double d : detune) {
      const double f = f0 * d;
      for (int k = 1; f * k < 16000.0; ++k) {
        const double a = 0.05 / k;
        const double w = 2.0 * std::numbers::pi * f * k / kRate;
        for (std::size_t n = 0; n < frames; ++n)
          x[n] += static_cast<float>(a * std::sin(w * static_cast<double>(n) + k));
      }
    }
  }
  return x;
}

// Noise-ish material: low-passed noise with a slow swell, like tape hiss under a room tone.
inline std::vector<float> noisy(std::size_t frames, std::uint64_t seed = 5) {
  std::vector<float> x(frames);
  Random rng(seed);
  double lp = 0.0;
  for (std::size_t n = 0; n < frames; ++n) {
    lp += 0.2 * (rng.uniform(-1.0, 1.0) - lp);
    const double t = static_cast<double>(n) / kRate;
    x[n] = static_cast<float>(lp * (0.8 + 0.2 * std::sin(2.0 * std::numbers::pi * 0.4 * t)));
  }
  return x;
}

// A moving chord over a dark noise bed (the Cloud suites' pad).

inline DroneLoopSet loop_set(const std::vector<float>& mono, float root, bool all = false,
                             DroneLoopSetOptions options = {}) {
  auto set = DroneLoopSet::from_pad(mono, {}, kRate, root, options);
  if (!set) throw set.error();
  if (all) {
    if (auto st = set->render_all(); !st) throw st.error();
  }
  return std::move(set.value());
}

// Renders `frames` with blocks of the sizes `next_block` returns, each timed event delivered in the block
// holding its frame.

// Random playing: notes on and off around the root, jumps of every control (tone, stretch, reverse,
// width, level, fine tune, swell times), freeze toggles, all-offs, and one 64-note storm in one block.
inline std::vector<TimedEvent> random_automation(std::size_t frames, std::size_t changes, std::uint64_t seed,
                                                 int root = 57) {
  Random rng(seed);
  std::vector<TimedEvent> events;
  for (std::size_t i = 0; i < changes; ++i) {
    const auto frame = static_cast<std::uint64_t>(rng.uniform() * static_cast<double>(frames));
    const auto kind = rng.below(12);
    const int note = root - 12 + static_cast<int>(rng.below(25));
    if (kind < 3) {
      events.push_back({frame, Event::note_on(0, note, static_cast<float>(rng.uniform(0.2, 1.0)))});
    } else if (kind < 5) {
      events.push_back({frame, Event::note_off(0, note)});
    } else if (kind == 5) {
      events.push_back({frame, Event::freeze(0, rng.uniform() < 0.5)});
    } else if (kind == 6 && rng.uniform() < 0.2) {
      events.push_back({frame, Event{0, EventType::kAllOff, 0, 0, 0.0f}});
    } else {
      const auto id = static_cast<DroneParam>(rng.below(static_cast<std::uint32_t>(kDroneParamCount)));
      const DroneParamInfo& info = drone_param_info(id);
      float value = static_cast<float>(rng.uniform(info.min, info.max));
      if (id == DroneParam::kAttack || id == DroneParam::kRelease)
        value = static_cast<float>(std::exp(rng.uniform(std::log(0.005), std::log(4.0))));
      if (id == DroneParam::kReverse) value = rng.uniform() < 0.5 ? 0.0f : 1.0f;
      if (id == DroneParam::kLevel) value = static_cast<float>(rng.uniform(0.05, 1.0));
      events.push_back({frame, Event::param(0, static_cast<std::uint16_t>(id), value)});
    }
  }
  // The storm: 64 note-ons in one block, far more than the voices.
  const auto storm = static_cast<std::uint64_t>(rng.uniform(0.3, 0.6) * static_cast<double>(frames));
  for (int k = 0; k < 64; ++k) {
    events.push_back(
        {storm + rng.below(100), Event::note_on(0, root - 24 + static_cast<int>(rng.below(49)), 0.7f)});
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const TimedEvent& a, const TimedEvent& b) { return a.frame < b.frame; });
  return events;
}

// Amplitude of the component at `hz` (single-bin DFT with a Hann window), relative to a full-scale sine.

inline std::vector<float> mid(const Rendered& r, std::size_t from = 0) {
  std::vector<float> m(r.left.size() - from);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = 0.5f * (r.left[from + i] + r.right[from + i]);
  return m;
}

}  // namespace afterglow::gen::drone_test
