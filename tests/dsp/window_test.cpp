// Windows: scipy parity of the fill functions, the properties grains rely on (zero ends, symmetry,
// overlap-add sums), and the grain morph whose end points are the pure shapes.
#include "afterglow/dsp/window.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "dsp/data/scipy_reference.h"

namespace afterglow::dsp {
namespace {

namespace ref = scipy_reference;

template <std::size_t N>
void expect_window(const double (&expected)[N], const std::vector<float>& actual, const char* what) {
  ASSERT_EQ(actual.size(), N) << what;
  for (std::size_t i = 0; i < N; ++i) EXPECT_NEAR(actual[i], expected[i], 1e-7) << what << " [" << i << "]";
}

template <typename Fill>
std::vector<float> make(std::size_t n, Fill fill) {
  std::vector<float> w(n);
  fill(std::span<float>(w));
  return w;
}

TEST(Window, FillFunctionsMatchScipy) {
  using S = WindowSymmetry;
  expect_window(ref::k_hann_sym_16, make(16, [](auto w) { hann(w, S::kSymmetric); }), "hann sym 16");
  expect_window(ref::k_hann_periodic_16, make(16, [](auto w) { hann(w, S::kPeriodic); }), "hann periodic 16");
  expect_window(ref::k_hann_sym_15, make(15, [](auto w) { hann(w, S::kSymmetric); }), "hann sym 15");
  expect_window(ref::k_hann_periodic_15, make(15, [](auto w) { hann(w, S::kPeriodic); }), "hann periodic 15");
  expect_window(ref::k_tukey_0_5_sym_16, make(16, [](auto w) { tukey(w, 0.5, S::kSymmetric); }), "tukey 16");
  expect_window(ref::k_tukey_0_5_sym_15, make(15, [](auto w) { tukey(w, 0.5, S::kSymmetric); }), "tukey 15");
  expect_window(ref::k_tukey_0_3_periodic_16, make(16, [](auto w) { tukey(w, 0.3, S::kPeriodic); }),
                "tukey p16");
  expect_window(ref::k_tukey_0_3_periodic_15, make(15, [](auto w) { tukey(w, 0.3, S::kPeriodic); }),
                "tukey p15");
  expect_window(ref::k_bartlett_sym_16, make(16, [](auto w) { triangle(w, S::kSymmetric); }), "triangle 16");
  expect_window(ref::k_bartlett_sym_15, make(15, [](auto w) { triangle(w, S::kSymmetric); }), "triangle 15");
  expect_window(ref::k_bartlett_periodic_16, make(16, [](auto w) { triangle(w, S::kPeriodic); }),
                "triangle p16");
  expect_window(ref::k_bartlett_periodic_15, make(15, [](auto w) { triangle(w, S::kPeriodic); }),
                "triangle p15");
}

TEST(Window, TukeyEndpointsAreRectangleAndHann) {
  const auto rect = make(32, [](auto w) { tukey(w, 0.0); });
  for (float v : rect) EXPECT_EQ(v, 1.0f);
  const auto t1 = make(32, [](auto w) { tukey(w, 1.0); });
  const auto h = make(32, [](auto w) { hann(w, WindowSymmetry::kSymmetric); });
  EXPECT_EQ(t1, h);
}

TEST(Window, SymmetricWindowsAreSymmetricWithZeroEnds) {
  for (std::size_t n : {7u, 64u, 1001u}) {
    const std::vector<std::vector<float>> windows = {
        make(n, [](auto w) { hann(w, WindowSymmetry::kSymmetric); }),
        make(n, [](auto w) { triangle(w, WindowSymmetry::kSymmetric); }),
        make(n, [](auto w) { tukey(w, 0.5); }),
        make(n, [](auto w) { square(w); }),
        make(n, [](auto w) { skewed_hann(w, 0.5); }),
    };
    for (std::size_t k = 0; k < windows.size(); ++k) {
      const auto& w = windows[k];
      EXPECT_EQ(w.front(), 0.0f) << k << " n=" << n;
      EXPECT_NEAR(w.back(), 0.0f, 1e-7) << k << " n=" << n;
      for (std::size_t i = 0; i < n; ++i)
        ASSERT_NEAR(w[i], w[n - 1 - i], 1e-6) << k << " n=" << n << " i=" << i;
      for (float v : w) ASSERT_TRUE(v >= 0.0f && v <= 1.0f);
    }
  }
}

TEST(Window, PeriodicHannAndTriangleOverlapAddToOneAtHalfHop) {
  constexpr std::size_t kN = 512;
  for (int which = 0; which < 2; ++which) {
    const auto w = which == 0 ? make(kN, [](auto s) { hann(s, WindowSymmetry::kPeriodic); })
                              : make(kN, [](auto s) { triangle(s, WindowSymmetry::kPeriodic); });
    for (std::size_t i = 0; i < kN / 2; ++i)
      ASSERT_NEAR(w[i] + w[i + kN / 2], 1.0, 1e-6) << which << " " << i;
  }
  // And the symmetric Hann does not (it is the filter-design form).
  const auto s = make(kN, [](auto w) { hann(w, WindowSymmetry::kSymmetric); });
  double worst = 0.0;
  for (std::size_t i = 0; i < kN / 2; ++i) worst = std::max(worst, std::fabs(s[i] + s[i + kN / 2] - 1.0));
  EXPECT_GT(worst, 1e-3);
}

TEST(Window, SquareHasShortRampsAndAFlatBody) {
  const auto w = make(1000, [](auto s) { square(s); });
  EXPECT_EQ(w.front(), 0.0f);
  EXPECT_EQ(w.back(), 0.0f);
  EXPECT_EQ(w[35], 1.0f);  // 3 % edges: flat from about sample 30
  EXPECT_EQ(w[964], 1.0f);
  EXPECT_GT(w[15], 0.3f);
  EXPECT_LT(w[15], 0.7f);
  // The steepest step of the ramp is that of a 30-sample raised cosine, not a jump to 1.
  double worst = 0.0;
  for (std::size_t i = 1; i < w.size(); ++i) worst = std::max(worst, std::fabs(double(w[i]) - w[i - 1]));
  EXPECT_LT(worst, 0.06);
  // Even a 4-sample "square" starts and ends at 0.
  const auto tiny = make(4, [](auto s) { square(s); });
  EXPECT_EQ(tiny.front(), 0.0f);
  EXPECT_EQ(tiny.back(), 0.0f);
}

TEST(Window, SkewedHannPeaksAtItsAttackFraction) {
  for (double attack : {0.1, 0.5, 0.8}) {
    const auto w = make(1001, [attack](auto s) { skewed_hann(s, attack); });
    const auto peak = static_cast<std::size_t>(std::max_element(w.begin(), w.end()) - w.begin());
    EXPECT_NEAR(static_cast<double>(peak), attack * 1000.0, 1.0) << attack;
    EXPECT_EQ(w.front(), 0.0f);
    EXPECT_NEAR(w.back(), 0.0f, 1e-7);
  }
  const auto sym = make(101, [](auto s) { skewed_hann(s, 0.5); });
  const auto h = make(101, [](auto s) { hann(s, WindowSymmetry::kSymmetric); });
  for (std::size_t i = 0; i < sym.size(); ++i) EXPECT_NEAR(sym[i], h[i], 1e-6);
}

TEST(WindowMorph, EndPointsAreThePureShapes) {
  const WindowMorph morph;
  for (int i = 0; i <= 2000; ++i) {
    const double p = i / 2000.0;
    ASSERT_NEAR(morph.evaluate(p, 0.0), square_at(p), 2e-3) << p;
    ASSERT_NEAR(morph.evaluate(p, 0.5), triangle_at(p), 1e-6) << p;
    ASSERT_NEAR(morph.evaluate(p, 1.0), hann_at(p), 1e-5) << p;
  }
}

TEST(WindowMorph, EveryShapeStartsAndEndsAtZeroAndStaysInRange) {
  const WindowMorph morph;
  for (int s = 0; s <= 20; ++s) {
    const double shape = s / 20.0;
    for (double attack : {0.05, 0.5, 0.95}) {
      EXPECT_EQ(morph.evaluate(0.0, shape, attack), 0.0f) << shape;
      EXPECT_EQ(morph.evaluate(1.0, shape, attack), 0.0f) << shape;
      for (int i = 0; i <= 500; ++i) {
        const float v = morph.evaluate(i / 500.0, shape, attack);
        ASSERT_GE(v, 0.0f);
        ASSERT_LE(v, 1.0f);
      }
    }
  }
}

TEST(WindowMorph, ShapeParameterIsContinuous) {
  // A slowly turned shape knob must not make the window jump.
  const WindowMorph morph;
  for (int s = 0; s < 1000; ++s) {
    for (double p : {0.01, 0.1, 0.3, 0.5}) {
      ASSERT_LT(std::fabs(morph.evaluate(p, s / 1000.0) - morph.evaluate(p, (s + 1) / 1000.0)), 2e-3)
          << s << " " << p;
    }
  }
}

TEST(WindowMorph, AttackFractionMovesThePeak) {
  const WindowMorph morph;
  EXPECT_NEAR(morph.evaluate(0.2, 1.0, 0.2), 1.0f, 1e-6);
  EXPECT_LT(morph.evaluate(0.5, 1.0, 0.2), 0.9f);
}

}  // namespace
}  // namespace afterglow::dsp
