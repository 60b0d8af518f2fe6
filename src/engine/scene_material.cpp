#include "afterglow/engine/scene_material.h"

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/engine/scene_sources.h"

namespace afterglow::engine {

Result<std::shared_ptr<const analysis::Corpus>> build_scene_corpus(
    const config::Scene& scene, const Engine& engine, std::size_t threads,
    std::shared_ptr<const analysis::AnalysisCache> cache, std::vector<std::filesystem::path> excluded,
    std::vector<analysis::SourceEntry> entries) {
  analysis::CorpusParams params;
  apply_scene(scene, params);
  params.features.sample_rate = engine.sample_rate();
  analysis::CorpusBuilder builder(params, threads);
  if (cache) builder.set_cache(std::move(cache));
  builder.set_excluded(std::move(excluded));
  if (entries.empty()) entries = scene_entries(scene);
  return builder.build(entries);
}

Result<std::unique_ptr<MaterialBank>> build_scene_material(
    const config::Scene& scene, const Engine& engine, std::size_t threads,
    std::shared_ptr<const analysis::AnalysisCache> cache, bool complete) {
  auto corpus = build_scene_corpus(scene, engine, threads, std::move(cache));
  if (!corpus) return corpus.error();
  return build_bank(std::move(*corpus), scene, engine, complete);
}

Result<std::unique_ptr<MaterialBank>> build_bank(std::shared_ptr<const analysis::Corpus> corpus,
                                                 const config::Scene& scene, const Engine& engine,
                                                 bool complete) {
  return build_bank(std::move(corpus), scene, engine, complete ? MaterialStage::kComplete : MaterialStage::kQuick);
}

Result<std::unique_ptr<MaterialBank>> build_bank(std::shared_ptr<const analysis::Corpus> corpus,
                                                 const config::Scene& scene, const Engine& engine,
                                                 MaterialStage stage) {
  MaterialBankOptions options;
  options.seed = static_cast<std::uint64_t>(scene.seed().value_or(1));
  options.complete = stage == MaterialStage::kComplete;
  options.stage = stage;
  return MaterialBank::build(std::move(corpus), engine.layer_bindings(), engine.sample_rate(), options);
}

}  // namespace afterglow::engine
