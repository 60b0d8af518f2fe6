#include "afterglow/engine/scene_material.h"

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/engine/scene_sources.h"

namespace afterglow::engine {

Result<std::unique_ptr<MaterialBank>> build_scene_material(
    const config::Scene& scene, const Engine& engine, std::size_t threads,
    std::shared_ptr<const analysis::AnalysisCache> cache, bool complete) {
  analysis::CorpusParams params;
  apply_scene(scene, params);
  params.features.sample_rate = engine.sample_rate();
  analysis::CorpusBuilder builder(params, threads);
  if (cache) builder.set_cache(std::move(cache));
  const std::vector<analysis::SourceEntry> entries = scene_entries(scene);
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
