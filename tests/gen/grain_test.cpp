// The grain kernel and window: shapes that start and end at 0 with no corner, the vector kernel equal
// to the portable one bit for bit, and a grain's samples independent of how its frames are split.
#include "afterglow/gen/grain.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "afterglow/core/random.h"

namespace afterglow::gen {
namespace {

TEST(GrainWindow, EveryShapeIsZeroAtBothEndsSymmetricAndSmooth) {
  const GrainWindow window;
  for (double shape = 0.0; shape <= 1.0; shape += 0.125) {
    const double length = 4800.0;
    const GrainWindow::Shape s = GrainWindow::shape(shape, length, 48000.0);
    EXPECT_EQ(window.at(s, 0.0), 0.0f);
    EXPECT_EQ(window.at(s, 1.0), 0.0f);
    EXPECT_NEAR(window.at(s, 0.5), 1.0f, 1e-3f) << shape;
    double max_second = 0.0;
    float prev2 = 0.0f, prev = 0.0f;
    for (int n = 0; n <= 4800; ++n) {
      const float w = window.at(s, n / length);
      EXPECT_NEAR(w, window.at(s, 1.0 - n / length), 1e-4f);
      if (n >= 2) max_second = std::max(max_second, static_cast<double>(std::fabs(w - 2.0f * prev + prev2)));
      prev2 = prev;
      prev = w;
    }
    // No corners: the largest second difference is that of a 2 ms raised cosine (π²/2/96² ≈ 5e-4),
    // far below the 4/L = 8e-4 slope step of a sharp triangle apex.
    EXPECT_LT(max_second, 6e-4) << shape;
  }
}

TEST(GrainWindow, SquareKeepsItsEdgesAtLeastTwoMilliseconds) {
  const GrainWindow window;
  const GrainWindow::Shape s = GrainWindow::shape(0.0, 960.0, 48000.0);  // 20 ms
  EXPECT_NEAR(s.edge, 0.1, 1e-9);
  EXPECT_LT(window.at(s, 0.05), 0.6f);
  EXPECT_EQ(window.at(s, 0.2), 1.0f);
}

Grain make_grain(const std::vector<float>& l, const std::vector<float>& r, const GrainWindow& window,
                 std::int32_t step, std::int64_t start, bool stereo, double length) {
  Grain g;
  g.left = l.data();
  g.right = stereo ? r.data() : l.data();
  g.stereo = stereo;
  g.phase = start;
  g.step = step;
  g.gain_left = 0.8f;
  g.gain_right = 0.6f;
  g.start = 1000;
  g.end = 1000 + static_cast<std::uint64_t>(length);
  g.window = &window;
  g.shape = GrainWindow::shape(0.7, length, 48000.0);
  g.window_scale = 1.0 / length;
  g.window_offset = 0.3;
  g.chunk_shift = 4;
  return g;
}

void render_split(GrainRenderFn fn, Grain g, std::vector<float>& l, std::vector<float>& r,
                  std::uint64_t seed) {
  Random rng(seed);
  std::size_t done = 0;
  const std::size_t total = static_cast<std::size_t>(g.end - g.start);
  while (done < total) {
    const std::size_t n = seed == 0 ? total : std::min<std::size_t>(total - done, 1 + rng.below(100));
    fn(g, g.start + done, l.data() + done, r.data() + done, n);
    done += n;
  }
}

TEST(GrainKernel, VectorAndPortableKernelsAgreeBitForBitInAnySplit) {
  Random rng(8);
  std::vector<float> ml(20000), mr(20000);
  for (auto& v : ml) v = static_cast<float>(rng.uniform(-1.0, 1.0));
  for (auto& v : mr) v = static_cast<float>(rng.uniform(-1.0, 1.0));
  std::vector<float> curve(300);
  for (std::size_t i = 0; i < curve.size(); ++i) curve[i] = 1.0f - static_cast<float>(i) / 200.0f;
  const GrainWindow window;
  // Chunks from the shortest (a vector step straddles a boundary most of the time) to the longest.
  for (const std::uint32_t shift : {3u, 4u, 7u}) {
    for (const bool stereo : {false, true}) {
      for (const bool reverse : {false, true}) {
        for (const bool fade : {false, true}) {
          const std::int32_t step = (reverse ? -1 : 1) * static_cast<std::int32_t>(1.37 * kGrainFracOne);
          const std::int64_t start = (reverse ? 9000 : 100) * kGrainFracOne;
          Grain g = make_grain(ml, mr, window, step, start, stereo, 4000.5);
          g.chunk_shift = shift;
          if (fade) {
            g.fade_start = g.start + 1777;
            g.fade_curve = curve.data();
            g.end = g.fade_start + 200;
          }
          const std::size_t n = static_cast<std::size_t>(g.end - g.start);
          std::vector<float> l0(n, 0.1f), r0(n, 0.2f), l1 = l0, r1 = r0, l2 = l0, r2 = r0;
          render_split(grain_render_function(true), g, l0, r0, 0);
          render_split(grain_render_function(false), g, l1, r1, 0);
          render_split(grain_render_function(false), g, l2, r2, 77);
          EXPECT_EQ(std::memcmp(l0.data(), l1.data(), n * 4), 0);
          EXPECT_EQ(std::memcmp(r0.data(), r1.data(), n * 4), 0);
          EXPECT_EQ(std::memcmp(l0.data(), l2.data(), n * 4), 0);
          EXPECT_EQ(std::memcmp(r0.data(), r2.data(), n * 4), 0);
          if (fade) {
            EXPECT_LT(std::fabs(l0.back() - 0.1f), 0.01f);  // faded out by its end
          }
        }
      }
    }
  }
}

TEST(GrainKernel, UnityStepReproducesTheMaterialUnderTheWindow) {
  std::vector<float> m(10000);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = std::sin(0.01f * static_cast<float>(i));
  const GrainWindow window;
  Grain g =
      make_grain(m, m, window, static_cast<std::int32_t>(kGrainFracOne), 500 * kGrainFracOne, false, 2048.0);
  std::vector<float> l(2048, 0.0f), r(2048, 0.0f);
  render_split(grain_render_function(), g, l, r, 0);
  for (std::size_t n = 0; n < l.size(); ++n) {
    const float w = window.at(g.shape, (static_cast<double>(n) + 0.3) / 2048.0);
    ASSERT_NEAR(l[n], 0.8f * m[500 + n] * w, 2e-4f) << n;  // the window's parabolas follow it closely
  }
}

}  // namespace
}  // namespace afterglow::gen
