#include "afterglow/app/source_command.h"

#include "afterglow/app/cli.h"
#include "afterglow/app/scene_file.h"
#include "afterglow/core/log.h"

namespace afterglow::app {

void add_source_command_options(CLI::App& cmd, SourceCommandOptions& options) {
  cmd.add_option("--source", options.sources, "Audio file or folder (repeat for more)")
      ->required()
      ->check(CLI::ExistingPath);
  auto* scene_opt =
      cmd.add_option("--scene", options.scene, "Scene file (settings; its sources are not read)")
          ->check(CLI::ExistingFile);
  cmd.add_option("--config", options.config, "afterglow-engine config.yaml (read as a scene)")
      ->check(CLI::ExistingFile)
      ->excludes(scene_opt);
  cmd.add_option("--out,--export", options.out, "Export folder (default: the scene's, else ./export)");
  cmd.add_option("--layout", options.layout, "afterglow (default), tr8s or both");
  cmd.add_flag("--dry-run", options.dry_run, "Print the exact plan and write nothing");
  cmd.add_option("--jobs", options.jobs, "Worker threads (default: the number of cores, at most 8)")
      ->check(CLI::Range(1, 64));
}

int run_source_command(const SourceCommandOptions& options, render::Phase phase, analysis::SourceRole role,
                       const std::string& title, const std::function<bool(config::Scene&)>& adjust) {
  const auto layouts = parse_layout(options.layout);
  if (!layouts) {
    log::error("--layout must be tr8s, afterglow or both (got '{}')", options.layout);
    return kExitUsage;
  }
  RenderRequest request;
  const std::string scene_file = !options.scene.empty() ? options.scene : options.config;
  if (!scene_file.empty()) {
    std::optional<config::Scene> loaded = load_scene_reporting(scene_file);
    if (!loaded) return kExitUsage;
    request.scene = std::move(*loaded);
  }
  if (adjust && !adjust(request.scene)) return kExitUsage;
  for (const std::string& s : options.sources) {
    analysis::SourceEntry entry;
    entry.path = std::filesystem::absolute(s).lexically_normal();
    entry.role = role;
    entry.recursive = false;  // a folder's own files, as the original tools listed them
    request.entries.push_back(std::move(entry));
  }
  request.phases = render::PhaseSet::only(phase);
  request.out = resolve_out_dir(options.out, request.scene);
  request.layouts = *layouts;
  request.dry_run = options.dry_run;
  request.jobs = options.jobs;
  request.title = title;
  request.kit_options =
      render::Tr8sExportOptions::from_config(request.scene.tr8s, request.scene.curation.thresholds);
  return run_render_request(request);
}

}  // namespace afterglow::app
