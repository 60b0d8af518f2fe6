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
#include "generator_test_support.h"
#include "afterglow/gen/cloud.h"
#include "afterglow/gen/owned_material.h"

namespace afterglow::gen::test {

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

// A slowly moving chord with a dark noise bed: the kind of pad the cloud is made for.

inline OwnedMaterial mono_material(const std::vector<float>& x, OwnedMaterial::Options options = {}) {
  return OwnedMaterial(x, {}, kRate, options);
}

// Renders `frames` frames with blocks of the sizes `next_block` returns, delivering each timed event
// inside the block that contains its frame.

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

// Amplitude of the component at `hz` (single-bin DFT with a Hann window), relative to a full-scale sine.

}  // namespace afterglow::gen::test
