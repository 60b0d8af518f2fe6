// Built only with -DAFTERGLOW_RTSAN=ON (acceptance 1). The Hiss is prepared outside the guard, then
// driven for 12,000 blocks of random sizes 1…1024 inside RealtimeScope under random automation of
// every parameter, drum-loop and source switches, material swaps and flicker trigger storms (64 in one
// block). Any allocation, lock or I/O on its process path ends the run with "Real-time violation".

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/core/realtime_guard.h"
#include "afterglow/gen/hiss.h"

namespace afterglow::gen {
namespace {

class HissRealtime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { realtime_sanitizer_init(); }
};

std::vector<float> noisy_drums(std::size_t frames, std::uint64_t seed) {
  std::vector<float> x(frames);
  Random rng(seed);
  for (std::size_t n = 0; n < frames; ++n) {
    const double env = std::exp(-static_cast<double>(n % 12000) / 3000.0);
    x[n] = static_cast<float>(env * rng.uniform(-1.0, 1.0));
  }
  return x;
}

TEST_F(HissRealtime, TwelveThousandRandomBlocksUnderAutomationAndStorms) {
  constexpr std::size_t kMaxBlock = 1024;
  HissMaterial a(48000.0, {.slices = 4, .seed = 1});
  HissMaterial b(48000.0, {.slices = 3, .seed = 2});
  ASSERT_EQ(a.add_source(noisy_drums(48000 * 6, 1)).status, HissSliceStatus::kOk);
  ASSERT_EQ(b.add_source(noisy_drums(48000 * 6, 2)).status, HissSliceStatus::kOk);

  Hiss hiss;
  hiss.prepare(48000.0, kMaxBlock);
  hiss.set_material(&a.view());
  hiss.set_param(HissParam::kFlickerRate, 20.0f);
  hiss.reset(7);

  std::vector<float> left(kMaxBlock), right(kMaxBlock);
  std::array<Event, 128> events{};
  Random rng(99);
  double energy = 0.0;
  bool finite = true;
  {
    RealtimeScope scope;
    for (int block = 0; block < 12000; ++block) {
      const std::size_t frames = 1 + rng.below(kMaxBlock);
      std::size_t count = 0;
      if (block % 7 == 0) {  // a flicker storm: 64 triggers in one block
        for (int k = 0; k < 64; ++k)
          events[count++] = Event::trigger(rng.below(static_cast<std::uint32_t>(frames)), 0.3f);
      }
      const std::uint32_t changes = rng.below(8);
      for (std::uint32_t k = 0; k < changes; ++k) {
        const auto id = static_cast<HissParam>(rng.below(static_cast<std::uint32_t>(kHissParamCount)));
        const HissParamInfo& info = hiss_param_info(id);
        float value = static_cast<float>(rng.uniform(info.min, info.max + (info.integer ? 1.0 : 0.0)));
        if (id == HissParam::kFlickerRate) value = static_cast<float>(rng.uniform(0.0, 50.0));
        events[count++] = Event::param(rng.below(static_cast<std::uint32_t>(frames)),
                                       static_cast<std::uint16_t>(id), value);
      }
      std::sort(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(count),
                [](const Event& x, const Event& y) { return x.frame < y.frame; });
      if (block % 500 == 250) hiss.set_material(block % 1000 == 250 ? &b.view() : &a.view());
      hiss.process({std::span<float>(left.data(), frames), std::span<float>(right.data(), frames)},
                   std::span<const Event>(events.data(), count));
      for (std::size_t i = 0; i < frames; ++i) {
        finite = finite && std::isfinite(left[i]) && std::isfinite(right[i]);
        energy += static_cast<double>(left[i]) * left[i];
      }
    }
  }
  EXPECT_TRUE(finite);
  EXPECT_GT(energy, 0.0);
  EXPECT_GT(hiss.stats().flickers, 10000u);
}

TEST_F(HissRealtime, NegativeControlAnAllocationNextToTheHissIsCaught) {
  Hiss hiss;
  hiss.prepare(48000.0, 256);
  std::vector<float> left(256), right(256);
  EXPECT_EXIT(
      {
        RealtimeScope scope;
        hiss.process({left, right}, {});
        std::vector<float> grown(1024);  // what process() must never do
        left[0] = grown[1];
      },
      ::testing::ExitedWithCode(1), "Real-time violation");
}

}  // namespace
}  // namespace afterglow::gen
