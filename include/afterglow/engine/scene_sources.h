#pragma once
// How a scene becomes corpus input: its sources as analysis entries and its analysis sections as corpus
// parameters. One mapping for everything that analyses a scene: the live engine's material worker and
// the analyze and render commands.
#include <filesystem>
#include <span>
#include <vector>

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/config/scene.h"

namespace afterglow::engine {

analysis::SourceRole map_role(config::SourceRole role);
io::DemoKind map_demo(config::DemoMaterial demo);
analysis::SourceEntry demo_entry(io::DemoKind kind, analysis::SourceRole role);
// The embedded demo material with the roles scenes/default.yaml gives it.
std::vector<analysis::SourceEntry> default_demo_entries();

// The scene's analysis settings, each section with its own keys (docs/analysis.md).
void apply_scene(const config::Scene& scene, analysis::CorpusParams& params);

// The scene's `sources` as entries, paths resolved against the scene's folder.
std::vector<analysis::SourceEntry> scene_entries(const config::Scene& scene);

// The first file of each role among the scene's sources (after folder expansion), as entries: the
// small corpus a first bank is built from so that a large archive sounds within a second or two.
// Empty when that is every source already (nothing would be gained).
std::vector<analysis::SourceEntry> first_source_per_role(const config::Scene& scene,
                                                         std::span<const std::filesystem::path> excluded = {});

}  // namespace afterglow::engine
