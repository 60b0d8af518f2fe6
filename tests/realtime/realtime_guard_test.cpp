// Built only with -DAFTERGLOW_RTSAN=ON. Proves the sanitizer is live: forbidden calls inside a
// RealtimeScope end the process, allowed work does not. Later suites drive the generators and the
// engine through the same guard.

#include "afterglow/core/realtime_guard.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

#include "afterglow/core/random.h"

namespace afterglow {
namespace {

static_assert(kRealtimeSanitizer, "this suite must be built with AFTERGLOW_RTSAN");

class RealtimeGuard : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { realtime_sanitizer_init(); }
};

// Keeps the optimiser from removing the allocation under test.
std::atomic<void*> g_sink{nullptr};

TEST_F(RealtimeGuard, AllocationInsideTheGuardIsCaught) {
  EXPECT_EXIT(
      {
        RealtimeScope scope;
        auto* p = new std::vector<float>(1024);
        g_sink.store(p);
      },
      ::testing::ExitedWithCode(1), "Real-time violation");
}

TEST_F(RealtimeGuard, LockInsideTheGuardIsCaught) {
  EXPECT_EXIT(
      {
        static std::mutex m;
        RealtimeScope scope;
        std::lock_guard lock(m);
      },
      ::testing::ExitedWithCode(1), "Real-time violation");
}

TEST_F(RealtimeGuard, FileIoInsideTheGuardIsCaught) {
  EXPECT_EXIT(
      {
        RealtimeScope scope;
        std::FILE* f = std::fopen("/dev/null", "w");
        g_sink.store(f);
      },
      ::testing::ExitedWithCode(1), "Real-time violation");
}

TEST_F(RealtimeGuard, PreallocatedDspWorkPasses) {
  std::array<float, 512> buffer{};
  Random rng(5);
  double sum = 0.0;
  {
    RealtimeScope scope;
    for (int block = 0; block < 1000; ++block) {
      for (float& s : buffer) s = static_cast<float>(std::sin(rng.uniform() * 6.283));
      for (float s : buffer) sum += s;
    }
  }
  EXPECT_TRUE(std::isfinite(sum));
  // The guard is off again: allocating here is fine.
  auto after = std::make_unique<std::vector<float>>(16);
  EXPECT_EQ(after->size(), 16u);
}

}  // namespace
}  // namespace afterglow
