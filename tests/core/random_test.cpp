#include "afterglow/core/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace afterglow {
namespace {

TEST(Random, SameSeedSameSequenceDifferentSeedDiffers) {
  Random a(42), b(42), c(43);
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.next_u32();
    EXPECT_EQ(x, b.next_u32());
    if (x != c.next_u32()) ++differ;
  }
  EXPECT_GT(differ, 990);
}

TEST(Random, UniformIsInRangeWithTheRightMean) {
  Random r(7);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.01);
}

TEST(Random, BelowCoversEveryValueEvenly) {
  Random r(1);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) ++counts[r.below(7)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 500);
}

TEST(Random, TriangularHasTheTpdfVariance) {
  Random r(3);
  double sum2 = 0;
  for (int i = 0; i < 100000; ++i) {
    const double t = r.triangular();
    ASSERT_GT(t, -1.0);
    ASSERT_LT(t, 1.0);
    sum2 += t * t;
  }
  EXPECT_NEAR(sum2 / 100000, 1.0 / 6.0, 0.005);  // variance of the difference of two U(0,1)
}

}  // namespace
}  // namespace afterglow
