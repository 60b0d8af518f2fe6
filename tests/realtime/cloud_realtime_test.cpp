// Built only with -DAFTERGLOW_RTSAN=ON (issue 4, acceptance 1). The cloud is prepared outside the
// guard, then driven for more than 10,000 blocks of random sizes (1…1024 frames) inside it: random
// automation of every control, event storms (64 events in one block), freeze toggles, triggers,
// all-off, material and picker swaps, and a pool small enough that stealing and deferral never stop.
// Any allocation, free, lock or I/O inside process() ends the process with "Real-time violation".
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/core/realtime_guard.h"
#include "afterglow/gen/cloud.h"
#include "afterglow/gen/owned_material.h"

namespace afterglow::gen {
namespace {

static_assert(kRealtimeSanitizer, "this suite must be built with AFTERGLOW_RTSAN");

constexpr double kRate = 48000.0;
constexpr std::size_t kMaxBlock = 1024;

class CloudRealtime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { realtime_sanitizer_init(); }
};

// A picker over a fixed table, as the corpus index will be: no allocation, no locks.
class TablePicker : public GrainPicker {
 public:
  bool pick(const GrainTarget& target, Random& rng, GrainPick& out) const noexcept override {
    if (target.min_quality > 0.95f) return false;  // nothing good enough: the cloud falls back
    out.source = rng.below(2);
    out.frame = rng.below(40000);
    return true;
  }
};

std::vector<float> material(std::size_t frames, std::uint64_t seed) {
  Random rng(seed);
  std::vector<float> x(frames);
  float lp = 0.0f;
  for (std::size_t i = 0; i < frames; ++i) {
    lp += 0.1f * (static_cast<float>(rng.uniform(-1.0, 1.0)) - lp);
    x[i] = lp + 0.3f * static_cast<float>(std::sin(0.02 * static_cast<double>(i)));
  }
  return x;
}

Event random_event(Random& rng, std::uint32_t frame) {
  switch (rng.below(12)) {
    case 0:
      return Event::freeze(frame, rng.uniform() < 0.5);
    case 1:
      return Event::trigger(frame, static_cast<float>(rng.uniform()));
    case 2:
      return rng.uniform() < 0.1 ? Event{frame, EventType::kAllOff, 0, 0, 0.0f}
                                 : Event::note_on(frame, 60, 1.0f);
    default: {
      const auto id = static_cast<CloudParam>(rng.below(static_cast<std::uint32_t>(kCloudParamCount)));
      const CloudParamInfo& info = cloud_param_info(id);
      float value = static_cast<float>(rng.uniform(info.min - 1.0, info.max + 1.0));  // out of range too
      if (id == CloudParam::kDensity) value = static_cast<float>(rng.uniform(0.0, 20000.0));
      if (id == CloudParam::kSizeMs) value = static_cast<float>(rng.uniform(5.0, 600.0));
      return Event::param(frame, static_cast<std::uint16_t>(id), value);
    }
  }
}

TEST_F(CloudRealtime, TenThousandRandomBlocksUnderTheGuard) {
  // Everything that allocates happens here, outside the guard.
  const auto a = material(static_cast<std::size_t>(kRate * 2), 1);
  const auto b = material(static_cast<std::size_t>(kRate * 2), 2);
  const OwnedMaterial mono(a, {}, kRate);
  const OwnedMaterial stereo(a, b, kRate);
  const MaterialView set_one[2] = {mono.view(), stereo.view()};
  const MaterialView set_two[2] = {stereo.view(), mono.view()};
  const TablePicker picker;
  Cloud cloud;
  cloud.prepare(kRate, kMaxBlock, 48);
  cloud.set_material(set_one);
  cloud.set_picker(&picker);
  cloud.set_param(CloudParam::kDensity, 3000.0f);
  cloud.set_param(CloudParam::kTargetAmount, 0.5f);
  cloud.reset(77);
  std::vector<float> left(kMaxBlock), right(kMaxBlock);
  std::vector<Event> events;
  events.reserve(128);
  Random rng(2026);

  double energy = 0.0;
  bool finite = true;
  std::uint64_t max_fading = 0;
  constexpr int kBlocks = 12000;
  for (int block = 0; block < kBlocks; ++block) {
    const std::size_t frames = 1 + rng.below(kMaxBlock);
    events.clear();                                                 // capacity reserved: no allocation
    const std::size_t count = block % 50 == 0 ? 64 : rng.below(4);  // an event storm every 50 blocks
    for (std::size_t i = 0; i < count; ++i)
      events.push_back(random_event(rng, rng.below(static_cast<std::uint32_t>(frames))));
    std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.frame < y.frame; });
    const bool swap = block % 997 == 0;
    {
      RealtimeScope scope;
      if (swap) {
        cloud.set_material(block % 2 == 0 ? std::span<const MaterialView>(set_two)
                                          : std::span<const MaterialView>(set_one));
        cloud.set_picker(block % 3 == 0 ? nullptr : &picker);
      }
      cloud.process({std::span<float>(left.data(), frames), std::span<float>(right.data(), frames)}, events);
    }
    for (std::size_t i = 0; i < frames; ++i) {
      finite = finite && std::isfinite(left[i]) && std::isfinite(right[i]);
      energy += static_cast<double>(left[i]) * left[i];
    }
    max_fading = std::max<std::uint64_t>(max_fading, cloud.stats().fading);
  }
  EXPECT_TRUE(finite);
  EXPECT_GT(energy, 0.0);
  EXPECT_GT(cloud.stats().stolen, 1000u);  // the pool was full
  EXPECT_GT(max_fading, 0u);
}

}  // namespace
}  // namespace afterglow::gen
