#pragma once
// What the archive-tool commands (slice-drums, room-tone) share: one or more --source files or
// folders, settings from a scene or an afterglow config.yaml, an export folder, and one render phase
// run over those sources through the render pipeline (render_pipeline.h) — the same phase, files,
// manifest and exit codes as `afterglow render --phases ...`.

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "afterglow/app/render_pipeline.h"
#include "afterglow/config/scene.h"
#include "afterglow/render/render_plan.h"

namespace afterglow::app {

struct SourceCommandOptions {
  std::vector<std::string> sources;
  std::string scene;
  std::string config;
  std::string out;
  std::string layout = "afterglow";  // the original tools wrote only their own tree
  bool dry_run = false;
  std::size_t jobs = 0;
};

// Adds --source (repeatable, required), --scene/--config, --out (alias --export), --layout, --dry-run
// and --jobs to `cmd`.
void add_source_command_options(CLI::App& cmd, SourceCommandOptions& options);

// Loads the scene (or the defaults), lets `adjust` change it (command-line overrides: return false
// after logging to refuse it), and runs `phase` over the sources, each with `role`. Returns the exit
// code (render_pipeline.h; kExitUsage for a scene error or a refused override).
int run_source_command(const SourceCommandOptions& options, render::Phase phase, analysis::SourceRole role,
                       const std::string& title, const std::function<bool(config::Scene&)>& adjust = {});

}  // namespace afterglow::app
