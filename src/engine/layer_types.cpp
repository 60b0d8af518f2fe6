#include <array>

#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/drone_layer.h"
#include "afterglow/engine/hiss_layer.h"
#include "afterglow/engine/layer.h"

namespace afterglow::engine {

std::span<const LayerType* const> layer_types() {
  // One line per implemented layer type.
  static const std::array<const LayerType*, 3> types = {
      &drone_layer_type(),
      &cloud_layer_type(),
      &hiss_layer_type(),
  };
  return types;
}

const LayerType* find_layer_type(config::LayerType type) {
  for (const LayerType* t : layer_types()) {
    if (t->type == type) return t;
  }
  return nullptr;
}

}  // namespace afterglow::engine
