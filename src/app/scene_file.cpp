#include "afterglow/app/scene_file.h"

#include "afterglow/config/scene_loader.h"
#include "afterglow/core/log.h"

namespace afterglow::app {

std::optional<config::Scene> load_scene_reporting(const std::filesystem::path& path) {
  config::SceneLoad load = config::load_scene_file(path);
  for (const config::Diagnostic& d : load.diagnostics.items()) log::warn("{}", d.format_with_source());
  if (!load.ok()) {
    log::error("{}", load.to_error().what());
    return std::nullopt;
  }
  return std::move(*load.scene);
}

}  // namespace afterglow::app
