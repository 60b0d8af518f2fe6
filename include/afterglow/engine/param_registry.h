#pragma once
// The one table of playable parameters (design §5). Built per engine from its layers: each layer
// contributes its mixer controls (level, pan, mute) and its generator's parameters as its layer type
// declares them (ranges from the generator's own table), and the master bus adds its level and the
// limiter ceiling. From this table come the OSC address space, MIDI targets, scene validation,
// `afterglow params` and docs/osc.md. Built off the audio thread; read-only afterwards, so any thread
// may read it while the engine runs.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "afterglow/config/scene.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/layer.h"
#include "afterglow/engine/param_spec.h"

namespace afterglow::engine {

inline constexpr std::string_view kAddressRoot = "/afterglow";
inline constexpr std::string_view kMasterName = "master";

struct RegistryLayer {
  std::string name;  // unique, [a-z0-9_]
  const LayerType* type = nullptr;
};

// A value a scene sets before the first block (layer level/pan/mute, `params:`).
struct InitialValue {
  std::uint32_t param = 0;
  float value = 0.0f;
};

class ParamRegistry {
 public:
  // The mixer's own ranges.
  static constexpr float kMaxLayerLevel = 2.0f;
  static constexpr float kMinCeilingDb = -12.0f;
  static constexpr double kLevelSmoothingMs = 20.0;
  static constexpr double kMuteSmoothingMs = 5.0;

  ParamRegistry() = default;

  // kInvalidValue for a duplicate or malformed layer name, or a layer without a type.
  static Result<ParamRegistry> build(std::vector<RegistryLayer> layers);
  // One layer of each implemented type, named <type>1: the address space docs/osc.md documents.
  static ParamRegistry default_layers();
  // The scene's layers whose type is implemented; the names of the others go to `skipped`.
  static Result<ParamRegistry> for_scene(const config::Scene& scene,
                                         std::vector<std::string>* skipped = nullptr);

  std::span<const ParamSpec> params() const { return params_; }
  std::size_t size() const { return params_.size(); }
  const ParamSpec& operator[](std::uint32_t index) const { return params_[index]; }
  std::span<const RegistryLayer> layers() const { return layers_; }

  const ParamSpec* find(std::string_view address) const;
  std::optional<std::uint32_t> find_layer(std::string_view name) const;
  // The index of layer `layer`'s mixer or master control (`target` not kGenerator).
  std::uint32_t control(std::uint32_t layer, ParamTarget target) const;
  std::uint32_t master(ParamTarget target) const;

  // The scene's layer values (level, pan, mute, params:) checked against the table: unknown names,
  // wrong types and out-of-range values are each a message with file:line:col; all are collected.
  Result<std::vector<InitialValue>> initial_values(const config::Scene& scene) const;

 private:
  void add(ParamSpec spec);

  std::vector<RegistryLayer> layers_;
  std::vector<ParamSpec> params_;
  std::unordered_map<std::string, std::uint32_t> by_address_;
  std::vector<std::uint32_t> layer_level_;  // per layer: its level entry (pan and mute follow)
  std::uint32_t master_level_ = 0;
};

// "/afterglow/<layer>/<name>".
std::string param_address(std::string_view layer, std::string_view name);

}  // namespace afterglow::engine
