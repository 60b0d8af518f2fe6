// The master limiter: no output sample above the ceiling, ever (random loud material, random block
// sizes, both layouts), bit-exact transparency below the ceiling, its latency, stereo linking, recovery,
// and NaN/Inf input that cannot poison it.
#include "afterglow/dsp/limiter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "afterglow/core/random.h"
#include "dsp/block_split_util.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 48000.0;

// Loud, nasty stereo material (interleaved): noise bursts up to +24 dB, isolated one-sample spikes,
// full-scale square waves, sines at +12 dB, silence gaps, and channels that peak independently.
std::vector<float> loud_material(std::size_t frames, std::uint64_t seed) {
  Random random(seed);
  std::vector<float> x(frames * 2);
  std::size_t n = 0;
  while (n < frames) {
    const std::size_t len = std::min<std::size_t>(frames - n, 1 + random.below(6000));
    const auto kind = random.below(6);
    const double gain = std::pow(10.0, random.uniform(-30.0, 24.0) / 20.0);
    const double freq = random.uniform(20.0, 20000.0);
    for (std::size_t i = 0; i < len; ++i, ++n) {
      for (std::size_t c = 0; c < 2; ++c) {
        double v = 0.0;
        switch (kind) {
          case 0:
            v = gain * random.uniform(-1.0, 1.0);
            break;
          case 1:
            v = random.below(500) == 0 ? gain * (random.uniform() < 0.5 ? -8.0 : 8.0) : 0.0;
            break;
          case 2:
            v = (std::sin(2.0 * std::numbers::pi * freq * n / kRate) >= 0.0 ? 1.0 : -1.0);
            break;
          case 3:
            v = 4.0 * std::sin(2.0 * std::numbers::pi * freq * n / kRate + c);
            break;
          case 4:
            v = 0.0;
            break;
          default:
            v = c == 0 ? gain * random.uniform(-1.0, 1.0) : 0.01 * random.uniform(-1.0, 1.0);
            break;
        }
        x[2 * n + c] = static_cast<float>(v);
      }
    }
  }
  return x;
}

Limiter make(const LimiterParams& params = {}) {
  Limiter l;
  l.prepare(kRate, 1024, 2, params);
  return l;
}

double ceiling_of(double db) {
  return std::pow(10.0, db / 20.0);
}

TEST(Limiter, NoSampleEverExceedsTheCeiling) {
  for (double ceiling_db : {-0.3, -6.0, 0.0}) {
    for (double lookahead : {0.1, 1.0, 2.0}) {
      for (std::uint64_t seed : {1u, 2u, 3u}) {
        LimiterParams params{lookahead, ceiling_db, 50.0};
        auto limiter = make(params);
        auto x = loud_material(96000, seed);
        // Random block sizes, interleaved in place.
        std::size_t done = 0;
        for (std::size_t n : test_util::block_sizes(96000, 0, seed)) {
          limiter.process_interleaved(std::span<float>(x).subspan(done * 2, n * 2), n);
          done += n;
        }
        double peak = 0.0;
        for (float v : x) {
          ASSERT_TRUE(std::isfinite(v));
          peak = std::max(peak, std::fabs(double(v)));
        }
        EXPECT_LE(peak, ceiling_of(ceiling_db)) << ceiling_db << " dB, " << lookahead << " ms, seed " << seed;
        EXPECT_GT(peak, 0.9 * ceiling_of(ceiling_db));  // it limits, it does not just mute
      }
    }
  }
}

TEST(Limiter, PlanarAndInterleavedAgreeAndNeverExceed) {
  auto a = make();
  auto b = make();
  auto x = loud_material(48000, 9);
  std::vector<float> left(48000), right(48000);
  for (std::size_t n = 0; n < 48000; ++n) {
    left[n] = x[2 * n];
    right[n] = x[2 * n + 1];
  }
  const float* in[] = {left.data(), right.data()};
  std::vector<float> out_l(48000), out_r(48000);
  float* out[] = {out_l.data(), out_r.data()};
  a.process(in, out, 48000);
  b.process_interleaved(x, 48000);
  const double ceiling = a.ceiling_linear();
  for (std::size_t n = 0; n < 48000; ++n) {
    ASSERT_EQ(out_l[n], x[2 * n]);
    ASSERT_EQ(out_r[n], x[2 * n + 1]);
    ASSERT_LE(std::fabs(out_l[n]), ceiling);
    ASSERT_LE(std::fabs(out_r[n]), ceiling);
  }
}

TEST(Limiter, TransparentBelowTheCeilingAfterTheLatency) {
  auto limiter = make();
  const std::size_t latency = limiter.latency_samples();
  EXPECT_EQ(latency, 72u);  // 1.5 ms at 48 kHz
  Random random(4);
  std::vector<float> x(2 * 48000);
  for (auto& v : x) v = static_cast<float>(0.94 * random.uniform(-1.0, 1.0));  // peak -0.54 dBFS < -0.3
  auto y = x;
  limiter.process_interleaved(y, 48000);
  for (std::size_t n = 0; n < latency; ++n) {
    ASSERT_EQ(y[2 * n], 0.0f);
    ASSERT_EQ(y[2 * n + 1], 0.0f);
  }
  for (std::size_t n = latency; n < 48000; ++n) {
    ASSERT_EQ(y[2 * n], x[2 * (n - latency)]) << n;  // bit-exact
    ASSERT_EQ(y[2 * n + 1], x[2 * (n - latency) + 1]) << n;
  }
  EXPECT_EQ(limiter.current_gain(), 1.0);
}

TEST(Limiter, LatencyFollowsTheLookaheadAndIsCappedAtTwoMilliseconds) {
  EXPECT_EQ(make(LimiterParams{2.0, -0.3, 80.0}).latency_samples(), 96u);
  EXPECT_EQ(make(LimiterParams{5.0, -0.3, 80.0}).latency_samples(), 96u);
  EXPECT_EQ(make(LimiterParams{0.5, -0.3, 80.0}).latency_samples(), 24u);
  Limiter l44;
  l44.prepare(44100.0, 512, 2, LimiterParams{2.0, -0.3, 80.0});
  EXPECT_EQ(l44.latency_samples(), 88u);
}

TEST(Limiter, StereoLinkedGainKeepsTheImage) {
  auto limiter = make();
  std::vector<float> x(2 * 9600);
  for (std::size_t n = 0; n < 9600; ++n) {
    x[2 * n] = n == 4000 ? 4.0f : 0.2f;  // a spike on the left only
    x[2 * n + 1] = 0.2f;
  }
  limiter.process_interleaved(x, 9600);
  const std::size_t at = 4000 + limiter.latency_samples();
  EXPECT_NEAR(x[2 * at], limiter.ceiling_linear(), 1e-4);
  EXPECT_NEAR(x[2 * at + 1], 0.2 * limiter.ceiling_linear() / 4.0, 1e-4);  // right ducked by the same gain
  // The ramp into the peak is smooth: the gain falls over the lookahead, not in one step.
  EXPECT_LT(x[2 * (at - 36) + 1], 0.2f);
  EXPECT_GT(x[2 * (at - 36) + 1], 0.2f * limiter.ceiling_linear() / 4.0f);
}

TEST(Limiter, RecoversAfterAPeak) {
  auto limiter = make(LimiterParams{1.5, -0.3, 50.0});
  std::vector<float> x(2 * 96000, 0.25f);
  x[2 * 1000] = x[2 * 1000 + 1] = 8.0f;
  limiter.process_interleaved(x, 96000);
  const std::size_t after = 1000 + limiter.latency_samples();
  EXPECT_LT(x[2 * (after + 100)], 0.2f);  // still recovering
  // 20 release time constants later the gain has snapped back to exactly 1: bit-transparent again.
  EXPECT_EQ(x[2 * (after + 47000)], 0.25f);
  EXPECT_GT(limiter.take_min_gain(), 0.0);
  EXPECT_EQ(limiter.take_min_gain(), 1.0);  // reset by the previous call, no reduction since
}

TEST(Limiter, NonFiniteInputBecomesSilenceAndDoesNotPoisonTheGain) {
  auto limiter = make();
  std::vector<float> x(2 * 4800, 0.5f);
  x[2 * 100] = std::numeric_limits<float>::quiet_NaN();
  x[2 * 200 + 1] = std::numeric_limits<float>::infinity();
  x[2 * 300] = -std::numeric_limits<float>::infinity();
  limiter.process_interleaved(x, 4800);
  for (float v : x) ASSERT_TRUE(std::isfinite(v));
  EXPECT_EQ(x[2 * 4799], 0.5f);  // back to unity: nothing stuck
}

TEST(Limiter, SameOutputForAnyBlockSplit) {
  const auto x = loud_material(30000, 21);
  test_util::expect_block_size_independent([] { return make(); },
                                           [&](Limiter& l, std::size_t start, std::span<float> out) {
                                             std::copy_n(x.begin() + static_cast<std::ptrdiff_t>(2 * start),
                                                         out.size(), out.begin());
                                             l.process_interleaved(out, out.size() / 2);
                                           },
                                           30000, 2);
}

}  // namespace
}  // namespace afterglow::dsp
