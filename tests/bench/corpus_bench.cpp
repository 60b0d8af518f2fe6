// Corpus benchmarks (issue 3, acceptance 4 and 5):
//   BM_CorpusCachedLoad/<rate>   the second load of a 10-minute stereo 44.1 kHz WAV through the
//                                analysis cache (content hash + cache read + derived results + index),
//                                at engine rate 44100 and 48000. Target <= 0.2 s.
//   BM_DescriptorQuery           one query of the descriptor index of a 60-minute corpus (7200 windows at
//                                the default 0.5 s hop). Target <= 1 us.
//   BM_DescriptorIndexBuild      building that index (worker thread, once per corpus).
// Peak memory while building a corpus is measured on the real binary in its own process, since
// ru_maxrss is per process (docs/analysis.md gives the command):
//   /usr/bin/time -v build/.../afterglow analyze --no-cache --jobs 1 --rate 44100 FILES...
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <numbers>
#include <vector>

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/analysis/descriptor_index.h"
#include "afterglow/core/log.h"
#include "afterglow/core/random.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace {

namespace an = afterglow::analysis;
namespace fs = std::filesystem;

// A 10-minute stereo 16-bit WAV of slowly changing chords over a noise floor, written once per process.
const afterglow::test::TempDir& ten_minute_file() {
  static const afterglow::test::TempDir dir;
  static const bool written = [] {
    const std::size_t frames = 600 * 44100;
    std::vector<float> l(frames);
    std::vector<float> r(frames);
    afterglow::Random rng(11);
    const double two_pi = 2.0 * std::numbers::pi;
    for (std::size_t n = 0; n < frames; ++n) {
      const double t = static_cast<double>(n) / 44100.0;
      const double root = 110.0 * std::pow(2.0, static_cast<double>(static_cast<int>(t / 20.0) % 7) / 12.0);
      double v = 0.0;
      for (double ratio : {1.0, 1.25, 1.5, 2.0}) v += 0.06 * std::sin(two_pi * root * ratio * t);
      const double floor = 0.003 * rng.uniform(-1.0, 1.0);
      l[n] = static_cast<float>(v + floor);
      r[n] = static_cast<float>(v - floor);
    }
    afterglow::test::write_fixture(dir / "ten_minutes.wav", {l, r}, 44100);
    return true;
  }();
  (void)written;
  return dir;
}

void BM_CorpusCachedLoad(benchmark::State& state) {
  afterglow::log::set_level(afterglow::log::Level::kWarning);
  const auto& dir = ten_minute_file();
  an::CorpusParams params;
  params.features.sample_rate = static_cast<double>(state.range(0));
  an::CorpusBuilder builder(params, 1);
  const fs::path root = dir / ("export" + std::to_string(state.range(0)));
  builder.set_cache(
      std::make_shared<an::AnalysisCache>(an::analysis_cache_dir(root), afterglow::io::ExportRoot(root)));
  an::SourceEntry entry;
  entry.path = dir / "ten_minutes.wav";
  const std::vector<an::SourceEntry> entries{entry};
  auto first = builder.build(entries);  // analyses and writes the cache entry (not timed)
  if (!first || (*first)->size() != 1) {
    state.SkipWithError("first build failed");
    return;
  }
  std::size_t hits = 0;
  for (auto _ : state) {
    auto corpus = builder.build(entries);
    hits += (*corpus)->report().cache_hits;
    benchmark::DoNotOptimize(corpus);
    // Freeing the corpus is not part of loading it.
    state.PauseTiming();
    corpus = afterglow::Error(afterglow::ErrorKind::kProcessing, "released");
    state.ResumeTiming();
  }
  if (hits != static_cast<std::size_t>(state.iterations())) state.SkipWithError("a load missed the cache");
  state.counters["audio_MB"] = static_cast<double>((*first)->sources()[0].audio().frames() * 2 * 4) / 1e6;
}
BENCHMARK(BM_CorpusCachedLoad)
    ->Arg(44100)
    ->Arg(48000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);

// 60 minutes of windows at hop 0.5 s, descriptors spread like a real archive (clustered, 70 % acceptable).
std::vector<an::WindowDescriptor> hour_of_descriptors() {
  afterglow::Random rng(3);
  std::vector<an::WindowDescriptor> d(7200);
  for (std::size_t i = 0; i < d.size(); ++i) {
    const double phrase = static_cast<double>(i / 40);
    d[i].brightness = static_cast<float>(std::fmod(0.2 + 0.37 * phrase, 1.0) * 0.8 + 0.1 * rng.uniform());
    d[i].stability = static_cast<float>(0.5 + 0.5 * rng.uniform());
    d[i].loudness = static_cast<float>(0.4 + 0.3 * rng.uniform());
    d[i].stable = rng.uniform() < 0.7;
    d[i].acceptable = d[i].stable;
  }
  return d;
}

an::WindowGrid hour_grid() {
  an::WindowGrid g;
  g.sample_rate = 48000.0;
  g.window = 48000;
  g.hop = 24000;
  g.count = 7200;
  g.length = 7199 * 24000 + 48000;
  return g;
}

void BM_DescriptorQuery(benchmark::State& state) {
  static const auto descriptors = hour_of_descriptors();
  const an::IndexSource sources[] = {{0, hour_grid(), descriptors}};
  const an::DescriptorIndex index = an::DescriptorIndex::build(sources);
  afterglow::Random rng(1);
  afterglow::Random targets(2);
  std::size_t sum = 0;
  for (auto _ : state) {
    const an::DescriptorTarget t{static_cast<float>(targets.uniform()), static_cast<float>(targets.uniform()),
                                 static_cast<float>(targets.uniform())};
    if (auto p = index.query(t, rng, 4800)) sum += p->frame;
  }
  benchmark::DoNotOptimize(sum);
}
BENCHMARK(BM_DescriptorQuery)->Unit(benchmark::kNanosecond);

void BM_DescriptorIndexBuild(benchmark::State& state) {
  static const auto descriptors = hour_of_descriptors();
  const an::IndexSource sources[] = {{0, hour_grid(), descriptors}};
  for (auto _ : state) {
    auto index = an::DescriptorIndex::build(sources);
    benchmark::DoNotOptimize(index);
  }
}
BENCHMARK(BM_DescriptorIndexBuild)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
