// `afterglow render-events --scene S --events F --seconds N --out FILE.wav`: plays a scene offline
// under a scripted events file through the live engine (the same code `afterglow live` runs) and
// writes what it played.

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/app/scene_file.h"
#include "afterglow/config/scene_loader.h"
#include "afterglow/core/log.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/events_file.h"
#include "afterglow/engine/offline_driver.h"
#include "afterglow/engine/scene_cue_player.h"
#include "afterglow/engine/scene_material.h"

namespace afterglow::app {
namespace {

struct RenderEventsOptions {
  std::string scene = "scenes/default.yaml";
  std::string events;
  double seconds = 10.0;
  std::size_t block = 256;
  std::string out;
  std::optional<long long> seed;
  int bit_depth = 24;
  std::size_t jobs = 2;
  double max_file_seconds = 1800.0;
};

int run_render_events(const RenderEventsOptions& options) {
  const std::optional<config::Scene> loaded = load_scene_reporting(options.scene);
  if (!loaded) return kExitUsage;
  config::Scene scene = *loaded;
  if (options.seed) scene.engine.seed = *options.seed;
  for (const config::LayerSpec& spec : scene.layers) {
    if (engine::find_layer_type(spec.type) == nullptr) {
      log::warn("layer '{}': {} layers are not playable yet; it is left out", spec.name,
                config::to_string(spec.type));
    }
  }
  auto created = engine::Engine::create(scene);
  if (!created) {
    log::error("{}", created.error().what());
    return kExitUsage;
  }
  engine::Engine& e = **created;
  e.prepare(static_cast<double>(scene.engine.sample_rate), options.block);

  std::vector<engine::Command> script;
  std::vector<engine::SceneCue> cues;
  if (!options.events.empty()) {
    auto events = engine::load_events_file(options.events, e.registry(), e.sample_rate());
    if (!events) {
      log::error("{}", events.error().what());
      return events.error().kind() == ErrorKind::kInvalidConfig ? kExitUsage : kExitFailure;
    }
    script = events->plain();
    cues = events->scenes;
  }

  const auto analysis_start = std::chrono::steady_clock::now();
  auto bank = engine::build_scene_material(scene, e, options.jobs);
  if (!bank) {
    log::error("{}", bank.error().what());
    return kExitFailure;
  }
  log::info("material ready in {:.2f} s",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - analysis_start).count());
  e.publish_material(std::move(*bank));

  // Every recall is loaded now and waits in the engine for its frame.
  engine::SceneCuePlayer scenes(e, scene, std::move(cues));
  scenes.feed(std::numeric_limits<std::uint64_t>::max());

  engine::OfflineOptions driver_options;
  driver_options.block = options.block;
  engine::OfflineDriver driver(e, driver_options);
  driver.set_script(std::move(script));
  const auto frames = static_cast<std::size_t>(std::llround(options.seconds * e.sample_rate()));
  const auto render_start = std::chrono::steady_clock::now();
  auto written = driver.render_wav(options.out, frames, options.bit_depth, options.max_file_seconds);
  const double render_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - render_start).count();
  if (!written) {
    log::error("{}", written.error().what());
    return kExitFailure;
  }
  // The limiter's ceiling bounds every sample; the peak the engine metered over the run says how close
  // the take came to it.
  const float peak = driver.summary().master_peak;
  const engine::Telemetry& t = e.last_telemetry();
  std::printf(
      "%s%s: %.2f s at %.0f Hz, %zu-frame blocks, peak %.2f dBFS, rendered in %.2f s (%.1fx realtime), "
      "%llu commands applied, %llu dropped\n",
      written->front().path.c_str(),
      written->size() > 1 ? fmt::format(" (+{} parts)", written->size() - 1).c_str() : "", options.seconds,
      e.sample_rate(), options.block, dsp::lin_to_db(peak), render_seconds,
      render_seconds > 0 ? options.seconds / render_seconds : 0.0,
      static_cast<unsigned long long>(t.commands_applied),
      static_cast<unsigned long long>(t.commands_dropped));
  return kExitOk;
}

}  // namespace

void register_render_events_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<RenderEventsOptions>();
  auto* cmd = root.add_subcommand("render-events", "Render a scene offline under a scripted events file");
  cmd->footer(
      R"(Plays the scene's layers through the live engine, offline, with the commands of an events file
(JSON lines, docs/events.md) applied at their frames, and writes the result. The output does not
depend on --block: the same scene, events and seed give the same samples at any block size.

Examples:
  afterglow render-events --scene scenes/default.yaml --events moves.jsonl --seconds 30 --out export/take.wav
  afterglow render-events --seconds 10 --block 64 --seed 7 --out export/plain.wav)");
  cmd->add_option("--scene", options->scene, "Scene file (default scenes/default.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--events", options->events, "Events file (JSON lines)")->check(CLI::ExistingFile);
  cmd->add_option("--seconds", options->seconds, "Length to render")->check(CLI::Range(0.001, 24.0 * 3600.0));
  cmd->add_option("--block", options->block, "Frames per engine block")->check(CLI::Range(1, 8192));
  cmd->add_option("--out", options->out, "WAV file to write")->required();
  cmd->add_option("--seed", options->seed, "Seed for every generator (default: the scene's)");
  cmd->add_option("--bit-depth", options->bit_depth, "16 (dithered) or 24")->check(CLI::IsMember({16, 24}));
  cmd->add_option("--jobs", options->jobs, "Analysis threads")->check(CLI::Range(1, 16));
  cmd->add_option("--max-file-seconds", options->max_file_seconds,
                  "Longer renders are written as numbered parts of this length")
      ->check(CLI::Range(1.0, 24.0 * 3600.0));
  cmd->callback([options, &exit_code] { exit_code = run_render_events(*options); });
}

}  // namespace afterglow::app
