// Analysis throughput (issue 3, acceptance 4): the per-file analysis of a 10-minute stereo 44.1 kHz
// signal — downmix, one streaming STFT pass with every frame feature, pre-analysis windows and their
// stability mask, pad mining for three durations. Target: >= 300x realtime on one core. The counter
// "x_realtime" is audio seconds per wall-clock second. The signal is generated in memory once.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/analysis/pad_miner.h"
#include "afterglow/analysis/stability.h"
#include "afterglow/core/random.h"
#include "afterglow/io/audio_buffer.h"
#include "afterglow/io/downmix.h"

namespace {

namespace an = afterglow::analysis;
using afterglow::io::AudioBuffer;

constexpr double kRate = 44100.0;
constexpr double kAudioSeconds = 600.0;

// Archive-like content: 30 s phrases of sustained chords (a few partials, slow level drift), a drum
// section of noise bursts and a quiet gap, with a low noise floor throughout; phrases differ in pitch.
const AudioBuffer& ten_minutes() {
  static const AudioBuffer audio = [] {
    const auto frames = static_cast<std::size_t>(kAudioSeconds * kRate);
    AudioBuffer out(kRate, 2, frames);
    afterglow::Random rng(2024);
    const double two_pi = 2.0 * std::numbers::pi;
    for (std::size_t n = 0; n < frames; ++n) {
      const double t = static_cast<double>(n) / kRate;
      const double phrase_t = std::fmod(t, 30.0);
      const double root = 110.0 * std::pow(2.0, static_cast<double>(static_cast<int>(t / 30.0) % 5) / 12.0);
      double l = 0.0;
      double r = 0.0;
      if (phrase_t < 22.0) {
        const double drift = 0.8 + 0.2 * std::sin(two_pi * t / 7.0);
        for (double ratio : {1.0, 1.5, 2.0, 2.52}) {
          l += 0.05 * drift * std::sin(two_pi * root * ratio * t);
          r += 0.05 * drift * std::sin(two_pi * root * ratio * 1.002 * t);
        }
      } else if (phrase_t < 28.0) {
        const double beat = std::fmod(phrase_t, 0.25);
        if (beat < 0.04) {
          const double hit = 0.5 * std::exp(-beat / 0.01) * rng.uniform(-1.0, 1.0);
          l += hit;
          r += hit;
        }
      }
      const double floor = 0.002 * rng.uniform(-1.0, 1.0);
      out.channels[0][n] = static_cast<float>(l + floor);
      out.channels[1][n] = static_cast<float>(r - floor);
    }
    return out;
  }();
  return audio;
}

an::PadMinerParams pad_params() {
  an::PadMinerParams p;
  p.target_durations_sec = {1.5, 2.5, 3.5};
  p.max_candidates = 6;
  return p;
}

template <typename Body>
void run_timed(benchmark::State& state, Body&& body) {
  double wall = 0.0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    body();
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  state.counters["x_realtime"] = kAudioSeconds * static_cast<double>(state.iterations()) / wall;
  state.counters["audio_s"] = kAudioSeconds;
}

// Everything a file costs: downmix + features + windows + mask + pads.
void BM_AnalyseFile(benchmark::State& state) {
  const AudioBuffer& audio = ten_minutes();
  std::size_t pads = 0;
  run_timed(state, [&] {
    const std::vector<float> mono = afterglow::io::downmix(audio);
    auto analysis = an::analyze(mono, kRate);
    if (!analysis) throw std::runtime_error(analysis.error().what());
    const an::StabilityMask mask = an::stable_mask(analysis->windows, {});
    auto mined =
        an::mine_pads(analysis->frames, pad_params(), an::StableWindows{&analysis->windows.grid(), &mask});
    if (!mined) throw std::runtime_error(mined.error().what());
    pads = mined->size();
    benchmark::DoNotOptimize(mined->data());
  });
  state.counters["pads"] = static_cast<double>(pads);
}

void BM_FrameFeatures(benchmark::State& state) {
  const std::vector<float> mono = afterglow::io::downmix(ten_minutes());
  run_timed(state, [&] {
    auto f = an::compute_frame_features(mono, kRate);
    if (!f) throw std::runtime_error(f.error().what());
    benchmark::DoNotOptimize(f->rms.data());
  });
}

void BM_WindowsMaskAndPads(benchmark::State& state) {
  const std::vector<float> mono = afterglow::io::downmix(ten_minutes());
  auto frames = an::compute_frame_features(mono, kRate);
  if (!frames) throw std::runtime_error(frames.error().what());
  run_timed(state, [&] {
    auto windows = an::WindowAnalysis::create(mono, *frames, {});
    if (!windows) throw std::runtime_error(windows.error().what());
    const an::StabilityMask mask = an::stable_mask(*windows, {});
    auto mined = an::mine_pads(*frames, pad_params(), an::StableWindows{&windows->grid(), &mask});
    benchmark::DoNotOptimize(mined.ok());
  });
}

}  // namespace

BENCHMARK(BM_AnalyseFile)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_FrameFeatures)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_WindowsMaskAndPads)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
