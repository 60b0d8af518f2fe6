#include "afterglow/engine/load_stats.h"

#include <gtest/gtest.h>

namespace afterglow::engine {
namespace {

TEST(LoadHistogram, QuantilesAtATenthOfAPercent) {
  LoadHistogram h;
  for (int i = 0; i < 990; ++i) h.add(0.010);
  for (int i = 0; i < 10; ++i) h.add(0.500);
  EXPECT_NEAR(h.quantile(0.99), 0.011, 1e-9) << "990 of 1000 blocks at 1 %";
  EXPECT_NEAR(h.quantile(0.995), 0.501, 1e-9);
  EXPECT_DOUBLE_EQ(h.max(), 0.5);
  EXPECT_NEAR(h.mean(), (990 * 0.01 + 10 * 0.5) / 1000.0, 1e-12);
  EXPECT_EQ(LoadHistogram().quantile(0.99), 0.0);
}

TEST(RecentLoad, ForgetsWhatIsOlderThanTheWindow) {
  RecentLoad recent(1.0, 48000.0);  // 1 s = 750 blocks of 64
  for (int i = 0; i < 750; ++i) recent.add(0.9, 64);  // a bad second …
  for (int i = 0; i < 750; ++i) recent.add(0.02, 64);  // … then a quiet one
  const auto s = recent.summary();
  EXPECT_EQ(s.blocks, 750u);
  EXPECT_DOUBLE_EQ(s.max, 0.02) << "the bad second has left the window";
  EXPECT_DOUBLE_EQ(s.p99, 0.02);
}

TEST(RecentLoad, P99SeesTheWorstHundredth) {
  RecentLoad recent(10.0, 48000.0);
  for (int i = 0; i < 1000; ++i) recent.add(i < 985 ? 0.01 : 0.3, 256);
  const auto s = recent.summary();
  EXPECT_DOUBLE_EQ(s.p99, 0.3) << "15 of 1000 blocks are bad: more than a hundredth";
  EXPECT_DOUBLE_EQ(s.max, 0.3);
  EXPECT_NEAR(s.mean, (985 * 0.01 + 15 * 0.3) / 1000.0, 1e-12);
  EXPECT_EQ(RecentLoad(1.0, 48000.0).summary().blocks, 0u);
}

}  // namespace
}  // namespace afterglow::engine
