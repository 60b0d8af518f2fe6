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
#include "afterglow/gen/drone.h"
#include "afterglow/gen/loop_set.h"

namespace afterglow::gen::drone_test {

inline constexpr double kRate = 48000.0;

struct TimedEvent {
  std::uint64_t frame;  // absolute
  Event event;
};

struct Rendered {
  std::vector<float> left;
  std::vector<float> right;
};

inline std::vector<float> sine(double hz, double amplitude, std::size_t frames) {
  std::vector<float> x(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    x[n] = static_cast<float>(amplitude *
                              std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(n) / kRate));
  }
  return x;
}

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
inline Rendered render(Drone& drone, std::size_t frames, const std::vector<TimedEvent>& automation,
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
    StereoBlock block{std::span<float>(out.left).subspan(pos, n),
                      std::span<float>(out.right).subspan(pos, n)};
    drone.process(block, block_events);
    pos += n;
  }
  return out;
}

inline Rendered render_fixed(Drone& drone, std::size_t frames, const std::vector<TimedEvent>& automation,
                             std::size_t block) {
  return render(drone, frames, automation, [block] { return block; });
}

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

inline bool identical(const Rendered& a, const Rendered& b) {
  return a.left.size() == b.left.size() &&
         std::memcmp(a.left.data(), b.left.data(), a.left.size() * sizeof(float)) == 0 &&
         std::memcmp(a.right.data(), b.right.data(), a.right.size() * sizeof(float)) == 0;
}

// Amplitude of the component at `hz` (single-bin DFT with a Hann window), relative to a full-scale sine.
inline double tone_amplitude(std::span<const float> x, double hz) {
  double re = 0.0, im = 0.0, wsum = 0.0;
  const std::size_t n = x.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double w =
        0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n));
    const double ph = 2.0 * std::numbers::pi * hz * static_cast<double>(i) / kRate;
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

inline std::vector<float> mid(const Rendered& r, std::size_t from = 0) {
  std::vector<float> m(r.left.size() - from);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = 0.5f * (r.left[from + i] + r.right[from + i]);
  return m;
}

}  // namespace afterglow::gen::drone_test
