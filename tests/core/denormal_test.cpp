#include "afterglow/core/denormal.h"

#include <gtest/gtest.h>

#include <limits>

namespace afterglow {
namespace {

// volatile keeps the compiler from folding the arithmetic at compile time, where MXCSR has no say.
float product(float a, float b) {
  volatile float x = a;
  volatile float y = b;
  return x * y;
}

TEST(Denormal, GuardFlushesSubnormalResultsAndRestoresTheModeAfterwards) {
  if (!kDenormalControlAvailable) GTEST_SKIP() << "no MXCSR on this architecture";
  const float tiny = std::numeric_limits<float>::min();  // smallest normal
  ASSERT_FALSE(denormals_flushed());
  EXPECT_GT(product(tiny, 0.25f), 0.0f);  // IEEE: a subnormal
  {
    ScopedFlushDenormals guard;
    EXPECT_TRUE(denormals_flushed());
    EXPECT_EQ(product(tiny, 0.25f), 0.0f);
    volatile float sub = std::numeric_limits<float>::denorm_min();
    EXPECT_EQ(product(sub, 1.0f), 0.0f);  // DAZ: subnormal inputs read as zero
  }
  EXPECT_FALSE(denormals_flushed());
  EXPECT_GT(product(tiny, 0.25f), 0.0f);
}

TEST(Denormal, NestedGuardsRestoreInOrder) {
  if (!kDenormalControlAvailable) GTEST_SKIP() << "no MXCSR on this architecture";
  {
    ScopedFlushDenormals outer;
    {
      ScopedFlushDenormals inner;
      EXPECT_TRUE(denormals_flushed());
    }
    EXPECT_TRUE(denormals_flushed());
  }
  EXPECT_FALSE(denormals_flushed());
}

}  // namespace
}  // namespace afterglow
