// Built only with -DAFTERGLOW_RTSAN=ON. Every realtime dsp class's process path, driven for thousands
// of random-size blocks inside RealtimeScope with its parameters moving (objects constructed and
// prepared outside the guard): Butterworth cascades redesigned on the fly, per-sample SVF modulation,
// envelopes with gates, smoothers, noise, the limiter, the grain window morph and the interpolating
// readers. A violation anywhere ends the run with "Real-time violation".

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/core/realtime_guard.h"
#include "afterglow/dsp/biquad.h"
#include "afterglow/dsp/butterworth.h"
#include "afterglow/dsp/envelope.h"
#include "afterglow/dsp/interpolation.h"
#include "afterglow/dsp/limiter.h"
#include "afterglow/dsp/noise.h"
#include "afterglow/dsp/smoother.h"
#include "afterglow/dsp/svf.h"
#include "afterglow/dsp/window.h"

namespace afterglow::dsp {
namespace {

constexpr double kRate = 48000.0;
constexpr std::size_t kMaxBlock = 1024;
constexpr int kBlocks = 4000;

class DspRealtime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { realtime_sanitizer_init(); }
  void SetUp() override {
    buffer_.assign(kMaxBlock, 0.0f);
    other_.assign(kMaxBlock, 0.0f);
  }
  std::size_t next_size() { return 1 + rng_.below(kMaxBlock); }
  void fill_noise(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) buffer_[i] = static_cast<float>(rng_.uniform(-1.0, 1.0));
  }
  bool finite(std::size_t n) const {
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(buffer_[i])) return false;
    }
    return true;
  }

  Random rng_{42};
  std::vector<float> buffer_;
  std::vector<float> other_;
};

TEST_F(DspRealtime, BiquadCascadeWithButterworthRedesigns) {
  BiquadCascade cascade;
  cascade.set_sections(butterworth_sos({FilterType::kBandPass, 4, 0.2, 0.5}));
  Biquad single;
  bool ok = true;
  {
    RealtimeScope scope;
    for (int b = 0; b < kBlocks; ++b) {
      const std::size_t n = next_size();
      fill_noise(n);
      const double low = rng_.uniform(0.01, 0.6);
      const auto type = static_cast<FilterType>(rng_.below(3));
      const int order = 1 + static_cast<int>(rng_.below(8));
      cascade.set_sections(butterworth_sos({type, order, low, std::min(0.99, low * rng_.uniform(1.1, 3.0))}));
      single.set_coefficients(
          rbj_peaking(kRate, rng_.uniform(50.0, 15000.0), 0.7, rng_.uniform(-12.0, 12.0)));
      cascade.process(std::span<float>(buffer_.data(), n));
      single.process(std::span<float>(buffer_.data(), n));
      ok = ok && finite(n);
    }
  }
  EXPECT_TRUE(ok);
}

TEST_F(DspRealtime, SvfWithPerSampleModulation) {
  Svf svf;
  svf.prepare(kRate, 1000.0, 0.7);
  bool ok = true;
  {
    RealtimeScope scope;
    for (int b = 0; b < kBlocks; ++b) {
      const std::size_t n = next_size();
      fill_noise(n);
      for (std::size_t i = 0; i < n; ++i) other_[i] = static_cast<float>(rng_.uniform(20.0, 20000.0));
      svf.set_q(rng_.uniform(0.2, 20.0));
      const auto mode = static_cast<SvfMode>(rng_.below(4));
      svf.process_modulated(std::span<float>(buffer_.data(), n), std::span<const float>(other_.data(), n),
                            mode);
      svf.set_cutoff(rng_.uniform(20.0, 20000.0));
      svf.process(std::span<float>(buffer_.data(), n), mode);
      ok = ok && finite(n);
    }
  }
  EXPECT_TRUE(ok);
}

TEST_F(DspRealtime, AdsrWithGatesAndParameterChanges) {
  Adsr env;
  env.prepare(kRate);
  std::array<GateEvent, 8> gates{};
  bool ok = true;
  {
    RealtimeScope scope;
    for (int b = 0; b < kBlocks; ++b) {
      const std::size_t n = next_size();
      AdsrParams p{rng_.uniform(0.0, 0.5),
                   rng_.uniform(0.0, 0.5),
                   rng_.uniform(),
                   rng_.uniform(0.0, 1.0),
                   static_cast<SegmentCurve>(rng_.below(2)),
                   static_cast<SegmentCurve>(rng_.below(2)),
                   static_cast<SegmentCurve>(rng_.below(2)),
                   rng_.below(2) == 0};
      env.set_params(p);
      const std::size_t count = rng_.below(8);
      for (std::size_t k = 0; k < count; ++k)
        gates[k] = {static_cast<std::uint32_t>(k * n / 8), rng_.below(2) == 0};
      env.process(std::span<float>(buffer_.data(), n), std::span<const GateEvent>(gates.data(), count));
      ok = ok && finite(n);
    }
  }
  EXPECT_TRUE(ok);
}

TEST_F(DspRealtime, SmoothersAndNoise) {
  OnePoleSmoother smooth;
  smooth.prepare(kRate, 20.0);
  LinearRamp ramp;
  ramp.prepare(kRate, 10.0);
  WhiteNoise white(3);
  PinkNoise pink(4);
  bool ok = true;
  {
    RealtimeScope scope;
    for (int b = 0; b < kBlocks; ++b) {
      const std::size_t n = next_size();
      const std::span<float> out(buffer_.data(), n);
      smooth.set_target(rng_.uniform(-1.0, 1.0));
      smooth.set_time_ms(rng_.uniform(0.0, 100.0));
      smooth.process(out);
      ramp.set_target(rng_.uniform(-1.0, 1.0), rng_.below(2000));
      ramp.process(out);
      white.fill_uniform(out);
      white.fill_gaussian(out, 0.5f);
      pink.fill(out);
      ok = ok && finite(n);
    }
  }
  EXPECT_TRUE(ok);
}

TEST_F(DspRealtime, LimiterWithMovingCeiling) {
  Limiter limiter;
  limiter.prepare(kRate, kMaxBlock, 2);
  bool ok = true;
  {
    RealtimeScope scope;
    for (int b = 0; b < kBlocks; ++b) {
      const std::size_t n = next_size();
      for (std::size_t i = 0; i < n; ++i) {
        buffer_[i] = static_cast<float>(rng_.uniform(-4.0, 4.0));
        other_[i] = static_cast<float>(rng_.uniform(-4.0, 4.0));
      }
      limiter.set_ceiling_db(rng_.uniform(-12.0, 0.0));
      limiter.set_release_ms(rng_.uniform(1.0, 500.0));
      const std::array<const float*, 2> in{buffer_.data(), other_.data()};
      const std::array<float*, 2> out{buffer_.data(), other_.data()};
      limiter.process(in, out, n);
      (void)limiter.take_min_gain();
      ok = ok && finite(n);
    }
  }
  EXPECT_TRUE(ok);
}

TEST_F(DspRealtime, WindowMorphAndInterpolatingReaders) {
  WindowMorph morph;  // builds its tables here, outside the guard
  SincReader sinc;
  std::vector<float> source(48000);
  for (std::size_t i = 0; i < source.size(); ++i)
    source[i] = static_cast<float>(std::sin(0.01 * static_cast<double>(i)));
  const std::span<const float> x(source);
  bool ok = true;
  {
    RealtimeScope scope;
    for (int b = 0; b < kBlocks; ++b) {
      const std::size_t n = next_size();
      const WindowMorph::GrainWindow w = morph.shape(rng_.uniform(), rng_.uniform(0.05, 0.95));
      const double ratio = rng_.uniform(0.25, 4.0);
      double pos = rng_.uniform(-10.0, 48010.0);
      for (std::size_t i = 0; i < n; ++i, pos += ratio) {
        const float window = WindowMorph::at(w, static_cast<float>(i) / static_cast<float>(n));
        const float v = read_hermite(x, pos) + read_linear(x, pos) + read_hermite_wrapped(x, pos) +
                        read_linear_wrapped(x, pos) + sinc.read(x, pos, ratio) +
                        sinc.read_wrapped(x, pos, ratio);
        buffer_[i] = window * v + morph.evaluate(0.5, 0.5);
      }
      ok = ok && finite(n);
    }
  }
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace afterglow::dsp
