// Drone throughput (issue 4, acceptance 7): 16 voices with tone filtering ≤ 5 % of one core at 48 kHz
// stereo in 128-frame blocks; and the worker-side cost of a Paulstretch ×8 of a 10 s pad (≤ 1 s),
// alone and as part of the loop-set build (Paulstretch, loop, octave copies, 2× copy, decorrelation).
//
// Counters: `core_percent` the share of one core real time at 48 kHz would take, `ns_per_voice_sample`
// the whole process() call divided by voices × frames.
//
//   taskset -c 1 build/drone-bench/tests/bench/afterglow_bench --benchmark_filter=Drone
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/core/denormal.h"
#include "afterglow/core/random.h"
#include "afterglow/dsp/paulstretch.h"
#include "afterglow/gen/drone.h"
#include "afterglow/gen/loop_set.h"

namespace afterglow::gen {
namespace {

constexpr double kRate = 48000.0;
constexpr std::size_t kBlock = 128;

std::vector<float> bench_pad(double seconds) {
  std::vector<float> x(static_cast<std::size_t>(kRate * seconds));
  Random rng(12);
  double lp = 0.0;
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    lp += 0.05 * (rng.uniform(-1.0, 1.0) - lp);
    double v = 0.0;
    for (int k = 1; k <= 6; ++k)
      v += 0.1 / k * std::sin(2.0 * std::numbers::pi * 110.0 * k * t * (1.0 + 0.001 * k));
    x[n] = static_cast<float>(v + 0.1 * lp);
  }
  return x;
}

const DroneLoopSet& bench_set() {
  static const DroneLoopSet set = [] {
    auto s = DroneLoopSet::from_pad(bench_pad(6.0), {}, kRate, 45.0f);
    if (!s) throw s.error();
    (void)s->render(DroneStretch::k2x);
    return std::move(s.value());
  }();
  return set;
}

// `stretch`: 0 the pad loop, 1 the ×2 rendering; every voice pitched somewhere in ±2 octaves (each
// octave copy in use), tone between dark and warm (the filters moving), and a voice in a cross-fade
// now and then (reverse toggles).
void BM_DroneVoices(benchmark::State& state) {
  const auto voices = static_cast<std::size_t>(state.range(0));
  Drone drone;
  drone.prepare(kRate, kBlock, voices);
  drone.set_loops(bench_set().view());
  drone.set_param(DroneParam::kAttack, 0.01f);
  drone.set_param(DroneParam::kTone, 0.25f);
  drone.set_param(DroneParam::kStretch, state.range(1) != 0 ? 2.0f : 1.0f);
  std::vector<Event> notes;
  for (std::size_t v = 0; v < voices; ++v)
    notes.push_back(Event::note_on(0, 21 + static_cast<int>((v * 7) % 48), 0.8f));
  std::vector<float> l(kBlock), r(kBlock);
  drone.process({l, r}, notes);
  ScopedFlushDenormals ftz;
  std::uint64_t block = 0;
  for (auto _ : state) {
    Event e[2];
    std::size_t n = 0;
    if (block % 375 == 0)
      e[n++] =
          Event::param(3, static_cast<std::uint16_t>(DroneParam::kReverse), (block / 375) % 2 ? 1.0f : 0.0f);
    if (block % 200 == 0)
      e[n++] =
          Event::param(5, static_cast<std::uint16_t>(DroneParam::kTone), (block / 200) % 2 ? 0.1f : 0.3f);
    drone.process({l, r}, EventSpan(e, n));
    benchmark::DoNotOptimize(l.data());
    ++block;
  }
  const double frames = static_cast<double>(state.iterations()) * kBlock;
  state.counters["core_percent"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kBlock / kRate / 100.0,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["ns_per_voice_sample"] = benchmark::Counter(
      frames * static_cast<double>(voices) * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["sounding"] = static_cast<double>(drone.stats().sounding);
}
BENCHMARK(BM_DroneVoices)->Args({16, 0})->Args({16, 1})->Args({64, 0})->Unit(benchmark::kMicrosecond);

void BM_DronePaulstretch8xTenSecondPad(benchmark::State& state) {
  const std::vector<float> pad = bench_pad(10.0);
  for (auto _ : state) {
    auto y = dsp::paulstretch(pad, 8.0, kRate);
    benchmark::DoNotOptimize(y);
  }
}
BENCHMARK(BM_DronePaulstretch8xTenSecondPad)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_DroneLoopSetBuild8xTenSecondPad(benchmark::State& state) {
  const std::vector<float> pad = bench_pad(10.0);
  for (auto _ : state) {
    auto set = DroneLoopSet::from_pad(pad, {}, kRate, 45.0f);
    if (!set || !set->render(DroneStretch::k8x)) state.SkipWithError("build failed");
    benchmark::DoNotOptimize(set);
  }
}
BENCHMARK(BM_DroneLoopSetBuild8xTenSecondPad)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace afterglow::gen
