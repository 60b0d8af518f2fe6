#pragma once
// Helpers for the config tests: load YAML text and look diagnostics up by key path.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "afterglow/config/scene_loader.h"

namespace afterglow::config::testing {

inline SceneLoad load(const std::string& yaml, const std::filesystem::path& base = "/scenes") {
  return load_scene_string(yaml, "scene.yaml", base);
}

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(AFTERGLOW_SOURCE_DIR) / relative;
}

inline std::vector<Diagnostic> find(const SceneLoad& l, Severity severity, const std::string& key) {
  std::vector<Diagnostic> out;
  for (const auto& d : l.diagnostics.items()) {
    if (d.severity == severity && d.key_path == key) out.push_back(d);
  }
  return out;
}

// True when a diagnostic of `severity` at `key` contains `text` in its message.
inline bool has(const SceneLoad& l, Severity severity, const std::string& key, const std::string& text = {}) {
  auto found = find(l, severity, key);
  return std::any_of(found.begin(), found.end(),
                     [&](const Diagnostic& d) { return d.message.find(text) != std::string::npos; });
}

inline bool has_error(const SceneLoad& l, const std::string& key, const std::string& text = {}) {
  return has(l, Severity::kError, key, text);
}

inline bool has_warning(const SceneLoad& l, const std::string& key, const std::string& text = {}) {
  return has(l, Severity::kWarning, key, text);
}

inline std::string dump(const SceneLoad& l) {
  return l.diagnostics.format_all();
}

}  // namespace afterglow::config::testing
