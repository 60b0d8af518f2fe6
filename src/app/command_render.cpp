// `afterglow render`: renders the full texture set of a scene (pads, drones, clouds, hiss; drum slices
// and room tone on request) with the same generators the live engine plays, into the afterglow layout
// (the original's tree and manifest.csv) and/or an importable Roland TR-8S sample set.
// docs/render.md describes it; render_pipeline.h does the work.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/app/render_pipeline.h"
#include "afterglow/app/scene_file.h"
#include "afterglow/core/log.h"
#include "afterglow/engine/scene_sources.h"
#include "afterglow/render/tr8s_kit.h"

namespace afterglow::app {
namespace {

struct RenderCliOptions {
  std::string scene;
  std::string config;
  std::string out;
  std::string layout = "both";
  std::string phases = "pads,drones,clouds,hiss";
  bool dry_run = false;
  bool strict = false;
  std::optional<std::uint64_t> seed;
  std::size_t jobs = 0;
  std::string kit;
  std::optional<int> bit_depth;
  std::optional<int> rate;
};

int run_render(const RenderCliOptions& options) {
  const auto layouts = parse_layout(options.layout);
  if (!layouts) {
    log::error("--layout must be tr8s, afterglow or both (got '{}')", options.layout);
    return kExitUsage;
  }
  auto phases = render::PhaseSet::parse(options.phases);
  if (!phases) {
    log::error("{}", phases.error().what());
    return kExitUsage;
  }

  // The scene, or the embedded demo material with the roles scenes/default.yaml gives it.
  RenderRequest request;
  const std::string scene_file = !options.scene.empty() ? options.scene : options.config;
  if (!scene_file.empty()) {
    std::optional<config::Scene> loaded = load_scene_reporting(scene_file);
    if (!loaded) return kExitUsage;
    request.scene = std::move(*loaded);
    request.entries = engine::scene_entries(request.scene);
  } else {
    request.entries = engine::default_demo_entries();
  }
  request.phases = *phases;
  request.out = resolve_out_dir(options.out, request.scene);
  request.layouts = *layouts;
  request.dry_run = options.dry_run;
  request.strict = options.strict;
  request.seed = options.seed;
  request.jobs = options.jobs;

  // The kit's format.
  request.kit_options =
      render::Tr8sExportOptions::from_config(request.scene.tr8s, request.scene.curation.thresholds);
  if (!options.kit.empty()) request.kit_options.kit_name = options.kit;
  if (options.bit_depth) request.kit_options.bit_depth = *options.bit_depth;
  if (options.rate) request.kit_options.sample_rate = *options.rate;
  return run_render_request(request);
}

}  // namespace

void register_render_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<RenderCliOptions>();
  auto* cmd =
      root.add_subcommand("render", "Render the texture set (pads, drones, clouds, hiss) and a TR-8S kit");
  cmd->footer(R"(Without --scene or --config, renders the embedded demo material (as scenes/default.yaml).
Writes <out>/<source>/{pads,swells,clouds,hiss}/ (and drums/, silences/ with --phases drums,roomtone)
and <out>/manifest.csv (afterglow layout) and
<out>/ROLAND/TR-8S/SAMPLE/<KIT>/ (tr8s layout). --bit-depth and --rate set the kit's format; the
afterglow layout uses global.sample_rate and global.output_bit_depth.
Exit 0 when everything rendered, 3 when some sources failed (the rest is written), 1 on a write
failure or with --strict at the first failure (nothing written), 2 on a usage or scene error.

Examples:
  afterglow render --scene scenes/default.yaml --out ./export
  afterglow render --config config.yaml --layout afterglow --phases drones,clouds --dry-run)");
  auto* scene_opt = cmd->add_option("--scene", options->scene, "Scene file")->check(CLI::ExistingFile);
  cmd->add_option("--config", options->config, "afterglow-engine config.yaml (read as a scene)")
      ->check(CLI::ExistingFile)
      ->excludes(scene_opt);
  cmd->add_option("--out", options->out, "Export folder (default: the scene's, else ./export)");
  cmd->add_option("--layout", options->layout, "tr8s, afterglow or both (default both)");
  cmd->add_option("--phases", options->phases,
                  "Comma-separated subset of pads,drones,clouds,hiss,drums,roomtone, or all "
                  "(default pads,drones,clouds,hiss)");
  cmd->add_flag("--dry-run", options->dry_run, "Print the exact plan and write nothing");
  cmd->add_flag("--strict", options->strict, "Stop at the first failure (exit 1, nothing written)");
  cmd->add_option("--seed", options->seed, "Global seed (default: the scene's, else a fixed one)");
  cmd->add_option("--jobs", options->jobs, "Worker threads (default: the number of cores, at most 8)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--kit", options->kit, "TR-8S kit name (default: the scene's tr8s.kit_name)");
  cmd->add_option("--bit-depth", options->bit_depth, "TR-8S bit depth: 16 or 24")
      ->check(CLI::IsMember({16, 24}));
  cmd->add_option("--rate", options->rate, "TR-8S sample rate: 44100 or 48000")
      ->check(CLI::IsMember({44100, 48000}));
  cmd->callback([options, &exit_code] { exit_code = run_render(*options); });
}

}  // namespace afterglow::app
