// Per-sample cost of the realtime dsp kernels on 128-frame blocks at 48 kHz (the live block size).
// ns per sample = 1e9 / items_per_second (items are samples; stereo frames for the limiter): a 4-section
// Butterworth biquad cascade (the hiss band-pass), the state-variable filter under per-sample cutoff
// modulation (its worst case: coefficients recomputed every sample), the stereo master limiter, pink noise,
// and the grain window morph.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/core/denormal.h"
#include "afterglow/core/random.h"
#include "afterglow/dsp/biquad.h"
#include "afterglow/dsp/butterworth.h"
#include "afterglow/dsp/limiter.h"
#include "afterglow/dsp/noise.h"
#include "afterglow/dsp/svf.h"
#include "afterglow/dsp/window.h"

namespace {

using namespace afterglow::dsp;

constexpr double kRate = 48000.0;
constexpr std::size_t kBlock = 128;

std::vector<float> noise_block(std::size_t n, std::uint64_t seed) {
  afterglow::Random random(seed);
  std::vector<float> x(n);
  for (auto& v : x) v = static_cast<float>(random.uniform(-0.5, 0.5));
  return x;
}

void BM_BiquadCascadeBandPass8thOrder(benchmark::State& state) {
  afterglow::ScopedFlushDenormals ftz;
  BiquadCascade cascade;
  cascade.set_sections(butterworth_sos(*bandpass_spec(4, 5000.0, 14000.0, kRate)));
  const auto input = noise_block(kBlock, 1);
  std::vector<float> io(kBlock);
  for (auto _ : state) {
    io = input;
    cascade.process(io);
    benchmark::DoNotOptimize(io.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_BiquadCascadeBandPass8thOrder);

void BM_SvfStatic(benchmark::State& state) {
  afterglow::ScopedFlushDenormals ftz;
  Svf svf;
  svf.prepare(kRate, 2000.0, 2.0);
  const auto input = noise_block(kBlock, 2);
  std::vector<float> io(kBlock);
  for (auto _ : state) {
    io = input;
    svf.process(io, SvfMode::kLowPass);
    benchmark::DoNotOptimize(io.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_SvfStatic);

void BM_SvfPerSampleModulation(benchmark::State& state) {
  afterglow::ScopedFlushDenormals ftz;
  Svf svf;
  svf.prepare(kRate, 2000.0, 2.0, 1.0);
  const auto input = noise_block(kBlock, 3);
  // A different cutoff every sample (an audio-rate LFO), so the smoother never settles.
  std::vector<float> cutoff(kBlock * 64);
  for (std::size_t n = 0; n < cutoff.size(); ++n) {
    cutoff[n] =
        static_cast<float>(2000.0 * std::exp2(3.0 * std::sin(2.0 * std::numbers::pi * n / cutoff.size())));
  }
  std::vector<float> io(kBlock);
  std::size_t offset = 0;
  for (auto _ : state) {
    io = input;
    svf.process_modulated(io, std::span<const float>(cutoff).subspan(offset, kBlock), SvfMode::kLowPass);
    offset = (offset + kBlock) % cutoff.size();
    benchmark::DoNotOptimize(io.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_SvfPerSampleModulation);

void BM_LimiterStereo(benchmark::State& state) {
  afterglow::ScopedFlushDenormals ftz;
  Limiter limiter;
  limiter.prepare(kRate, kBlock, 2, LimiterParams{1.5, -0.3, 80.0});
  // Loud enough that the limiter works all the time.
  auto input = noise_block(2 * kBlock, 4);
  for (auto& v : input) v *= 6.0f;
  std::vector<float> io(2 * kBlock);
  for (auto _ : state) {
    io = input;
    limiter.process_interleaved(io, kBlock);
    benchmark::DoNotOptimize(io.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));  // stereo frames
}
BENCHMARK(BM_LimiterStereo);

void BM_PinkNoise(benchmark::State& state) {
  PinkNoise pink(5);
  std::vector<float> out(kBlock);
  for (auto _ : state) {
    pink.fill(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_PinkNoise);

void BM_WindowMorphEvaluate(benchmark::State& state) {
  const WindowMorph morph;
  std::vector<float> out(kBlock);
  const auto grain = morph.shape(0.7, 0.3);
  float phase = 0.0f;
  for (auto _ : state) {
    for (auto& v : out) {
      v = WindowMorph::at(grain, phase);
      phase += 1.0f / 4800.0f;
      if (phase > 1.0f) phase -= 1.0f;
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_WindowMorphEvaluate);

}  // namespace
