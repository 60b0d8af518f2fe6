// `afterglow touchosc --out FILE.tosc [--scene S] [--feedback-port P]`: a TouchOSC layout generated
// from the parameter registry (docs/touchosc/README.md).

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/app/scene_file.h"
#include "afterglow/config/scene_loader.h"
#include "afterglow/control/touchosc_layout.h"
#include "afterglow/core/log.h"
#include "afterglow/engine/param_registry.h"
#include "afterglow/io/atomic_file.h"
#include "afterglow/io/disk_space.h"
#include "afterglow/io/export_root.h"

namespace afterglow::app {
namespace {

namespace fs = std::filesystem;

struct TouchOscCommandOptions {
  std::string out;
  std::string scene;
  int feedback_port = control::kTouchOscDefaultFeedbackPort;
  double morph_max = 60.0;
};

Status write_all(int fd, const std::vector<std::uint8_t>& bytes, const fs::path& target) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io::error_from_errno(errno, target, "writing the TouchOSC layout");
    }
    done += static_cast<std::size_t>(n);
  }
  return Ok{};
}

int run_touchosc(const TouchOscCommandOptions& options) {
  engine::ParamRegistry registry;
  control::TouchOscOptions layout_options;
  layout_options.feedback_port = options.feedback_port;
  layout_options.morph_max_seconds = options.morph_max;
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
      log::warn("layer '{}': its type is not playable yet; it gets no page", name);
    registry = std::move(*built);
    layout_options.scenes = control::touchosc_scene_names(fs::absolute(options.scene).parent_path());
    if (layout_options.scenes.size() > control::kTouchOscMaxSceneButtons) {
      log::warn("{} scenes in the folder: only the first {} get a recall button",
                layout_options.scenes.size(), control::kTouchOscMaxSceneButtons);
    }
  }

  const control::TouchOscLayout layout(registry, layout_options);
  auto bytes = layout.tosc();
  if (!bytes) {
    log::error("{}", bytes.error().what());
    return kExitFailure;
  }
  const fs::path out(options.out);
  const io::ExportRoot root = io::ExportRoot::from_environment(fs::absolute(out).parent_path());
  auto target = io::prepare_write(out, bytes->size(), root);
  if (!target) {
    log::error("{}", target.error().what());
    return kExitFailure;
  }
  if (auto written =
          io::write_file_atomically(*target, [&](int fd) { return write_all(fd, *bytes, *target); });
      !written) {
    log::error("{}", written.error().what());
    return kExitFailure;
  }
  std::size_t skipped_params = 0;
  for (const engine::ParamSpec& p : registry.params())
    skipped_params += control::touchosc_exclusion(p) ? 1 : 0;
  log::info("TouchOSC layout: {} layers, {} of {} parameters, {} scene buttons, feedback port {} -> {}",
            registry.layers().size(), registry.size() - skipped_params, registry.size(),
            std::min(layout_options.scenes.size(), control::kTouchOscMaxSceneButtons), options.feedback_port,
            target->string());
  return kExitOk;
}

}  // namespace

void register_touchosc_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<TouchOscCommandOptions>();
  auto* cmd = root.add_subcommand("touchosc", "Write a TouchOSC layout (.tosc) for the playable parameters");
  cmd->footer(R"(Without --scene the layout has one page per layer of the default layer set (drone1, cloud1,
hiss1); with --scene, the scene's own layers and a recall button for each scene file in its folder.
Load the file in TouchOSC, send to this machine's port 9000 (osc.port) and receive on the
feedback port. See docs/touchosc/README.md.

Examples:
  afterglow touchosc --out export/afterglow.tosc
  afterglow touchosc --scene scenes/default.yaml --out export/default.tosc --feedback-port 9001)");
  cmd->add_option("--out", options->out, "The .tosc file to write (inside the export root)")->required();
  cmd->add_option("--scene", options->scene, "Scene whose layers and folder to lay out")
      ->check(CLI::ExistingFile);
  cmd->add_option("--feedback-port", options->feedback_port,
                  "UDP port TouchOSC receives on; the layout subscribes with it (default 9001)")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--morph-max", options->morph_max, "Morph fader's top in seconds (default 60)")
      ->check(CLI::Range(0.1, 600.0));
  cmd->callback([options, &exit_code] { exit_code = run_touchosc(*options); });
}

}  // namespace afterglow::app
