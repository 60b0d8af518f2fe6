// The WAV rounding rules of reference §11.2, checked on the codes themselves (the writer tests check
// the same codes in written files).
#include "afterglow/io/pcm_encoding.h"

#include <gtest/gtest.h>

#include <cmath>

namespace afterglow::io {
namespace {

TEST(PcmEncoding, Pcm16EdgeValues) {
  EXPECT_EQ(encode_pcm16(1.0), 32767);
  EXPECT_EQ(encode_pcm16(-1.0), -32767);
  EXPECT_EQ(encode_pcm16(0.5), 16384);  // 16383.5 rounds half to even
  EXPECT_EQ(encode_pcm16(-0.5), -16384);
  EXPECT_EQ(encode_pcm16(0.0), 0);
  EXPECT_EQ(encode_pcm16(1e-5), 0);  // 0.33 LSB
  EXPECT_EQ(encode_pcm16(2e-5), 1);  // 0.66 LSB
  EXPECT_EQ(encode_pcm16(-2e-5), -1);
}

TEST(PcmEncoding, Pcm16RoundsHalfToEven) {
  EXPECT_EQ(encode_pcm16(0.5 / 32767.0), 0);  // 0.5 -> 0
  EXPECT_EQ(encode_pcm16(1.5 / 32767.0), 2);  // 1.5 -> 2
  EXPECT_EQ(encode_pcm16(2.5 / 32767.0), 2);  // 2.5 -> 2
  EXPECT_EQ(encode_pcm16(-2.5 / 32767.0), -2);
}

TEST(PcmEncoding, Pcm16ClampsBeyondFullScale) {
  EXPECT_EQ(encode_pcm16(1.0001), 32767);
  EXPECT_EQ(encode_pcm16(-1.0001), -32768);  // the negative side has one more code
  EXPECT_EQ(encode_pcm16(-2.0), -32768);
  EXPECT_EQ(encode_pcm16(1e9), 32767);
}

TEST(PcmEncoding, Pcm24EdgeValues) {
  EXPECT_EQ(encode_pcm24(1.0), 8388607);
  EXPECT_EQ(encode_pcm24(-1.0), -8388608);
  EXPECT_EQ(encode_pcm24(0.5), 4194304);
  EXPECT_EQ(encode_pcm24(-0.5), -4194304);
  EXPECT_EQ(encode_pcm24(0.0), 0);
}

TEST(PcmEncoding, Pcm24FloorsTinyValues) {
  // floor() of the 32-bit code / 256: tiny positives go to 0, tiny negatives to -1.
  EXPECT_EQ(encode_pcm24(1e-7), 0);
  EXPECT_EQ(encode_pcm24(-1e-7), -1);
  EXPECT_EQ(encode_pcm24(0.5 / 8388608.0), 0);    // 32-bit code 128 -> 0.5 -> 0
  EXPECT_EQ(encode_pcm24(-0.5 / 8388608.0), -1);  // -128 -> -0.5 -> -1
  EXPECT_EQ(encode_pcm24(1.0 / 8388608.0), 1);    // 255.99.. rounds to 256 -> exactly 1
}

TEST(PcmEncoding, Pcm24ClampsBeyondFullScale) {
  EXPECT_EQ(encode_pcm24(1.5), 8388607);
  EXPECT_EQ(encode_pcm24(-1.5), -8388608);
}

TEST(PcmEncoding, TpdfDitherIsTriangularWithinOneLsb) {
  TpdfDither dither(42);
  double sum = 0.0;
  double sum_sq = 0.0;
  int near_zero = 0;
  int near_edge = 0;
  constexpr int kN = 200000;
  for (int i = 0; i < kN; ++i) {
    const double d = dither.next();
    ASSERT_GT(d, -1.0);
    ASSERT_LT(d, 1.0);
    sum += d;
    sum_sq += d * d;
    if (std::fabs(d) < 0.1) ++near_zero;
    if (std::fabs(d) > 0.9) ++near_edge;
  }
  EXPECT_NEAR(sum / kN, 0.0, 0.01);
  EXPECT_NEAR(sum_sq / kN, 1.0 / 6.0, 0.005);  // variance of a triangular distribution on (-1, 1)
  EXPECT_GT(near_zero, 10 * near_edge);        // triangular, not uniform
}

TEST(PcmEncoding, DitherIsSeeded) {
  TpdfDither a(7);
  TpdfDither b(7);
  TpdfDither c(8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const double va = a.next();
    EXPECT_EQ(va, b.next());
    differs = differs || va != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(PcmEncoding, DitheredCodeStaysWithinOneLsbOfTheRoundedCode) {
  TpdfDither dither(1);
  for (int i = 0; i < 10000; ++i) {
    const double x = (i - 5000) / 5000.0 * 0.9;
    const int plain = encode_pcm16(x);
    const int dithered = encode_pcm16_dithered(x, dither.next());
    ASSERT_LE(std::abs(dithered - plain), 1) << x;
  }
}

}  // namespace
}  // namespace afterglow::io
