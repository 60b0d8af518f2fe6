#pragma once
// What the engine needs from a layer, whatever generator it wraps, and how a layer type declares
// itself: its parameters (derived from the generator's own table), how to make an instance, and how
// to build its material from the analysed corpus on a worker. Adding a layer type is one file that
// defines a LayerType and one line in layer_types.cpp.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "afterglow/analysis/corpus.h"
#include "afterglow/config/live_sections.h"
#include "afterglow/core/audio_block.h"
#include "afterglow/engine/param_spec.h"
#include "afterglow/gen/event.h"
#include "afterglow/gen/owned_material.h"

namespace afterglow::engine {

// Material one layer plays, built off the audio thread; the layer reads it through plain pointers.
class LayerMaterial {
 public:
  virtual ~LayerMaterial() = default;
};

// What a layer type's material builder gets (worker thread; may allocate).
struct MaterialContext {
  const analysis::Corpus* corpus = nullptr;  // nullptr for material given as plain audio (tests)
  // Per source (parallel to corpus->sources()): its audio with band-limited octave levels.
  std::span<const gen::OwnedMaterial> sources;
  // Source indices bound to this layer (by role, tag or id), ascending.
  std::span<const std::uint32_t> bound;
  std::uint64_t seed = 0;
  // false: only what is quick to build (first sound at start-up); a full bank follows and replaces it.
  bool complete = true;
};

// Realtime contract: prepare() allocates; everything else is realtime safe (noexcept, no allocation,
// no locks, no I/O).
class Layer {
 public:
  virtual ~Layer() = default;
  virtual void prepare(double sample_rate, std::size_t max_block) = 0;
  virtual void reset(std::uint64_t seed) noexcept = 0;
  // `id` is the generator's parameter id; the value is already clamped by the registry.
  virtual void set_param(std::uint16_t id, float value) noexcept = 0;
  // nullptr: no material. The previous material stays valid until the engine's retirement hold ends.
  virtual void set_material(const LayerMaterial* material) noexcept = 0;
  // Writes (not adds) the block; events sorted by frame.
  virtual void process(StereoBlock out, gen::EventSpan events) noexcept = 0;
  virtual std::size_t active_voices() const noexcept = 0;
};

struct LayerType {
  config::LayerType type;
  std::string_view name;              // "cloud": the scene's `type`
  std::span<const ParamDecl> params;  // every generator parameter the registry exposes
  // Generator parameters deliberately not exposed, each superseded by a mixer control (the
  // generator's own output level is the mixer's fader).
  std::span<const std::uint16_t> superseded;
  std::unique_ptr<Layer> (*make)();
  // nullptr when nothing is bound or nothing usable came of it (the layer stays silent).
  std::unique_ptr<LayerMaterial> (*build_material)(const MaterialContext& context);
};

// Every implemented layer type.
std::span<const LayerType* const> layer_types();
// nullptr when that type is not implemented yet.
const LayerType* find_layer_type(config::LayerType type);

}  // namespace afterglow::engine
