// `afterglow params [--markdown|--json] [--scene S]`: the parameter registry (design §5), the one table
// the OSC address space, MIDI targets and docs/osc.md come from.

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/app/scene_file.h"
#include "afterglow/config/scene_loader.h"
#include "afterglow/core/log.h"
#include "afterglow/engine/param_docs.h"
#include "afterglow/engine/param_registry.h"

namespace afterglow::app {
namespace {

struct ParamsOptions {
  bool markdown = false;
  bool json = false;
  std::string scene;
};

int run_params(const ParamsOptions& options) {
  engine::ParamRegistry registry;
  if (options.scene.empty()) {
    registry = engine::ParamRegistry::default_layers();
  } else {
    const std::optional<config::Scene> loaded = load_scene_reporting(options.scene);
    if (!loaded) return kExitUsage;
    std::vector<std::string> skipped;
    auto built = engine::ParamRegistry::for_scene(*loaded, &skipped);
    if (!built) {
      log::error("{}", built.error().what());
      return kExitUsage;
    }
    for (const std::string& name : skipped)
      log::warn("layer '{}': its type is not playable yet; not listed", name);
    if (auto values = built->initial_values(*loaded); !values) {
      log::error("{}", values.error().what());
      return kExitUsage;
    }
    registry = std::move(*built);
  }
  if (options.markdown) {
    std::fputs(engine::registry_markdown(registry).c_str(), stdout);
  } else if (options.json) {
    std::fputs(engine::registry_json(registry).c_str(), stdout);
  } else {
    std::string table = fmt::format("{:<36} {:>10} {:>10} {:>10}  {:<8} {:<6} {}\n", "address", "min", "max",
                                    "default", "unit", "curve", "type");
    for (const engine::ParamSpec& p : registry.params()) {
      table += fmt::format("{:<36} {:>10g} {:>10g} {:>10g}  {:<8} {:<6} {}\n", p.address, p.min, p.max,
                           p.default_value, p.unit, engine::to_string(p.curve), engine::to_string(p.kind));
    }
    table += fmt::format("{} parameters\n", registry.size());
    std::fputs(table.c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace

void register_params_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<ParamsOptions>();
  auto* cmd =
      root.add_subcommand("params", "List every playable parameter (OSC address, range, unit, curve)");
  cmd->footer(R"(Without --scene the listing has one layer of each type (drone1, cloud1, hiss1 as they exist);
with --scene, the scene's own layers, and the scene's layer values are checked against it.
docs/osc.md is `afterglow params --markdown`.

Examples:
  afterglow params
  afterglow params --json --scene scenes/default.yaml
  afterglow params --markdown > docs/osc.md)");
  auto* md = cmd->add_flag("--markdown", options->markdown, "Markdown (the docs/osc.md page)");
  cmd->add_flag("--json", options->json, "JSON")->excludes(md);
  cmd->add_option("--scene", options->scene, "Scene whose layers to list")->check(CLI::ExistingFile);
  cmd->callback([options, &exit_code] { exit_code = run_params(*options); });
}

}  // namespace afterglow::app
