#include "afterglow/render/magma.h"

#include <gtest/gtest.h>

#include <cmath>

namespace afterglow::render {
namespace {

// matplotlib's magma table at 0, 0.5 and 1 (x 255).
TEST(Magma, MatchesMatplotlibAtKnownPoints) {
  const struct {
    double t;
    int r, g, b;
  } cases[] = {{0.0, 0, 0, 4}, {0.5, 183, 55, 121}, {1.0, 252, 253, 191}};
  for (const auto& c : cases) {
    const auto rgb = magma(c.t);
    EXPECT_NEAR(rgb[0], c.r, 6) << c.t;
    EXPECT_NEAR(rgb[1], c.g, 6) << c.t;
    EXPECT_NEAR(rgb[2], c.b, 6) << c.t;
  }
}

TEST(Magma, LouderIsBrighterAndOutOfRangeIsClamped) {
  double previous = -1.0;
  for (int i = 0; i <= 20; ++i) {
    const auto rgb = magma(i / 20.0);
    const double luma = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    EXPECT_GT(luma, previous) << i;
    previous = luma;
  }
  EXPECT_EQ(magma(-3.0), magma(0.0));
  EXPECT_EQ(magma(7.0), magma(1.0));
  EXPECT_EQ(magma(std::nan("")), magma(0.0));
}

}  // namespace
}  // namespace afterglow::render
