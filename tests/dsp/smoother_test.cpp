// Smoothers reach their targets (the one-pole with the promised time constant, the ramp exactly on
// time), snap instead of crawling, and retarget without jumps.
#include "afterglow/dsp/smoother.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dsp/block_split_util.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 48000.0;

TEST(OnePoleSmoother, TimeConstantAndArrival) {
  OnePoleSmoother s;
  s.prepare(kRate, 10.0);
  s.reset(0.0);
  s.set_target(1.0);
  double v = 0;
  for (int i = 0; i < 480; ++i) v = s.next();
  EXPECT_NEAR(v, 1.0 - std::exp(-1.0), 1e-6);  // one time constant: 63 %
  EXPECT_FALSE(s.settled());
  int n = 480;
  while (!s.settled() && n < 48000) {
    s.next();
    ++n;
  }
  EXPECT_TRUE(s.settled());
  EXPECT_EQ(s.value(), 1.0);  // exactly, not 0.99999…
  EXPECT_LT(n, 480 * 15);     // ln(1e6) ≈ 13.8 time constants
}

TEST(OnePoleSmoother, SnapsForLargeValuesAndNeverProducesSubnormals) {
  OnePoleSmoother s;
  s.prepare(kRate, 5.0);
  s.reset(12000.0);
  s.set_target(0.0);
  for (int i = 0; i < 48000; ++i) {
    const double v = s.next();
    ASSERT_TRUE(v == 0.0 || std::fabs(v) > 1e-300);
  }
  EXPECT_EQ(s.value(), 0.0);
  s.set_target(20000.0);
  for (int i = 0; i < 48000; ++i) s.next();
  EXPECT_EQ(s.value(), 20000.0);
}

TEST(OnePoleSmoother, ZeroTimeIsImmediate) {
  OnePoleSmoother s;
  s.prepare(kRate, 0.0);
  s.reset(0.0);
  s.set_target(0.7);
  EXPECT_EQ(s.next(), 0.7);
}

TEST(LinearRamp, LandsExactlyAfterNSamples) {
  LinearRamp r;
  r.reset(0.2);
  r.set_target(0.9, 1000);
  std::vector<float> out(1000);
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    const double v = r.next();
    ASSERT_LT(v, 0.9) << i;
    ASSERT_NEAR(v, 0.2 + 0.7 * (i + 1) / 1000.0, 1e-12);
  }
  EXPECT_EQ(r.next(), 0.9);
  EXPECT_TRUE(r.settled());
  EXPECT_EQ(r.next(), 0.9);
}

TEST(LinearRamp, RetargetMidRampContinuesFromTheCurrentValue) {
  LinearRamp r;
  r.prepare(kRate, 10.0);  // 480 samples
  r.reset(0.0);
  r.set_target(1.0);
  double v = 0;
  for (int i = 0; i < 240; ++i) v = r.next();
  EXPECT_NEAR(v, 0.5, 1e-12);
  r.set_target(0.0);
  const double next = r.next();
  EXPECT_NEAR(next, 0.5 - 0.5 / 480.0, 1e-12);
  for (int i = 0; i < 479; ++i) v = r.next();
  EXPECT_EQ(v, 0.0);
}

TEST(Smoothers, SameOutputForAnyBlockSplit) {
  auto render = [](auto& s, std::size_t start, std::span<float> out) {
    for (std::size_t i = 0; i < out.size(); ++i) {
      const std::size_t frame = start + i;
      if (frame % 1500 == 0) s.set_target(frame % 3000 == 0 ? 1.0 : -0.25);
      out[i] = static_cast<float>(s.next());
    }
  };
  test_util::expect_block_size_independent(
      [] {
        OnePoleSmoother s;
        s.prepare(kRate, 3.0);
        return s;
      },
      render, 10000);
  test_util::expect_block_size_independent(
      [] {
        LinearRamp s;
        s.prepare(kRate, 20.0);
        return s;
      },
      render, 10000);
}

}  // namespace
}  // namespace afterglow::dsp
