#pragma once
// The body every rendering command shares (render, slice-drums, room-tone): analyse the sources at the
// render rate, run the chosen phases, curate, plan or export the TR-8S kit, write the afterglow layout
// and manifest.csv, print the plan, and turn what happened into the CLI's exit code. Each command only
// decides the scene, the sources, the phases and where to write.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "afterglow/analysis/corpus.h"
#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/config/scene.h"
#include "afterglow/render/render_plan.h"
#include "afterglow/render/tr8s_kit.h"

namespace afterglow::app {

struct Layouts {
  bool afterglow = true;
  bool tr8s = true;
};

// "both", "afterglow" or "tr8s"; nullopt for anything else.
std::optional<Layouts> parse_layout(const std::string& text);

// The export folder, absolute and normalised: `out` when given, else the scene's export folder, else
// ./export.
std::filesystem::path resolve_out_dir(const std::string& out, const config::Scene& scene);

// Worker threads: `requested`, or with 0 the number of cores, at most 8.
std::size_t worker_count(std::size_t requested);

// Analysis parameters for rendering: the scene's, at the render rate (every phase then works on the
// rate its files are written at). Logs and returns nullopt for parameters the analysis refuses.
std::optional<analysis::CorpusParams> render_corpus_params(const config::Scene& scene);

struct RenderRequest {
  config::Scene scene;
  std::vector<analysis::SourceEntry> entries;
  render::PhaseSet phases;
  std::filesystem::path out;  // resolve_out_dir
  Layouts layouts;
  bool dry_run = false;
  bool strict = false;
  std::optional<std::uint64_t> seed;  // else the scene's, else render::kDefaultRenderSeed
  std::size_t jobs = 0;               // 0: the number of cores, at most 8
  render::Tr8sExportOptions kit_options;
  std::string title = "Render plan";  // opens the printed plan
};

// Runs the request. Exit codes: kExitOk; kExitPartial when some sources failed (the rest is written);
// kExitFailure on a write failure, an export folder outside the export root, or with `strict` at the
// first failure (nothing written); kExitUsage for an unusable rate or kit format.
int run_render_request(const RenderRequest& request);

}  // namespace afterglow::app
