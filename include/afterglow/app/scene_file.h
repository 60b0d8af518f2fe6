#pragma once
// What every command does with a scene file it is given: load it, show each warning with its line,
// and on failure log the error. nullopt means "exit with kExitUsage".

#include <filesystem>
#include <optional>

#include "afterglow/config/scene.h"

namespace afterglow::app {

std::optional<config::Scene> load_scene_reporting(const std::filesystem::path& path);

}  // namespace afterglow::app
