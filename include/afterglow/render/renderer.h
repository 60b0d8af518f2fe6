#pragma once
// Runs the render phases over an analysed corpus: every source through the phases that read its role
// (render_plan.h), on worker threads — one task per (source, phase), longest phases first — into one
// slot per source, so the result — and every byte later written from it — is the same for any number of
// threads and any finishing order.
//
// A source that fails (silent, unusable, a phase error) is skipped and listed; the others are kept.
// With `strict`, the first failure (in source order among those seen) ends the render: no output.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "afterglow/analysis/corpus.h"
#include "afterglow/config/scene.h"
#include "afterglow/core/result.h"
#include "afterglow/render/phase_common.h"
#include "afterglow/render/render_plan.h"

namespace afterglow::render {

struct RenderOptions {
  PhaseSet phases;
  std::uint64_t seed = kDefaultRenderSeed;
  std::size_t jobs = 1;
  bool strict = false;
  // Folder and file prefix per source, index-aligned with the corpus; empty: source_labels(corpus).
  // A caller rendering part of a folder passes the labels the whole folder gives.
  std::vector<std::string> labels;
  // Every phase reads every source, whatever its role (afterglow batch: an archive folder has no roles).
  bool every_source_feeds_every_phase = false;
  // Called (serialised) after each source, with its id: progress display.
  std::function<void(const std::string&)> progress;
};

struct RenderFailure {
  std::string source;  // corpus id, or "synthetic"
  std::string message;
};

struct RenderResult {
  // In save order (kAllPhases): pads, drones, clouds, hiss, drums, room tone; within a phase, source
  // order. Phases not run are empty.
  PhaseOutput phases[kPhaseCount];
  std::vector<RenderFailure> failures;
  std::vector<std::string> warnings;
  // Every phase's output in save order, moved out.
  PhaseOutput all() &&;
  std::size_t count(Phase phase) const { return phases[static_cast<int>(phase)].size(); }
};

// True when the source's audio has no level (every sample below -120 dBFS RMS).
bool is_silent(const analysis::CorpusSource& source);

// Number of sources the render will visit (for progress): sources read by any enabled phase, plus the
// synthetic hiss source when it applies.
std::size_t render_task_count(const analysis::Corpus& corpus, const config::Scene& scene,
                              const PhaseSet& phases);

// kProcessing with the source named when `strict` and a source failed; otherwise the result.
Result<RenderResult> render_corpus(const analysis::Corpus& corpus, const config::Scene& scene,
                                   const RenderOptions& options);

}  // namespace afterglow::render
