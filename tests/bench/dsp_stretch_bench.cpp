// Stretching and band-limited reading (issue 4, acceptance 7): Paulstretch x8 of a 10 s 48 kHz pad
// on one worker (target <= 1 s), a phase-vocoder stretch x2 of the same pad, and the cost per output
// sample of the fractional readers (the sinc reader at ratio 2 is what a voice an octave up pays).
// The pad is generated in memory once.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/dsp/interpolation.h"
#include "afterglow/dsp/paulstretch.h"
#include "afterglow/dsp/time_stretch.h"

namespace {

namespace dsp = afterglow::dsp;

constexpr double kRate = 48000.0;

// A pad: a few detuned partials with slow vibrato and swell over a dark noise bed.
const std::vector<float>& ten_second_pad() {
  static const std::vector<float> pad = [] {
    const auto frames = static_cast<std::size_t>(10.0 * kRate);
    std::vector<float> x(frames);
    afterglow::Random rng(11);
    const double two_pi = 2.0 * std::numbers::pi;
    const double freq[5] = {110.0, 164.8, 220.4, 277.2, 329.0};
    double phase[5] = {0.0, 0.4, 1.1, 2.0, 2.9};
    double lp = 0.0;
    for (std::size_t n = 0; n < frames; ++n) {
      const double t = static_cast<double>(n) / kRate;
      double v = 0.0;
      for (int p = 0; p < 5; ++p) {
        phase[p] += two_pi * freq[p] * (1.0 + 0.002 * std::sin(two_pi * (4.0 + 0.3 * p) * t)) / kRate;
        v += 0.12 * (0.8 + 0.2 * std::sin(two_pi * 0.2 * t + p)) * std::sin(phase[p]);
      }
      lp += 0.03 * (rng.uniform(-1.0, 1.0) - lp);
      x[n] = static_cast<float>(v + 0.1 * lp);
    }
    return x;
  }();
  return pad;
}

void BM_Paulstretch8x_10sPad(benchmark::State& state) {
  const auto& pad = ten_second_pad();
  for (auto _ : state) {
    auto out = dsp::paulstretch(pad, 8.0, kRate, {0.25, 1});
    benchmark::DoNotOptimize(out.value().data());
  }
  state.counters["audio_s_out"] = 80.0;
}
BENCHMARK(BM_Paulstretch8x_10sPad)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_PhaseVocoder2x_10sPad(benchmark::State& state) {
  const auto& pad = ten_second_pad();
  for (auto _ : state) {
    auto out = dsp::stretch_by(pad, 2.0);
    benchmark::DoNotOptimize(out.value().data());
  }
}
BENCHMARK(BM_PhaseVocoder2x_10sPad)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_PitchShiftOctaveUp_10sPad(benchmark::State& state) {
  const auto& pad = ten_second_pad();
  for (auto _ : state) {
    auto out = dsp::pitch_shift(pad, 12.0);
    benchmark::DoNotOptimize(out.value().data());
  }
}
BENCHMARK(BM_PitchShiftOctaveUp_10sPad)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// One block of output samples read at `ratio` from the pad, wrapping the read position inside it.
template <typename Read>
void run_reader(benchmark::State& state, double ratio, Read read) {
  const auto& pad = ten_second_pad();
  constexpr std::size_t kBlock = 4096;
  std::vector<float> out(kBlock);
  const double limit = static_cast<double>(pad.size()) - 1000.0;
  double position = 500.0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) {
      out[i] = read(pad, position, ratio);
      position += ratio;
      if (position >= limit) position -= limit - 500.0;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
  state.counters["ns_per_sample"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kBlock),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}

void BM_SincReader(benchmark::State& state) {
  static const dsp::SincReader reader;
  const double ratio = static_cast<double>(state.range(0)) / 1000.0;
  run_reader(state, ratio, [](std::span<const float> x, double p, double r) { return reader.read(x, p, r); });
}
BENCHMARK(BM_SincReader)->Arg(500)->Arg(1000)->Arg(1003)->Arg(2000)->Arg(4000);

void BM_HermiteReader(benchmark::State& state) {
  run_reader(state, static_cast<double>(state.range(0)) / 1000.0,
             [](std::span<const float> x, double p, double) { return dsp::read_hermite(x, p); });
}
BENCHMARK(BM_HermiteReader)->Arg(1003)->Arg(2000);

void BM_LinearReader(benchmark::State& state) {
  run_reader(state, static_cast<double>(state.range(0)) / 1000.0,
             [](std::span<const float> x, double p, double) { return dsp::read_linear(x, p); });
}
BENCHMARK(BM_LinearReader)->Arg(1003)->Arg(2000);

}  // namespace
