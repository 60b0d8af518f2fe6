// The shared body of the rendering commands (render_pipeline.h).

#include "afterglow/app/render_pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <thread>

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/app/cli.h"
#include "afterglow/app/progress.h"
#include "afterglow/core/log.h"
#include "afterglow/engine/scene_sources.h"
#include "afterglow/io/export_root.h"
#include "afterglow/render/afterglow_layout.h"
#include "afterglow/render/manifest.h"
#include "afterglow/render/renderer.h"

namespace afterglow::app {
namespace {

namespace fs = std::filesystem;

double total_seconds(const render::PhaseOutput& out, std::size_t from, std::size_t to) {
  double s = 0.0;
  for (std::size_t i = from; i < to; ++i) s += out.items[i].audio.duration_seconds();
  return s;
}

bool is_texture_phase(render::Phase p) {
  return p == render::Phase::kPads || p == render::Phase::kDrones || p == render::Phase::kClouds ||
         p == render::Phase::kHiss;
}

// Listed in the plan: a phase asked for or with files; and, whenever any texture phase runs, all four
// texture phases (as `afterglow render` has always printed them, zero or not).
bool listed(render::Phase p, const render::PhaseSet& phases, std::size_t count) {
  const bool any_texture = phases.pads || phases.drones || phases.clouds || phases.hiss;
  return phases.contains(p) || count > 0 || (any_texture && is_texture_phase(p));
}

// The plan as a musician reads it; the same text for a dry run and (as a summary) for a real run.
std::string describe_plan(const std::string& title, const render::PhaseSet& phases,
                          const std::array<std::size_t, render::kPhaseCount>& counts,
                          const render::PhaseOutput& all, const std::vector<bool>& saved,
                          const Layouts& layouts, const render::Tr8sKitPlan* kit, const fs::path& out) {
  std::string text = fmt::format("{} for {}\n", title, out.string());
  std::size_t at = 0;
  for (const render::Phase p : render::kAllPhases) {
    const std::size_t n = counts[static_cast<std::size_t>(p)];
    if (!listed(p, phases, n)) continue;
    std::map<std::string, std::size_t> per_source;
    for (std::size_t i = at; i < at + n; ++i) per_source[all.paths[i].begin()->string()]++;
    text += fmt::format("  {:<7} {:4} files  {:8.1f} s\n", render::to_string(p), n,
                        total_seconds(all, at, at + n));
    for (const auto& [label, count] : per_source) text += fmt::format("            {:4}  {}\n", count, label);
    at += n;
  }
  const auto saved_count = static_cast<std::size_t>(std::count(saved.begin(), saved.end(), true));
  text += fmt::format("  total   {:4} files  {:8.1f} s", all.size(), total_seconds(all, 0, all.size()));
  if (saved_count != all.size()) text += fmt::format(" ({} graded F, not written)", all.size() - saved_count);
  text += "\n";
  if (layouts.afterglow) {
    text += fmt::format("  afterglow layout: {} files + {}\n", saved_count, render::kManifestName);
  }
  if (kit != nullptr) {
    std::map<std::string, std::size_t> per_category;
    for (const auto& s : kit->samples) {
      if (s.kept) per_category[std::string(render::folder_name(s.category))]++;
    }
    text += fmt::format(
        "  TR-8S kit {}: {} of {} samples, {:.1f} s of {:.1f} s usable ({:.0f} %)\n", kit->kit_name,
        kit->kept_count(), kit->samples.size(), kit->budget.used_sec, kit->budget.usable_sec,
        kit->budget.usable_sec > 0 ? 100.0 * kit->budget.used_sec / kit->budget.usable_sec : 0.0);
    for (const auto& [category, count] : per_category)
      text += fmt::format("            {:4}  {}\n", count, category);
    for (const auto& o : kit->budget.left_out) text += fmt::format("    left out: {}\n", o.message);
  }
  return text;
}

}  // namespace

std::optional<Layouts> parse_layout(const std::string& text) {
  if (text == "both") return Layouts{true, true};
  if (text == "afterglow") return Layouts{true, false};
  if (text == "tr8s") return Layouts{false, true};
  return std::nullopt;
}

fs::path resolve_out_dir(const std::string& out, const config::Scene& scene) {
  return fs::absolute(!out.empty()                     ? fs::path(out)
                      : scene.export_dir().has_value() ? *scene.export_dir()
                                                       : fs::path(io::kDefaultExportRoot))
      .lexically_normal();
}

std::size_t worker_count(std::size_t requested) {
  return requested > 0 ? requested : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
}

std::optional<analysis::CorpusParams> render_corpus_params(const config::Scene& scene) {
  analysis::CorpusParams params;
  engine::apply_scene(scene, params);
  params.features.sample_rate = scene.global.sample_rate;
  if (auto valid = analysis::validate(params.features); !valid) {
    log::error("{}", valid.error().what());
    return std::nullopt;
  }
  return params;
}

int run_render_request(const RenderRequest& request) {
  const config::Scene& scene = request.scene;
  const fs::path& out = request.out;
  const Layouts& layouts = request.layouts;
  // Inside the export root, checked before anything is created.
  const io::ExportRoot root = io::ExportRoot::from_environment(out);
  if (auto inside = root.check(out); !inside) {
    log::error("refusing to write to {}: {}", out.string(), inside.error().what());
    return kExitFailure;
  }

  const std::size_t jobs = worker_count(request.jobs);
  const auto started = std::chrono::steady_clock::now();

  const std::optional<analysis::CorpusParams> params = render_corpus_params(scene);
  if (!params) return kExitUsage;
  analysis::CorpusBuilder builder(*params, jobs);
  // The export folder may sit inside the archive: what was rendered there is never read back.
  const std::vector<fs::path> excluded{out};
  builder.set_excluded(excluded);
  const auto expanded = analysis::expand_sources(request.entries, excluded);
  std::size_t failed = 0;
  std::shared_ptr<const analysis::Corpus> corpus;
  {
    Progress progress("analysing", expanded.jobs.size());
    builder.set_progress([&progress](const std::string& id) { progress.advance(id); });
    auto built = builder.build(request.entries);
    progress.finish();
    if (!built) {
      log::error("{}", built.error().what());
      return kExitUsage;
    }
    corpus = std::move(*built);
  }
  for (const analysis::SourceFailure& f : corpus->report().failures) {
    log::error("skipped {}: {}", f.id, f.error.what());
    ++failed;
    if (request.strict) {
      log::error("--strict: stopping at the first failure; nothing was written");
      return kExitFailure;
    }
  }

  render::RenderOptions ro;
  ro.phases = request.phases;
  ro.seed = request.seed
                ? *request.seed
                : (scene.seed() ? static_cast<std::uint64_t>(*scene.seed()) : render::kDefaultRenderSeed);
  ro.jobs = jobs;
  ro.strict = request.strict;
  Progress render_progress("rendering", render::render_task_count(*corpus, scene, request.phases));
  ro.progress = [&render_progress](const std::string& id) { render_progress.advance(id); };
  auto rendered = render::render_corpus(*corpus, scene, ro);
  render_progress.finish();
  if (!rendered) {
    log::error("{}", rendered.error().what());
    log::error("--strict: stopping at the first failure; nothing was written");
    return kExitFailure;
  }
  for (const std::string& w : rendered->warnings) log::warn("{}", w);
  for (const render::RenderFailure& f : rendered->failures) {
    log::error("skipped {}: {}", f.source, f.message);
    ++failed;
  }
  std::array<std::size_t, render::kPhaseCount> counts{};
  for (const render::Phase p : render::kAllPhases) counts[static_cast<std::size_t>(p)] = rendered->count(p);
  render::PhaseOutput all = std::move(*rendered).all();
  const std::vector<bool> saved = render::curate(all, scene.curation);
  std::vector<render::KitItem> kit_items;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (saved[i]) kit_items.push_back(all.items[i]);
  }

  // The kit: planned on a dry run, exported otherwise.
  std::optional<render::Tr8sKitPlan> kit;
  if (layouts.tr8s) {
    auto plan = request.dry_run ? render::plan_tr8s_kit(kit_items, out, request.kit_options)
                                : render::export_tr8s_kit(kit_items, out, request.kit_options, root);
    if (!plan) {
      log::error("TR-8S kit: {}", plan.error().what());
      return plan.error().kind() == ErrorKind::kInvalidValue ? kExitUsage : kExitFailure;
    }
    kit = std::move(*plan);
  }
  kit_items.clear();
  kit_items.shrink_to_fit();

  const std::string plan_text =
      describe_plan(request.title, request.phases, counts, all, saved, layouts, kit ? &*kit : nullptr, out);
  if (request.dry_run) {
    std::fputs("Dry run: nothing is written.\n", stdout);
    std::fputs(plan_text.c_str(), stdout);
    std::fflush(stdout);
    return failed > 0 ? kExitPartial : kExitOk;
  }

  std::size_t written = 0;
  if (layouts.afterglow) {
    render::AfterglowWriteOptions wo;
    wo.bit_depth = scene.global.output_bit_depth;
    auto w = render::write_afterglow_files(all, saved, out, wo, root);
    if (!w) {
      log::error("{}", w.error().what());
      return kExitFailure;
    }
    written = *w;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!saved[i]) log::info("✕ {} (grade F, skipped)", all.paths[i].filename().string());
    }
  }
  const auto rows = render::layout_manifest_rows(all, saved, kit ? &*kit : nullptr);
  if (auto m = render::write_manifest(out / render::kManifestName, rows, root); !m) {
    log::error("{}", m.error().what());
    return kExitFailure;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fputs(plan_text.c_str(), stdout);
  std::fputs(fmt::format("{} afterglow files, {} kit samples, manifest with {} rows, in {:.1f} s\n", written,
                         kit ? kit->kept_count() : 0, rows.size(), seconds)
                 .c_str(),
             stdout);
  std::fflush(stdout);
  if (failed > 0) {
    log::warn("{} source(s) failed and were skipped (listed above); everything else was written", failed);
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace afterglow::app
