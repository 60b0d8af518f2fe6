// `afterglow render`: renders the full texture set of a scene (pads, drones, clouds, hiss) with the
// same generators the live engine plays, into the afterglow layout (the original's tree and
// manifest.csv) and/or an importable Roland TR-8S sample set. docs/render.md describes it.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/app/scene_file.h"
#include "afterglow/app/progress.h"
#include "afterglow/config/scene_loader.h"
#include "afterglow/core/log.h"
#include "afterglow/engine/scene_sources.h"
#include "afterglow/render/afterglow_layout.h"
#include "afterglow/render/manifest.h"
#include "afterglow/render/renderer.h"
#include "afterglow/render/tr8s_kit.h"

namespace afterglow::app {
namespace {

namespace fs = std::filesystem;

struct RenderCliOptions {
  std::string scene;
  std::string config;
  std::string out;
  std::string layout = "both";
  std::string phases = "pads,drones,clouds,hiss";
  bool dry_run = false;
  bool strict = false;
  std::optional<std::uint64_t> seed;
  std::size_t jobs = 0;
  std::string kit;
  std::optional<int> bit_depth;
  std::optional<int> rate;
};

struct Layouts {
  bool afterglow = true;
  bool tr8s = true;
};

std::optional<Layouts> parse_layout(const std::string& text) {
  if (text == "both") return Layouts{true, true};
  if (text == "afterglow") return Layouts{true, false};
  if (text == "tr8s") return Layouts{false, true};
  return std::nullopt;
}

double total_seconds(const render::PhaseOutput& out, std::size_t from, std::size_t to) {
  double s = 0.0;
  for (std::size_t i = from; i < to; ++i) s += out.items[i].audio.duration_seconds();
  return s;
}

// The plan as a musician reads it; the same text for a dry run and (as a summary) for a real run.
std::string describe_plan(const std::array<std::size_t, render::kPhaseCount>& counts, const render::PhaseOutput& all,
                          const std::vector<bool>& saved, const Layouts& layouts,
                          const render::Tr8sKitPlan* kit, const fs::path& out) {
  std::string text = fmt::format("Render plan for {}\n", out.string());
  std::size_t at = 0;
  for (const render::Phase p : render::kAllPhases) {
    const std::size_t n = counts[static_cast<std::size_t>(p)];
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

int run_render(const RenderCliOptions& options) {
  const auto layouts = parse_layout(options.layout);
  if (!layouts) {
    log::error("--layout must be tr8s, afterglow or both (got '{}')", options.layout);
    return kExitUsage;
  }
  auto phases = render::PhaseSet::parse(options.phases);
  if (!phases) {
    log::error("{}", phases.error().what());
    return kExitUsage;
  }

  // The scene, or the embedded demo material with the roles scenes/default.yaml gives it.
  config::Scene scene;
  std::vector<analysis::SourceEntry> entries;
  const std::string scene_file = !options.scene.empty() ? options.scene : options.config;
  if (!scene_file.empty()) {
    const std::optional<config::Scene> loaded = load_scene_reporting(scene_file);
    if (!loaded) return kExitUsage;
    scene = *loaded;
    entries = engine::scene_entries(scene);
  } else {
    entries = engine::default_demo_entries();
  }

  // Where: --out, else the scene's export folder, else ./export; inside the export root, checked before
  // anything is created.
  const fs::path out = fs::absolute(!options.out.empty()             ? fs::path(options.out)
                                    : scene.export_dir().has_value() ? *scene.export_dir()
                                                                     : fs::path(io::kDefaultExportRoot))
                           .lexically_normal();
  const io::ExportRoot root = io::ExportRoot::from_environment(out);
  if (auto inside = root.check(out); !inside) {
    log::error("refusing to write to {}: {}", out.string(), inside.error().what());
    return kExitFailure;
  }

  // The kit's format.
  render::Tr8sExportOptions kit_options =
      render::Tr8sExportOptions::from_config(scene.tr8s, scene.curation.thresholds);
  if (!options.kit.empty()) kit_options.kit_name = options.kit;
  if (options.bit_depth) kit_options.bit_depth = *options.bit_depth;
  if (options.rate) kit_options.sample_rate = *options.rate;

  const std::size_t jobs =
      options.jobs > 0 ? options.jobs : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  const auto started = std::chrono::steady_clock::now();

  // Analyse at the render rate: every phase then works on the rate its files are written at.
  analysis::CorpusParams params;
  engine::apply_scene(scene, params);
  params.features.sample_rate = scene.global.sample_rate;
  if (auto valid = analysis::validate(params.features); !valid) {
    log::error("{}", valid.error().what());
    return kExitUsage;
  }
  analysis::CorpusBuilder builder(params, jobs);
  // The export folder may sit inside the archive: what was rendered there is never read back.
  const std::vector<fs::path> excluded{out};
  builder.set_excluded(excluded);
  const auto expanded = analysis::expand_sources(entries, excluded);
  std::size_t failed = 0;
  std::shared_ptr<const analysis::Corpus> corpus;
  {
    Progress progress("analysing", expanded.jobs.size());
    builder.set_progress([&progress](const std::string& id) { progress.advance(id); });
    auto built = builder.build(entries);
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
    if (options.strict) {
      log::error("--strict: stopping at the first failure; nothing was written");
      return kExitFailure;
    }
  }

  render::RenderOptions ro;
  ro.phases = *phases;
  ro.seed = options.seed
                ? *options.seed
                : (scene.seed() ? static_cast<std::uint64_t>(*scene.seed()) : render::kDefaultRenderSeed);
  ro.jobs = jobs;
  ro.strict = options.strict;
  Progress render_progress("rendering", render::render_task_count(*corpus, scene, *phases));
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
  if (layouts->tr8s) {
    auto plan = options.dry_run ? render::plan_tr8s_kit(kit_items, out, kit_options)
                                : render::export_tr8s_kit(kit_items, out, kit_options, root);
    if (!plan) {
      log::error("TR-8S kit: {}", plan.error().what());
      return plan.error().kind() == ErrorKind::kInvalidValue ? kExitUsage : kExitFailure;
    }
    kit = std::move(*plan);
  }
  kit_items.clear();
  kit_items.shrink_to_fit();

  const std::string plan_text = describe_plan(counts, all, saved, *layouts, kit ? &*kit : nullptr, out);
  if (options.dry_run) {
    std::fputs("Dry run: nothing is written.\n", stdout);
    std::fputs(plan_text.c_str(), stdout);
    std::fflush(stdout);
    return failed > 0 ? kExitPartial : kExitOk;
  }

  std::size_t written = 0;
  if (layouts->afterglow) {
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

}  // namespace

void register_render_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<RenderCliOptions>();
  auto* cmd =
      root.add_subcommand("render", "Render the texture set (pads, drones, clouds, hiss) and a TR-8S kit");
  cmd->footer(R"(Without --scene or --config, renders the embedded demo material (as scenes/default.yaml).
Writes <out>/<source>/{pads,swells,clouds,hiss}/ and <out>/manifest.csv (afterglow layout) and
<out>/ROLAND/TR-8S/SAMPLE/<KIT>/ (tr8s layout). --bit-depth and --rate set the kit's format; the
afterglow layout uses global.sample_rate and global.output_bit_depth.
Exit 0 when everything rendered, 3 when some sources failed (the rest is written), 1 on a write
failure or with --strict at the first failure (nothing written), 2 on a usage or scene error.

Examples:
  afterglow render --scene scenes/default.yaml --out ./export
  afterglow render --config config.yaml --layout afterglow --phases drones,clouds --dry-run)");
  auto* scene_opt = cmd->add_option("--scene", options->scene, "Scene file")->check(CLI::ExistingFile);
  cmd->add_option("--config", options->config, "afterglow-engine config.yaml (read as a scene)")
      ->check(CLI::ExistingFile)
      ->excludes(scene_opt);
  cmd->add_option("--out", options->out, "Export folder (default: the scene's, else ./export)");
  cmd->add_option("--layout", options->layout, "tr8s, afterglow or both (default both)");
  cmd->add_option("--phases", options->phases, "Comma-separated subset of pads,drones,clouds,hiss");
  cmd->add_flag("--dry-run", options->dry_run, "Print the exact plan and write nothing");
  cmd->add_flag("--strict", options->strict, "Stop at the first failure (exit 1, nothing written)");
  cmd->add_option("--seed", options->seed, "Global seed (default: the scene's, else a fixed one)");
  cmd->add_option("--jobs", options->jobs, "Worker threads (default: the number of cores, at most 8)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--kit", options->kit, "TR-8S kit name (default: the scene's tr8s.kit_name)");
  cmd->add_option("--bit-depth", options->bit_depth, "TR-8S bit depth: 16 or 24")
      ->check(CLI::IsMember({16, 24}));
  cmd->add_option("--rate", options->rate, "TR-8S sample rate: 44100 or 48000")
      ->check(CLI::IsMember({44100, 48000}));
  cmd->callback([options, &exit_code] { exit_code = run_render(*options); });
}

}  // namespace afterglow::app
