#pragma once
// Shared by the cloud suites: generated material, timed automation and a block-by-block renderer.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <numbers>
#include <span>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/gen/cloud.h"
#include "afterglow/gen/owned_material.h"

namespace afterglow::gen::test {

inline constexpr double kRate = 48000.0;

struct TimedEvent {
  std::uint64_t frame;  // absolute
  Event event;
};

struct Rendered {
  std::vector<float> left;
  std::vector<float> right;
};

inline std::vector<float> sine(double hz, double amplitude, std::size_t frames, double rate = kRate) {
  std::vector<float> x(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    x[n] =
        static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(n) / rate));
  }
  return x;
}

// A slowly moving chord with a dark noise bed: the kind of pad the cloud is made for.
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

inline OwnedMaterial mono_material(const std::vector<float>& x, OwnedMaterial::Options options = {}) {
  return OwnedMaterial(x, {}, kRate, options);
}

// Renders `frames` frames with blocks of the sizes `next_block` returns, delivering each timed event
// inside the block that contains its frame.
inline Rendered render(Cloud& cloud, std::size_t frames, const std::vector<TimedEvent>& automation,
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
    cloud.process(block, block_events);
    pos += n;
  }
  return out;
}

inline Rendered render_fixed(Cloud& cloud, std::size_t frames, const std::vector<TimedEvent>& automation,
                             std::size_t block) {
  return render(cloud, frames, automation, [block] { return block; });
}

// Random automation: every control jumps to random values at random times, with freeze toggles and
// triggers, sorted by frame. Density and size are kept in `dense` mode high enough to fill the pool.
inline std::vector<TimedEvent> random_automation(std::size_t frames, std::size_t changes, std::uint64_t seed,
                                                 bool dense = false) {
  Random rng(seed);
  std::vector<TimedEvent> events;
  for (std::size_t i = 0; i < changes; ++i) {
    const auto frame = static_cast<std::uint64_t>(rng.uniform() * static_cast<double>(frames));
    const auto kind = rng.below(10);
    if (kind == 0) {
      events.push_back({frame, Event::freeze(0, rng.uniform() < 0.5)});
    } else if (kind == 1) {
      events.push_back({frame, Event::trigger(0, static_cast<float>(rng.uniform()))});
    } else {
      const auto id = static_cast<CloudParam>(rng.below(static_cast<std::uint32_t>(kCloudParamCount)));
      const CloudParamInfo& info = cloud_param_info(id);
      float value = static_cast<float>(rng.uniform(info.min, info.max));
      if (id == CloudParam::kDensity)
        value = static_cast<float>(dense ? rng.uniform(200.0, 4000.0) : rng.uniform(0.0, 400.0));
      if (id == CloudParam::kSizeMs) value = static_cast<float>(rng.uniform(5.0, dense ? 400.0 : 800.0));
      if (id == CloudParam::kLevel) value = static_cast<float>(rng.uniform(0.0, 1.0));
      events.push_back({frame, Event::param(0, static_cast<std::uint16_t>(id), value)});
    }
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

}  // namespace afterglow::gen::test
