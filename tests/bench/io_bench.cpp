// Loading speed (issue 2, acceptance 5): decode a 10-minute stereo 44.1 kHz 16-bit WAV and resample it
// to 48 kHz. The counter "x_realtime" is audio seconds per wall-clock second (target: >= 100 with the
// default converter). The file is generated once into /tmp and reused across runs.
#include <benchmark/benchmark.h>
#include <sndfile.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "afterglow/io/audio_reader.h"
#include "afterglow/io/resampler.h"

namespace {

namespace fs = std::filesystem;
using afterglow::io::AudioBuffer;
using afterglow::io::ResampleQuality;

constexpr int kRate = 44100;
constexpr double kTargetRate = 48000.0;
constexpr sf_count_t kFrames = sf_count_t{kRate} * 600;  // 10 minutes
constexpr double kAudioSeconds = 600.0;

// Writes the file in chunks (never the whole 10 minutes in memory): two detuned tones and a little
// noise per channel, so the converter works on realistic, non-trivial content.
const fs::path& bench_file() {
  static const fs::path path = fs::temp_directory_path() / "afterglow-bench-10min-stereo-44k1-16bit.wav";
  static bool ready = false;
  if (ready) return path;
  SF_INFO info{};
  if (SNDFILE* existing = sf_open(path.c_str(), SFM_READ, &info)) {
    sf_close(existing);
    if (info.frames == kFrames && info.channels == 2 && info.samplerate == kRate) {
      ready = true;
      return path;
    }
  }
  info = SF_INFO{};
  info.samplerate = kRate;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  if (f == nullptr) throw std::runtime_error("cannot create " + path.string());
  constexpr sf_count_t kChunk = 65536;
  std::vector<float> frames(static_cast<std::size_t>(kChunk) * 2);
  std::uint32_t noise = 1;
  for (sf_count_t start = 0; start < kFrames; start += kChunk) {
    const sf_count_t n = std::min(kChunk, kFrames - start);
    for (sf_count_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(start + i) / kRate;
      noise = noise * 1664525u + 1013904223u;
      const double hiss = (static_cast<double>(noise >> 8) / 16777216.0 - 0.5) * 0.02;
      frames[2 * i] = static_cast<float>(0.3 * std::sin(2 * std::numbers::pi * 220.0 * t) +
                                         0.2 * std::sin(2 * std::numbers::pi * 3520.0 * t) + hiss);
      frames[2 * i + 1] = static_cast<float>(0.3 * std::sin(2 * std::numbers::pi * 221.5 * t) +
                                             0.2 * std::sin(2 * std::numbers::pi * 5000.0 * t) - hiss);
    }
    sf_writef_float(f, frames.data(), n);
  }
  sf_close(f);
  ready = true;
  return path;
}

const AudioBuffer& decoded() {
  static const AudioBuffer audio = [] {
    auto r = afterglow::io::read_audio(bench_file());
    if (!r) throw std::runtime_error(r.error().what());
    return std::move(r).value();
  }();
  return audio;
}

// Runs `body` once per iteration and reports realtime factor from our own wall clock.
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

void BM_LoadAndResample_Default(benchmark::State& state) {
  bench_file();
  run_timed(state, [] {
    auto audio = afterglow::io::read_audio(bench_file());
    if (!audio) throw std::runtime_error(audio.error().what());
    auto out = afterglow::io::resample(*audio, kTargetRate);
    if (!out) throw std::runtime_error(out.error().what());
    benchmark::DoNotOptimize(out->channels[0].data());
  });
  state.SetLabel(std::string("decode + ") +
                 std::string(afterglow::io::to_string(afterglow::io::kDefaultResampleQuality)));
}

void BM_Decode(benchmark::State& state) {
  bench_file();
  run_timed(state, [] {
    auto audio = afterglow::io::read_audio(bench_file());
    if (!audio) throw std::runtime_error(audio.error().what());
    benchmark::DoNotOptimize(audio->channels[0].data());
  });
}

void BM_Resample(benchmark::State& state) {
  const auto quality = static_cast<ResampleQuality>(state.range(0));
  const AudioBuffer& audio = decoded();
  run_timed(state, [&] {
    auto out = afterglow::io::resample(audio, kTargetRate, quality);
    if (!out) throw std::runtime_error(out.error().what());
    benchmark::DoNotOptimize(out->channels[0].data());
  });
  state.SetLabel(std::string(afterglow::io::to_string(quality)));
}

}  // namespace

BENCHMARK(BM_LoadAndResample_Default)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_Resample)
    ->Arg(static_cast<int>(ResampleQuality::kSincFastest))
    ->Arg(static_cast<int>(ResampleQuality::kSincMedium))
    ->Arg(static_cast<int>(ResampleQuality::kSincBest))
    ->Arg(static_cast<int>(ResampleQuality::kLinear))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
