#pragma once
// The registry as text: the Markdown page docs/osc.md is generated from, and a JSON listing for tools
// (the TouchOSC generator, controller scripts). Both list every parameter in registry order.

#include <string>

#include "afterglow/engine/param_registry.h"

namespace afterglow::engine {

std::string registry_markdown(const ParamRegistry& registry);
std::string registry_json(const ParamRegistry& registry);

}  // namespace afterglow::engine
