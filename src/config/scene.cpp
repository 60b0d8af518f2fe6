#include "afterglow/config/scene.h"

namespace afterglow::config {

std::filesystem::path Scene::resolve(const std::filesystem::path& path) const {
  if (path.is_absolute()) return path.lexically_normal();
  return (base_dir / path).lexically_normal();
}

std::optional<std::filesystem::path> Scene::export_dir() const {
  if (export_.dir) return resolve(*export_.dir);
  if (paths.export_dir) return resolve(*paths.export_dir);
  return std::nullopt;
}

std::optional<long long> Scene::seed() const {
  if (engine.seed) return engine.seed;
  return reproducibility.random_seed;
}

const LayerSpec* Scene::find_layer(const std::string& name) const {
  for (const auto& layer : layers) {
    if (layer.name == name) return &layer;
  }
  return nullptr;
}

}  // namespace afterglow::config
