// The live engine's DSP load: scenes/default.yaml's layers (drone with a held chord, cloud, hiss) on
// the demo material at 48 kHz in 128-frame blocks, through the mixer and the master limiter.
// load_pct is the time in Engine::process as a share of the block period (2.67 ms); p99_pct and
// max_pct are over the measured blocks. Setup (analysis and material) is outside the timing.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "afterglow/config/scene_loader.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/scene_material.h"

namespace afterglow::engine {
namespace {

constexpr double kRate = 48000.0;
constexpr std::size_t kBlock = 128;

std::unique_ptr<Engine> default_scene_engine(const std::vector<Command>& extra = {}) {
  config::SceneLoad load =
      config::load_scene_file(std::string(AFTERGLOW_SOURCE_DIR) + "/scenes/default.yaml");
  if (!load.ok()) return nullptr;
  auto engine = std::move(Engine::create(*load.scene)).value_or_throw();
  engine->prepare(kRate, kBlock);
  auto bank = std::move(build_scene_material(*load.scene, *engine, 2)).value_or_throw();
  engine->publish_material(std::move(bank));
  CommandSender sender = engine->command_sender(0);
  if (auto drone = engine->registry().find_layer("drone1")) {
    for (int note : {57, 64, 69}) sender.send(Command::note_on(0, *drone, note, 0.8f));
  }
  for (const Command& c : extra) sender.send(c);
  return engine;
}

void run(benchmark::State& state, Engine& engine) {
  std::vector<float> left(kBlock), right(kBlock);
  // Past the drone's attack and the material fade: the steady state a performer hears.
  for (int i = 0; i < static_cast<int>(3.0 * kRate / kBlock); ++i) engine.process({left, right});
  std::vector<double> loads;
  loads.reserve(1 << 20);
  const double period = static_cast<double>(kBlock) / kRate;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    engine.process({left, right});
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (loads.size() < loads.capacity()) loads.push_back(s / period);
    benchmark::DoNotOptimize(left.data());
  }
  if (loads.empty()) return;
  std::sort(loads.begin(), loads.end());
  double sum = 0.0;
  for (double l : loads) sum += l;
  state.counters["load_pct"] = 100.0 * sum / static_cast<double>(loads.size());
  state.counters["p99_pct"] = 100.0 * loads[std::min(loads.size() - 1, loads.size() * 99 / 100)];
  state.counters["max_pct"] = 100.0 * loads.back();
  Telemetry t = engine.last_telemetry();
  state.counters["grains"] = static_cast<double>(t.layer_voices[1]);
}

void BM_EngineDefaultScene(benchmark::State& state) {
  static std::unique_ptr<Engine> engine = default_scene_engine();
  if (!engine) {
    state.SkipWithError("scenes/default.yaml did not load");
    return;
  }
  run(state, *engine);
}
BENCHMARK(BM_EngineDefaultScene)->MinTime(3.0);

// The same with a busy cloud (400 grains/s of 200 ms, ~80 overlapping) and random flickers.
void BM_EngineDefaultSceneBusy(benchmark::State& state) {
  static std::unique_ptr<Engine> engine = [] {
    config::SceneLoad load =
        config::load_scene_file(std::string(AFTERGLOW_SOURCE_DIR) + "/scenes/default.yaml");
    auto probe = std::move(Engine::create(*load.scene)).value_or_throw();
    const ParamRegistry& r = probe->registry();
    std::vector<Command> extra;
    if (const ParamSpec* p = r.find("/afterglow/cloud1/density"))
      extra.push_back(Command::param(0, p->index, 400.0f));
    if (const ParamSpec* p = r.find("/afterglow/cloud1/size_ms"))
      extra.push_back(Command::param(0, p->index, 200.0f));
    if (const ParamSpec* p = r.find("/afterglow/hiss1/flicker_rate"))
      extra.push_back(Command::param(0, p->index, 8.0f));
    return default_scene_engine(extra);
  }();
  run(state, *engine);
}
BENCHMARK(BM_EngineDefaultSceneBusy)->MinTime(3.0);

}  // namespace
}  // namespace afterglow::engine
