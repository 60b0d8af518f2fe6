#pragma once
// The drone as an engine layer (gen::Drone): voices over seamless loops (and stretched renderings) of
// the best pad mined from the layer's sources, played by notes.

#include "afterglow/engine/layer.h"

namespace afterglow::engine {

const LayerType& drone_layer_type();

}  // namespace afterglow::engine
