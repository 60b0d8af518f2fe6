#include "afterglow/engine/scene_material.h"

#include "afterglow/analysis/corpus_builder.h"

namespace afterglow::engine {
namespace {

analysis::SourceRole map_role(config::SourceRole role) {
  switch (role) {
    case config::SourceRole::kSource:
      return analysis::SourceRole::kSource;
    case config::SourceRole::kPads:
      return analysis::SourceRole::kPads;
    case config::SourceRole::kDrums:
      return analysis::SourceRole::kDrums;
    case config::SourceRole::kAny:
      break;
  }
  return analysis::SourceRole::kAny;
}

io::DemoKind map_demo(config::DemoMaterial demo) {
  switch (demo) {
    case config::DemoMaterial::kDrums:
      return io::DemoKind::kDrums;
    case config::DemoMaterial::kAir:
      return io::DemoKind::kAir;
    case config::DemoMaterial::kPad:
      break;
  }
  return io::DemoKind::kPad;
}

}  // namespace

std::vector<analysis::SourceEntry> source_entries(const config::Scene& scene) {
  std::vector<analysis::SourceEntry> entries;
  for (const config::SourceSpec& spec : scene.sources) {
    analysis::SourceEntry e;
    if (spec.demo) {
      e.demo = map_demo(*spec.demo);
    } else {
      e.path = scene.resolve(spec.path);
    }
    e.role = map_role(spec.role);
    e.tags = spec.tags;
    e.recursive = spec.recursive;
    entries.push_back(std::move(e));
  }
  return entries;
}

Result<std::unique_ptr<MaterialBank>> build_scene_material(
    const config::Scene& scene, const Engine& engine, std::size_t threads,
    std::shared_ptr<const analysis::AnalysisCache> cache, bool complete) {
  analysis::CorpusParams params;
  params.features.sample_rate = engine.sample_rate();
  analysis::CorpusBuilder builder(params, threads);
  if (cache) builder.set_cache(std::move(cache));
  const std::vector<analysis::SourceEntry> entries = source_entries(scene);
  auto corpus = builder.build(entries);
  if (!corpus) return corpus.error();
  return build_bank(std::move(*corpus), scene, engine, complete);
}

Result<std::unique_ptr<MaterialBank>> build_bank(std::shared_ptr<const analysis::Corpus> corpus,
                                                 const config::Scene& scene, const Engine& engine,
                                                 bool complete) {
  MaterialBankOptions options;
  options.seed = static_cast<std::uint64_t>(scene.seed().value_or(1));
  options.complete = complete;
  return MaterialBank::build(std::move(corpus), engine.layer_bindings(), engine.sample_rate(), options);
}

}  // namespace afterglow::engine
