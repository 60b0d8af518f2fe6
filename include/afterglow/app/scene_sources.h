#pragma once
// How the app turns a scene into corpus input: its sources as analysis entries and its analysis
// sections as corpus parameters. Shared by every command that analyses a scene (analyze, render).
#include <vector>

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/config/scene.h"

namespace afterglow::app {

analysis::SourceRole map_role(config::SourceRole role);
io::DemoKind map_demo(config::DemoMaterial demo);
analysis::SourceEntry demo_entry(io::DemoKind kind, analysis::SourceRole role);

// The scene's analysis settings, each section with its own keys (docs/analysis.md).
void apply_scene(const config::Scene& scene, analysis::CorpusParams& params);

// The scene's `sources` as entries, paths resolved against the scene's folder.
std::vector<analysis::SourceEntry> scene_entries(const config::Scene& scene);

}  // namespace afterglow::app
