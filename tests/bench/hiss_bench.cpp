// The hiss at its live configuration (issue 4, acceptance 7: ≤ 1 % of one core): 48 kHz stereo,
// 128-frame blocks, order-4 band-pass, tremolo, random flickers at 10 per second (about two sounding
// at once) — plus the same with a band edge moved every block (a retune crossfade always running) and
// with 64-trigger flicker storms. The counter core_percent is the share of one core the hiss takes in
// real time: seconds of CPU per second of audio × 100.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "afterglow/core/denormal.h"
#include "afterglow/core/random.h"
#include "afterglow/gen/hiss.h"

namespace {

using namespace afterglow;
using namespace afterglow::gen;

constexpr double kRate = 48000.0;
constexpr std::size_t kBlock = 128;

void report(benchmark::State& state) {
  const auto frames = static_cast<double>(state.iterations() * kBlock);
  state.SetItemsProcessed(static_cast<int64_t>(frames));
  // kIsRate | kInvert divides the elapsed CPU seconds by this value: seconds of CPU per second of
  // audio, in percent.
  state.counters["core_percent"] =
      benchmark::Counter(frames / kRate / 100.0, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

Hiss live_hiss(HissSource source) {
  Hiss h;
  h.prepare(kRate, kBlock);
  h.set_param(HissParam::kSource, static_cast<float>(source));
  h.set_param(HissParam::kTremoloRateHz, 3.0f);
  h.set_param(HissParam::kTremoloDepth, 0.6f);
  h.set_param(HissParam::kFlickerRate, 10.0f);
  h.reset(1);
  return h;
}

void run(benchmark::State& state, Hiss& h, bool sweep, bool storms) {
  ScopedFlushDenormals ftz;
  std::vector<float> left(kBlock), right(kBlock);
  std::vector<Event> events;
  events.reserve(80);
  Random rng(3);
  std::uint64_t block = 0;
  for (auto _ : state) {
    events.clear();
    if (sweep)
      events.push_back(Event::param(0, static_cast<std::uint16_t>(HissParam::kLowHz),
                                    static_cast<float>(rng.uniform(2000.0, 8000.0))));
    if (storms && block % 375 == 0) {  // 64 triggers once a second
      for (int k = 0; k < 64; ++k) events.push_back(Event::trigger(static_cast<std::uint32_t>(k), 0.2f));
    }
    h.process({left, right}, events);
    benchmark::DoNotOptimize(left.data());
    benchmark::DoNotOptimize(right.data());
    ++block;
  }
  report(state);
}

void BM_HissBandPassTremoloFlickers(benchmark::State& state) {
  Hiss h = live_hiss(HissSource::kWhite);
  run(state, h, false, false);
}
BENCHMARK(BM_HissBandPassTremoloFlickers);

void BM_HissPinkBandPassTremoloFlickers(benchmark::State& state) {
  Hiss h = live_hiss(HissSource::kPink);
  run(state, h, false, false);
}
BENCHMARK(BM_HissPinkBandPassTremoloFlickers);

void BM_HissDrumLoopsBandPassTremoloFlickers(benchmark::State& state) {
  HissMaterial m(kRate, {.slices = 2, .seed = 1});
  std::vector<float> drums(48000 * 4);
  Random rng(5);
  for (std::size_t n = 0; n < drums.size(); ++n) {
    drums[n] =
        static_cast<float>(std::exp(-static_cast<double>(n % 12000) / 3000.0) * rng.uniform(-1.0, 1.0));
  }
  (void)m.add_source(drums);
  Hiss h = live_hiss(HissSource::kDrums);
  h.set_material(&m.view());
  h.reset(1);
  run(state, h, false, false);
}
BENCHMARK(BM_HissDrumLoopsBandPassTremoloFlickers);

void BM_HissRetuningEveryBlock(benchmark::State& state) {
  Hiss h = live_hiss(HissSource::kWhite);
  run(state, h, true, false);
}
BENCHMARK(BM_HissRetuningEveryBlock);

void BM_HissWithFlickerStorms(benchmark::State& state) {
  Hiss h = live_hiss(HissSource::kWhite);
  run(state, h, false, true);
}
BENCHMARK(BM_HissWithFlickerStorms);

}  // namespace
