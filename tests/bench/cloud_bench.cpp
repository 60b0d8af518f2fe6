// Cloud throughput (issue 4, acceptance 7): ≥ 4000 concurrent grains within 50 % of one core at 48 kHz
// stereo in 128-frame blocks. The work mirrors the reference figure for SuperCollider's GrainBuf
// (100 ms Hann grains, random positions, pitch 0.5–2×, random pan); the cloud interpolates with
// 4-point Hermite where GrainBuf uses linear.
//
// Counters: `grains` the mean number sounding, `ns_per_grain_sample` the whole process() call (spawning,
// stealing bookkeeping, gain) divided by grains × frames, `core_percent` the share of one core that
// real time at 48 kHz would take, `max_grains_50pct` the count that would fill half a core at this
// per-grain cost.
//
//   taskset -c 1 build/cloud-bench/tests/bench/afterglow_bench --benchmark_filter=Cloud
#include <benchmark/benchmark.h>

#include <vector>

#include "afterglow/core/denormal.h"
#include "afterglow/core/random.h"
#include "afterglow/gen/cloud.h"
#include "afterglow/gen/grain.h"
#include "afterglow/gen/owned_material.h"

namespace afterglow::gen {
namespace {

constexpr double kRate = 48000.0;
constexpr std::size_t kBlock = 128;

const OwnedMaterial& bench_material(bool stereo) {
  // 20 s of band-limited noise: every grain reads somewhere else, as with real archive material.
  static const auto make = [](bool two) {
    Random rng(12);
    std::vector<float> l(static_cast<std::size_t>(kRate * 20)), r(l.size());
    float a = 0.0f, b = 0.0f;
    for (std::size_t i = 0; i < l.size(); ++i) {
      a += 0.2f * (static_cast<float>(rng.uniform(-1.0, 1.0)) - a);
      b += 0.2f * (static_cast<float>(rng.uniform(-1.0, 1.0)) - b);
      l[i] = a;
      r[i] = b;
    }
    return OwnedMaterial(l, two ? std::span<const float>(r) : std::span<const float>(), kRate);
  };
  static const OwnedMaterial mono = make(false);
  static const OwnedMaterial stereo_material = make(true);
  return stereo ? stereo_material : mono;
}

void run_cloud(benchmark::State& state, bool stereo) {
  const auto grains = static_cast<double>(state.range(0));
  const OwnedMaterial& material = bench_material(stereo);
  Cloud cloud;
  cloud.prepare(kRate, kBlock, static_cast<std::size_t>(grains * 1.5) + 64);
  cloud.set_material({&material.view(), 1});
  // 100 ms grains at the density that keeps `grains` sounding (longer grains past the density cap).
  const double density = std::min(40000.0, grains * 10.0);
  cloud.set_param(CloudParam::kDensity, static_cast<float>(density));
  cloud.set_param(CloudParam::kSizeMs, static_cast<float>(1000.0 * grains / density));
  cloud.set_param(CloudParam::kWindowShape, 1.0f);
  cloud.set_param(CloudParam::kSpray, 1.0f);
  cloud.set_param(CloudParam::kPitch, 0.0f);
  cloud.set_param(CloudParam::kPitchScatter, 12.0f);  // 0.5× … 2×
  cloud.set_param(CloudParam::kStereoSpread, 1.0f);
  cloud.reset(1);

  std::vector<float> left(kBlock), right(kBlock);
  StereoBlock block{left, right};
  ScopedFlushDenormals ftz;
  // Fill the cloud before measuring (two grain lengths).
  for (int i = 0; i < 2 * 38; ++i) cloud.process(block, {});

  double active_sum = 0.0;
  std::int64_t blocks = 0;
  for (auto _ : state) {
    cloud.process(block, {});
    benchmark::DoNotOptimize(left.data());
    benchmark::ClobberMemory();
    active_sum += static_cast<double>(cloud.active_grains());
    ++blocks;
  }
  const double mean_active = active_sum / static_cast<double>(blocks);
  state.counters["grains"] = mean_active;
  state.counters["ns_per_grain_sample"] =
      benchmark::Counter(mean_active * kBlock * static_cast<double>(blocks) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  // Share of one core for real time: seconds of CPU per block / seconds of audio per block.
  state.counters["core_percent"] =
      benchmark::Counter(0.01 * static_cast<double>(blocks) * kBlock / kRate,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["max_grains_50pct"] = benchmark::Counter(
      0.5 * mean_active * static_cast<double>(blocks) * kBlock / kRate, benchmark::Counter::kIsRate);
}

void BM_CloudMono(benchmark::State& state) {
  run_cloud(state, false);
}
void BM_CloudStereo(benchmark::State& state) {
  run_cloud(state, true);
}

// The grain kernel alone: 256 grains of 128 frames at random positions and steps, no scheduling.
void run_kernel(benchmark::State& state, bool portable) {
  const OwnedMaterial& material = bench_material(false);
  const MaterialView& m = material.view();
  const GrainWindow window;
  Random rng(3);
  std::vector<Grain> grains(256);
  for (Grain& g : grains) {
    g.left = g.right = m.levels[0].left;
    g.step = static_cast<std::int32_t>(rng.uniform(0.5, 2.0) * kGrainFracOne);
    g.phase = static_cast<std::int64_t>(rng.uniform(10.0, 900000.0)) * kGrainFracOne;
    g.gain_left = 0.7f;
    g.gain_right = 0.7f;
    g.window = &window;
    g.shape = GrainWindow::shape(1.0, 4800.0, kRate);
    g.window_scale = 1.0 / 4800.0;
    g.chunk_shift = 6;
  }
  const std::vector<Grain> initial = grains;
  const GrainRenderFn fn = grain_render_function(portable);
  std::vector<float> left(kBlock), right(kBlock);
  std::int64_t samples = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < grains.size(); ++i) {
      grains[i] = initial[i];
      grains[i].rendered = 1000;  // mid-grain
      fn(grains[i], 0, left.data(), right.data(), kBlock);
    }
    benchmark::DoNotOptimize(left.data());
    samples += static_cast<std::int64_t>(grains.size() * kBlock);
  }
  state.counters["ns_per_grain_sample"] = benchmark::Counter(
      static_cast<double>(samples) * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
void BM_GrainKernelVector(benchmark::State& state) {
  run_kernel(state, false);
}
void BM_GrainKernelPortable(benchmark::State& state) {
  run_kernel(state, true);
}
BENCHMARK(BM_GrainKernelVector);
BENCHMARK(BM_GrainKernelPortable);

BENCHMARK(BM_CloudMono)->Arg(500)->Arg(2000)->Arg(4000)->Arg(6000)->Arg(8000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CloudStereo)->Arg(4000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace afterglow::gen
