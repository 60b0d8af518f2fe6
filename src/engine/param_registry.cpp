#include "afterglow/engine/param_registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace afterglow::engine {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

ParamSpec from_decl(const ParamDecl& d) {
  ParamSpec s;
  s.min = d.min;
  s.max = d.max;
  s.default_value = d.default_value;
  s.kind = d.kind;
  s.curve = d.curve;
  s.unit = std::string(d.unit);
  s.smoothing_ms = d.smoothing_ms;
  s.description = std::string(d.description);
  s.generator_id = d.generator_id;
  return s;
}

ParamSpec mixer(std::string_view name, ParamTarget target, float min, float max, float def, ParamKind kind,
                std::string_view unit, double smoothing_ms, std::string_view description) {
  ParamSpec s;
  s.id = std::string(name);
  s.target = target;
  s.min = min;
  s.max = max;
  s.default_value = def;
  s.kind = kind;
  s.unit = std::string(unit);
  s.smoothing_ms = smoothing_ms;
  s.description = std::string(description);
  return s;
}

}  // namespace

std::string param_address(std::string_view layer, std::string_view name) {
  return fmt::format("{}/{}/{}", kAddressRoot, layer, name);
}

void ParamRegistry::add(ParamSpec spec) {
  spec.index = static_cast<std::uint32_t>(params_.size());
  spec.morphs = spec.kind == ParamKind::kContinuous;
  by_address_.emplace(spec.address, spec.index);
  params_.push_back(std::move(spec));
}

Result<ParamRegistry> ParamRegistry::build(std::vector<RegistryLayer> layers) {
  ParamRegistry r;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const RegistryLayer& layer = layers[i];
    if (layer.type == nullptr)
      return Error(ErrorKind::kInvalidValue, fmt::format("layer '{}' has no type", layer.name));
    if (!valid_name(layer.name) || layer.name == kMasterName) {
      return Error(
          ErrorKind::kInvalidValue,
          fmt::format("layer name '{}' cannot be an OSC address part (use a-z, 0-9 and _, not 'master')",
                      layer.name));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (layers[j].name == layer.name) {
        return Error(ErrorKind::kInvalidValue, fmt::format("two layers are named '{}'", layer.name));
      }
    }
  }
  r.layers_ = std::move(layers);
  for (std::uint32_t li = 0; li < r.layers_.size(); ++li) {
    const RegistryLayer& layer = r.layers_[li];
    r.layer_level_.push_back(static_cast<std::uint32_t>(r.params_.size()));
    ParamSpec mixer_params[] = {
        mixer("level", ParamTarget::kLayerLevel, 0.0f, kMaxLayerLevel, 1.0f, ParamKind::kContinuous, "gain",
              kLevelSmoothingMs, "layer fader, linear gain (1 = unity)"),
        mixer("pan", ParamTarget::kLayerPan, -1.0f, 1.0f, 0.0f, ParamKind::kContinuous, "", kLevelSmoothingMs,
              "−1 left … 1 right, equal power"),
        mixer("mute", ParamTarget::kLayerMute, 0.0f, 1.0f, 0.0f, ParamKind::kBool, "", kMuteSmoothingMs,
              "1 silences the layer (with a short fade)"),
    };
    for (ParamSpec& s : mixer_params) {
      s.address = param_address(layer.name, s.id);
      s.id = fmt::format("{}.{}", layer.name, s.id);
      s.layer = layer.name;
      s.layer_index = li;
      r.add(std::move(s));
    }
    for (const ParamDecl& d : layer.type->params) {
      ParamSpec s = from_decl(d);
      s.id = fmt::format("{}.{}", layer.name, d.name);
      s.address = param_address(layer.name, d.name);
      s.layer = layer.name;
      s.layer_index = li;
      s.target = ParamTarget::kGenerator;
      r.add(std::move(s));
    }
  }
  r.master_level_ = static_cast<std::uint32_t>(r.params_.size());
  ParamSpec master_params[] = {
      mixer("level", ParamTarget::kMasterLevel, 0.0f, kMaxLayerLevel, 1.0f, ParamKind::kContinuous, "gain",
            kLevelSmoothingMs, "master fader before the limiter, linear gain"),
      mixer("ceiling", ParamTarget::kLimiterCeiling, kMinCeilingDb, 0.0f, -0.3f, ParamKind::kContinuous,
            "dBFS", 0.0, "limiter ceiling: no output sample exceeds it"),
  };
  for (ParamSpec& s : master_params) {
    s.address = param_address(kMasterName, s.id);
    s.id = fmt::format("{}.{}", kMasterName, s.id);
    s.layer = std::string(kMasterName);
    r.add(std::move(s));
  }
  return r;
}

ParamRegistry ParamRegistry::default_layers() {
  std::vector<RegistryLayer> layers;
  for (const LayerType* t : layer_types()) layers.push_back({fmt::format("{}1", t->name), t});
  return std::move(build(std::move(layers))).value_or_throw();
}

Result<ParamRegistry> ParamRegistry::for_scene(const config::Scene& scene,
                                               std::vector<std::string>* skipped) {
  std::vector<RegistryLayer> layers;
  for (const config::LayerSpec& spec : scene.layers) {
    const LayerType* type = find_layer_type(spec.type);
    if (type == nullptr) {
      if (skipped != nullptr) skipped->push_back(spec.name);
      continue;
    }
    layers.push_back({spec.name, type});
  }
  return build(std::move(layers));
}

const ParamSpec* ParamRegistry::find(std::string_view address) const {
  const auto it = by_address_.find(std::string(address));
  return it == by_address_.end() ? nullptr : &params_[it->second];
}

std::optional<std::uint32_t> ParamRegistry::find_layer(std::string_view name) const {
  for (std::uint32_t i = 0; i < layers_.size(); ++i) {
    if (layers_[i].name == name) return i;
  }
  return std::nullopt;
}

std::uint32_t ParamRegistry::control(std::uint32_t layer, ParamTarget target) const {
  const std::uint32_t base = layer_level_[layer];
  switch (target) {
    case ParamTarget::kLayerPan:
      return base + 1;
    case ParamTarget::kLayerMute:
      return base + 2;
    default:
      return base;
  }
}

std::uint32_t ParamRegistry::master(ParamTarget target) const {
  return target == ParamTarget::kLimiterCeiling ? master_level_ + 1 : master_level_;
}

Result<std::vector<InitialValue>> ParamRegistry::initial_values(const config::Scene& scene) const {
  std::vector<InitialValue> values;
  std::vector<std::string> problems;
  for (const config::LayerSpec& spec : scene.layers) {
    const auto layer = find_layer(spec.name);
    if (!layer) continue;  // a layer type not implemented yet: reported by for_scene()
    values.push_back({control(*layer, ParamTarget::kLayerLevel), static_cast<float>(spec.level)});
    values.push_back({control(*layer, ParamTarget::kLayerPan), static_cast<float>(spec.pan)});
    values.push_back({control(*layer, ParamTarget::kLayerMute), spec.mute ? 1.0f : 0.0f});
    for (const config::Field& field : spec.params) {
      const std::string where = fmt::format("{}:{}:{}", scene.file, field.where.line, field.where.column);
      const ParamSpec* p = find(param_address(spec.name, field.key));
      if (p == nullptr || p->target != ParamTarget::kGenerator) {
        problems.push_back(fmt::format("{}: layer '{}' has no parameter '{}' (see `afterglow params`)", where,
                                       spec.name, field.key));
        continue;
      }
      double v = 0.0;
      if (const double* d = std::get_if<double>(&field.value)) {
        v = *d;
      } else if (const bool* b = std::get_if<bool>(&field.value)) {
        v = *b ? 1.0 : 0.0;
      } else {
        problems.push_back(
            fmt::format("{}: {} wants a number, not '{}'", where, p->id, config::to_string(field.value)));
        continue;
      }
      if (!std::isfinite(v) || v < p->min || v > p->max) {
        problems.push_back(fmt::format("{}: {} = {} is outside {} … {}{}", where, p->id, v, p->min, p->max,
                                       p->unit.empty() ? "" : " " + p->unit));
        continue;
      }
      float value = static_cast<float>(v);
      p->clamp(value);
      values.push_back({p->index, value});
    }
  }
  if (!problems.empty()) {
    std::string message = fmt::format("{} invalid layer parameter{} in {}", problems.size(),
                                      problems.size() == 1 ? "" : "s", scene.file);
    for (const std::string& p : problems) message += "\n  " + p;
    return Error(ErrorKind::kInvalidConfig, message).with("file", scene.file);
  }
  return values;
}

}  // namespace afterglow::engine
