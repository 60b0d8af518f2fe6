#pragma once
// Reading a scene file into a Scene. Never throws: every problem — unreadable file, YAML syntax
// error, wrong type, value out of range, unknown key — becomes a Diagnostic, all of them are
// collected, and the scene is handed out only when there is no error. Warnings (legacy keys, keys
// without effect, unknown keys) never block loading, so an existing afterglow config.yaml runs as is.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "afterglow/config/diagnostic.h"
#include "afterglow/config/scene.h"
#include "afterglow/core/error.h"

namespace afterglow::config {

struct SceneLoad {
  std::optional<Scene> scene;  // set when diagnostics has no error
  Diagnostics diagnostics;

  bool ok() const { return scene.has_value(); }
  // An kInvalidConfig error summarising the errors ("3 errors in scene.yaml"), with the first one's
  // file, line and key as context; for callers that propagate a single Error.
  Error to_error() const;
};

// Files larger than this are refused: a scene is a few kilobytes, anything bigger is a wrong path.
inline constexpr std::size_t kMaxSceneFileBytes = 4 * 1024 * 1024;

// Loads `path`; relative paths in it resolve against the file's folder.
SceneLoad load_scene_file(const std::filesystem::path& path);

// Loads YAML text. `display_name` names it in diagnostics; relative paths resolve against `base_dir`.
SceneLoad load_scene_string(std::string_view text, std::string display_name, std::filesystem::path base_dir);

}  // namespace afterglow::config
