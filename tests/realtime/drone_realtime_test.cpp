// Built only with -DAFTERGLOW_RTSAN=ON (issue 4, acceptance 1): the Drone's process() runs inside the
// RealtimeSanitizer's guard for more than 10,000 blocks of random sizes (1…1024 frames) under random
// automation — notes, tone, stretch switches, reverse, width, level, fine tune, freeze, all-offs —
// with 64-note storms in one block that keep the voices stolen, and loop sets swapped in (a stretch
// arriving late, a new pad). Any allocation, free, lock or I/O on that path ends the process with
// "Real-time violation". Loop sets are built and prepare() runs outside the guard, as on a worker.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/core/realtime_guard.h"
#include "afterglow/gen/drone.h"
#include "afterglow/gen/loop_set.h"

namespace afterglow::gen {
namespace {

static_assert(kRealtimeSanitizer, "this suite must be built with AFTERGLOW_RTSAN");

constexpr double kRate = 48000.0;

std::vector<float> chord(std::size_t frames, double root_hz) {
  std::vector<float> x(frames);
  Random rng(3);
  double lp = 0.0;
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / kRate;
    lp += 0.05 * (rng.uniform(-1.0, 1.0) - lp);
    x[n] = static_cast<float>(0.2 * std::sin(2.0 * std::numbers::pi * root_hz * t) +
                              0.15 * std::sin(2.0 * std::numbers::pi * root_hz * 1.5 * t) + 0.1 * lp);
  }
  return x;
}

class DroneRealtime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { realtime_sanitizer_init(); }
};

TEST_F(DroneRealtime, TenThousandRandomBlocksUnderTheGuard) {
  // Outside the guard: loop sets (one with only the pad loop, then the full one; a second pad) and
  // prepare().
  auto first = DroneLoopSet::from_pad(chord(48000 * 2, 110.0), {}, kRate, 45.0f);
  ASSERT_TRUE(first);
  const DroneLoopSetView pad_only = first->view();
  ASSERT_TRUE(first->render_all());
  const DroneLoopSetView full = first->view();
  auto second = DroneLoopSet::from_pad(chord(48000 * 2, 146.8), chord(48000 * 2, 147.0), kRate, 50.0f);
  ASSERT_TRUE(second);
  ASSERT_TRUE(second->render(DroneStretch::k4x));
  const DroneLoopSetView other = second->view();

  Drone drone;
  drone.prepare(kRate, 1024, 16);
  drone.set_loops(pad_only);
  std::vector<float> left(1024), right(1024);
  std::vector<Event> events;
  events.reserve(256);
  Random rng(77);
  std::size_t blocks = 0;
  double energy = 0.0;

  for (; blocks < 12000; ++blocks) {
    const std::size_t frames = 1 + rng.below(1024);
    events.clear();
    if (blocks % 500 == 250) {
      for (int k = 0; k < 64; ++k) {
        events.push_back(Event::note_on(rng.below(static_cast<std::uint32_t>(frames)),
                                        21 + static_cast<int>(rng.below(60)), 0.8f));
      }
    }
    const std::size_t changes = rng.below(6);
    for (std::size_t c = 0; c < changes; ++c) {
      const auto frame = rng.below(static_cast<std::uint32_t>(frames));
      const auto kind = rng.below(10);
      if (kind < 3) {
        events.push_back(Event::note_on(frame, 33 + static_cast<int>(rng.below(36)),
                                        static_cast<float>(rng.uniform(0.1, 1.0))));
      } else if (kind < 5) {
        events.push_back(Event::note_off(frame, 33 + static_cast<int>(rng.below(36))));
      } else if (kind == 5) {
        events.push_back(Event::freeze(frame, rng.uniform() < 0.5));
      } else if (kind == 6) {
        events.push_back(Event{frame, EventType::kAllOff, 0, 0, 0.0f});
      } else {
        const auto id = static_cast<DroneParam>(rng.below(static_cast<std::uint32_t>(kDroneParamCount)));
        const DroneParamInfo& info = drone_param_info(id);
        float value = static_cast<float>(rng.uniform(info.min, info.max));
        if (id == DroneParam::kAttack || id == DroneParam::kRelease)
          value = static_cast<float>(rng.uniform(0.005, 0.5));
        events.push_back(Event::param(frame, static_cast<std::uint16_t>(id), value));
      }
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.frame < b.frame; });
    {
      RealtimeScope scope;
      // Loop sets arrive between blocks, as the engine publishes them: the stretches late, then a new pad.
      if (blocks == 1500) drone.set_loops(full);
      if (blocks == 6000) drone.set_loops(other);
      if (blocks == 9000) drone.set_loops(full);
      drone.process({std::span<float>(left.data(), frames), std::span<float>(right.data(), frames)}, events);
    }
    for (std::size_t i = 0; i < frames; ++i) {
      ASSERT_TRUE(std::isfinite(left[i]) && std::isfinite(right[i]));
      energy += static_cast<double>(left[i]) * left[i];
    }
  }
  EXPECT_GE(blocks, 10000u);
  EXPECT_GT(energy, 1.0);
  EXPECT_GT(drone.stats().stolen, 100u);
}

// process() inside the guard, then a deliberate allocation: the guard must catch the second.
void process_then_allocate() {
  Drone drone;
  drone.prepare(kRate, 64, 16);
  std::vector<float> l(64), r(64);
  RealtimeScope scope;
  drone.process({l, r}, {});
  auto* leak = new std::vector<float>(4096);
  l[0] = static_cast<float>(leak->size());
}

TEST_F(DroneRealtime, NegativeControlAnAllocationNextToProcessIsCaught) {
  EXPECT_EXIT(process_then_allocate(), ::testing::ExitedWithCode(1), "Real-time violation");
}

}  // namespace
}  // namespace afterglow::gen
