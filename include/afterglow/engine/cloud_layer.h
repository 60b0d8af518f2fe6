#pragma once
// The granular cloud as an engine layer (gen::Cloud), with a grain picker over the corpus's
// descriptor index restricted to the layer's own sources.

#include "afterglow/engine/layer.h"

namespace afterglow::engine {

const LayerType& cloud_layer_type();

}  // namespace afterglow::engine
