// The STFT pass allocates nothing per frame: every buffer is sized in create() and begin(). Counted with
// a replaced global operator new (this test executable only).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "afterglow/analysis/frame_rms.h"
#include "afterglow/analysis/onset_strength.h"
#include "afterglow/analysis/spectral_centroid.h"
#include "afterglow/analysis/spectral_flatness.h"
#include "afterglow/analysis/stft.h"
#include "support/signals.h"

// g++ 12 sees the replaced operator new/delete pair inlined into std::allocator and reports malloc/free
// as a mismatch; the pair is consistent (both malloc-based), so the warning is a false positive here.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace afterglow::analysis {
namespace {

// Snapshots the allocation counter at the first frame and at finish().
class AllocationProbe final : public FrameConsumer {
 public:
  void begin(const StftLayout&) override {}
  void consume(const StftFrame& frame) override {
    if (frame.index == 0) at_first_frame = g_allocations.load();
    at_last_frame = g_allocations.load();
  }
  long at_first_frame = -1;
  long at_last_frame = -1;
};

TEST(StftAllocation, NoAllocationBetweenTheFirstAndLastFrame) {
  const auto x = test::noise(0.2, 10 * 44100, 9);
  auto stft = Stft::create();
  ASSERT_TRUE(stft.ok());
  FrameRms rms;
  SpectralCentroid centroid;
  SpectralFlatness flatness;
  OnsetStrength onset;
  AllocationProbe probe;
  FrameConsumer* consumers[] = {&probe, &rms, &centroid, &flatness, &onset};
  ASSERT_TRUE(stft->run(x, 44100.0, consumers).ok());
  ASSERT_GE(probe.at_first_frame, 0);
  EXPECT_EQ(probe.at_last_frame, probe.at_first_frame);
  // The probe itself can see allocations: a vector built now is counted.
  const long before = g_allocations.load();
  std::vector<int> v(100);
  EXPECT_GT(g_allocations.load(), before);
}

}  // namespace
}  // namespace afterglow::analysis
