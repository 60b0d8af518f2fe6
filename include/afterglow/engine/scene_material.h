#pragma once
// From a scene's `sources` to a MaterialBank for an engine: the worker-side half of start-up (analyse
// with the corpus builder, then build the bank for the engine's layers). Never called on the audio
// thread.

#include <cstddef>
#include <memory>
#include <vector>

#include "afterglow/analysis/analysis_cache.h"
#include "afterglow/analysis/corpus.h"
#include "afterglow/config/scene.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/material_bank.h"

namespace afterglow::engine {

// Analyses the scene's sources (or `entries` instead, when given) at the engine's rate, with the
// scene's analysis settings and `cache` when given, never reading below `excluded`: the corpus the
// banks are built from.
Result<std::shared_ptr<const analysis::Corpus>> build_scene_corpus(
    const config::Scene& scene, const Engine& engine, std::size_t threads = 1,
    std::shared_ptr<const analysis::AnalysisCache> cache = {}, std::vector<std::filesystem::path> excluded = {},
    std::vector<analysis::SourceEntry> entries = {});
// Analyses the scene's sources at the engine's rate (with `cache` when given) and builds the bank for
// the engine's layers. Sources that fail are logged and skipped by the corpus builder.
Result<std::unique_ptr<MaterialBank>> build_scene_material(
    const config::Scene& scene, const Engine& engine, std::size_t threads = 1,
    std::shared_ptr<const analysis::AnalysisCache> cache = {}, bool complete = true);
// A complete bank from an already analysed corpus (the second stage after a quick first bank).
Result<std::unique_ptr<MaterialBank>> build_bank(std::shared_ptr<const analysis::Corpus> corpus,
                                                 const config::Scene& scene, const Engine& engine,
                                                 bool complete);
Result<std::unique_ptr<MaterialBank>> build_bank(std::shared_ptr<const analysis::Corpus> corpus,
                                                 const config::Scene& scene, const Engine& engine,
                                                 MaterialStage stage);

}  // namespace afterglow::engine
