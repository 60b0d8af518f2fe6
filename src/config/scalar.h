#pragma once
// YAML 1.1 scalar resolution as PyYAML's safe loader does it, so a config.yaml means the same thing
// here as in afterglow-engine: `yes`/`on` are bools, quoted text is always a string, `~` is null.
// Internal to the config layer.

#include <yaml-cpp/yaml.h>

#include <string>

namespace afterglow::config::detail {

enum class ScalarKind { kNull, kBool, kInt, kFloat, kString, kList, kMap };

struct Scalar {
  ScalarKind kind = ScalarKind::kNull;
  bool boolean = false;
  long long integer = 0;
  double number = 0.0;  // set for kInt and kFloat
  std::string text;     // as written

  bool is_number() const { return kind == ScalarKind::kInt || kind == ScalarKind::kFloat; }
};

Scalar resolve_scalar(const YAML::Node& node);

// How a value reads in a message: `441`, `"abc"`, `a list`, `a mapping`, `nothing (null)`.
std::string describe(const YAML::Node& node);

}  // namespace afterglow::config::detail
