#pragma once
// The hiss as an engine layer (gen::Hiss): synthesised noise, or seamless loops cut from the layer's
// drum sources.

#include "afterglow/engine/layer.h"

namespace afterglow::engine {

const LayerType& hiss_layer_type();

}  // namespace afterglow::engine
