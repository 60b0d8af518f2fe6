// `afterglow batch DIR`: the whole pipeline for a folder of archive audio, into one project folder.
//
//   <export>/<project>/<label>/{pads,swells,clouds,hiss,drums,silences}/   every source's sounds
//                     /manifest.csv                                         every sound, one row each
//                     /ROLAND/TR-8S/SAMPLE/<KIT>/                           one TR-8S kit from all of them
//                     /index.html                                           the contact sheet
//                     /.afterglow-batch/                                    what each source produced
//
// Every source in DIR feeds every phase (pads, drones, clouds, hiss, drum slices, room tone): a batch
// is for an archive folder whose files have no roles. Sources are analysed and rendered a few at a
// time on all cores; each source's record (render/batch_record.h) is written after its last file, so
// a killed run loses at most the sources in flight, and the next run renders only sources that are
// new, changed, incomplete or rendered with other settings. A run with nothing to redo reads no audio.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "afterglow/analysis/analysis_cache.h"
#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/app/progress.h"
#include "afterglow/app/render_pipeline.h"
#include "afterglow/app/scene_file.h"
#include "afterglow/core/log.h"
#include "afterglow/io/audio_reader.h"
#include "afterglow/render/afterglow_layout.h"
#include "afterglow/render/batch_record.h"
#include "afterglow/render/contact_sheet.h"
#include "afterglow/render/manifest.h"
#include "afterglow/render/renderer.h"
#include "afterglow/render/tr8s_check.h"
#include "afterglow/render/tr8s_kit.h"

namespace afterglow::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKitRecordName = "kit.json";

struct BatchCliOptions {
  std::string dir;
  std::string project = "AG_BATCH_01";
  std::string out;
  std::string scene;
  std::string config;
  std::optional<std::uint64_t> seed;
  std::size_t jobs = 0;
  std::string kit;
  bool no_cache = false;
  bool no_contact_sheet = false;
};

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string relative_slash(const fs::path& path, const fs::path& base) {
  return path.lexically_relative(base).generic_string();
}

// The label of a rendered sound's source: the first folder of its path in the afterglow layout.
std::string label_of(const fs::path& layout_path) { return layout_path.begin()->string(); }

// Removes the files a stale record lists (only those: the project may hold the user's own files).
void remove_outputs(const render::BatchRecord& record, const fs::path& project) {
  for (const render::BatchOutput& o : record.outputs) {
    std::error_code ec;
    fs::remove(project / fs::path(o.path), ec);
  }
}

struct SourcePlan {
  analysis::SourceJob job;
  std::string label;
  render::SourceState state;
  std::optional<render::BatchRecord> record;  // current record, when the source needs no work
};

// The kit, assembled from the files every record lists, and its own record: the files it wrote and
// the fingerprint of what it was built from, so an unchanged project keeps its kit untouched.
struct KitRecord {
  std::string fingerprint;
  std::vector<std::pair<std::string, std::uintmax_t>> files;
};

std::optional<KitRecord> read_kit_record(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  KitRecord r;
  std::string line;
  if (!std::getline(in, r.fingerprint)) return std::nullopt;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) return std::nullopt;
    r.files.emplace_back(line.substr(tab + 1), std::stoull(line.substr(0, tab)));
  }
  return r;
}

bool kit_current(const KitRecord& record, const std::string& fingerprint, const fs::path& project) {
  if (record.fingerprint != fingerprint) return false;
  for (const auto& [path, bytes] : record.files) {
    std::error_code ec;
    if (fs::file_size(project / fs::path(path), ec) != bytes || ec) return false;
  }
  return true;
}

Status write_text(const fs::path& file, const std::string& text, const io::ExportRoot& root) {
  auto target = io::prepare_write(file, text.size(), root);
  if (!target) return target.error();
  std::ofstream out(*target, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Error(ErrorKind::kFilesystem, fmt::format("could not write {}", file.string()));
  return Ok{};
}

int run_batch(const BatchCliOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  config::Scene scene;
  std::string scene_text = "defaults";
  const std::string scene_file = !options.scene.empty() ? options.scene : options.config;
  if (!scene_file.empty()) {
    const std::optional<config::Scene> loaded = load_scene_reporting(scene_file);
    if (!loaded) return kExitUsage;
    scene = *loaded;
    scene_text = read_text(scene_file);
  }
  if (options.project.empty() || options.project != render::file_safe(options.project) ||
      options.project == "." || options.project == "..") {
    log::error("--project must be a plain folder name (letters, digits, '-', '_', '.'); got '{}'",
               options.project);
    return kExitUsage;
  }

  const fs::path out = resolve_out_dir(options.out, scene);
  const fs::path project = out / options.project;
  const io::ExportRoot root = io::ExportRoot::from_environment(out);
  if (auto inside = root.check(project); !inside) {
    log::error("refusing to write to {}: {}", project.string(), inside.error().what());
    return kExitFailure;
  }

  // Every file of DIR is a source for every phase; the export folder is never read back, even when it
  // lies inside DIR (the original re-ingested its own kit, reference §15.2 item 17).
  analysis::SourceEntry entry;
  entry.path = fs::absolute(options.dir).lexically_normal();
  entry.role = analysis::SourceRole::kAny;
  const std::vector<analysis::SourceEntry> entries{entry};
  const std::vector<fs::path> excluded{out};
  const analysis::ExpandedSources expanded = analysis::expand_sources(entries, excluded);
  for (const analysis::SourceFailure& f : expanded.failures) log::error("{}: {}", f.id, f.error.what());
  if (expanded.jobs.empty()) {
    log::error("no audio files in {} (wav, aif, aiff, flac, ogg, mp3)", options.dir);
    return kExitUsage;
  }

  render::PhaseSet phases;
  phases.drums = true;
  phases.room_tone = true;
  const std::uint64_t seed = options.seed ? *options.seed
                             : scene.seed() ? static_cast<std::uint64_t>(*scene.seed())
                                            : render::kDefaultRenderSeed;
  const std::string settings =
      render::fingerprint({AFTERGLOW_VERSION, scene_text, std::to_string(seed)});

  // Which sources are done: their record matches the file on disk, the settings and the outputs.
  std::vector<analysis::CorpusSource> named(expanded.jobs.size());
  for (std::size_t i = 0; i < expanded.jobs.size(); ++i) {
    named[i].id = expanded.jobs[i].id;
    named[i].name = expanded.jobs[i].name;
  }
  const std::vector<std::string> labels = render::source_labels(named);
  std::vector<SourcePlan> plans;
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < expanded.jobs.size(); ++i) {
    SourcePlan plan{expanded.jobs[i], labels[i], {}, std::nullopt};
    auto state = render::source_state(plan.job.path);
    if (state) plan.state = *state;
    auto record = render::read_batch_record(render::batch_record_path(project, plan.label));
    if (record && state) {
      if (auto why = render::stale_reason(*record, *state, settings, project)) {
        log::info("{}: rendering again ({})", plan.job.id, *why);
        remove_outputs(*record, project);
      } else {
        plan.record = std::move(record);
      }
    }
    if (!plan.record) pending.push_back(plans.size());
    plans.push_back(std::move(plan));
  }
  std::size_t current = 0;  // reused records of sources that rendered
  for (const SourcePlan& plan : plans) current += plan.record && plan.record->failure.empty() ? 1 : 0;

  const std::size_t jobs = worker_count(options.jobs);
  const std::optional<analysis::CorpusParams> params = render_corpus_params(scene);
  if (!params) return kExitUsage;
  analysis::CorpusBuilder builder(*params, jobs);
  if (!options.no_cache) {
    builder.set_cache(std::make_shared<analysis::AnalysisCache>(analysis::analysis_cache_dir(out), root));
  }

  // A few sources at a time: each chunk is analysed and rendered on every core, then written source by
  // source, each closed by its record.
  std::size_t rendered_sources = 0;
  render::AfterglowWriteOptions write_options;
  write_options.bit_depth = scene.global.output_bit_depth;
  const std::size_t chunk = std::max<std::size_t>(2, jobs);
  Progress progress("rendering", pending.size());
  for (std::size_t begin = 0; begin < pending.size(); begin += chunk) {
    const std::size_t end = std::min(pending.size(), begin + chunk);
    std::vector<analysis::SourceJob> chunk_jobs;
    std::map<std::string, SourcePlan*> by_id;
    for (std::size_t k = begin; k < end; ++k) {
      chunk_jobs.push_back(plans[pending[k]].job);
      by_id[plans[pending[k]].job.id] = &plans[pending[k]];
    }
    auto corpus = builder.build_jobs(chunk_jobs);
    if (!corpus) {
      progress.finish();
      log::error("{}", corpus.error().what());
      return kExitUsage;
    }
    std::map<std::string, std::string> failures;  // source id -> why
    for (const analysis::SourceFailure& f : (*corpus)->report().failures) failures[f.id] = f.error.what();

    render::RenderOptions ro;
    ro.phases = phases;
    ro.seed = seed;
    ro.jobs = jobs;
    ro.every_source_feeds_every_phase = true;
    for (const analysis::CorpusSource& s : (*corpus)->sources()) ro.labels.push_back(by_id.at(s.id)->label);
    auto rendered = render::render_corpus(**corpus, scene, ro);
    if (!rendered) {
      progress.finish();
      log::error("{}", rendered.error().what());
      return kExitFailure;
    }
    for (const std::string& w : rendered->warnings) log::warn("{}", w);
    for (const render::RenderFailure& f : rendered->failures) failures[f.source] = f.message;
    render::PhaseOutput all = std::move(*rendered).all();

    for (std::size_t k = begin; k < end; ++k) {
      SourcePlan& plan = plans[pending[k]];
      render::BatchRecord record;
      record.source_id = plan.job.id;
      record.source_path = plan.job.path.string();
      record.source = plan.state;
      record.settings = settings;
      if (auto f = failures.find(plan.job.id); f != failures.end()) {
        record.failure = f->second;
      } else {
        render::PhaseOutput mine;
        for (std::size_t i = 0; i < all.size(); ++i) {
          if (label_of(all.paths[i]) != plan.label) continue;
          mine.items.push_back(std::move(all.items[i]));
          mine.paths.push_back(all.paths[i]);
        }
        const std::vector<bool> saved = render::curate(mine, scene.curation);
        if (auto w = render::write_afterglow_files(mine, saved, project, write_options, root); !w) {
          progress.finish();
          log::error("{}", w.error().what());
          return kExitFailure;
        }
        for (std::size_t i = 0; i < mine.size(); ++i) {
          const render::KitItem& item = mine.items[i];
          render::BatchOutput o;
          o.path = mine.paths[i].generic_string();
          std::error_code ec;
          o.bytes = saved[i] ? fs::file_size(project / mine.paths[i], ec) : 0;
          o.kind = item.kind;
          o.source_stem = item.source_stem;
          o.variant = item.variant;
          o.descriptive_name = item.descriptive_name;
          o.grade = item.grade.value_or(render::Grade::kB);
          o.is_loop = item.is_loop;
          o.saved = saved[i];
          o.metadata = item.metadata;
          record.outputs.push_back(std::move(o));
        }
      }
      if (auto w = render::write_batch_record(render::batch_record_path(project, plan.label), record, root); !w) {
        progress.finish();
        log::error("{}", w.error().what());
        return kExitFailure;
      }
      rendered_sources += record.failure.empty() ? 1 : 0;
      plan.record = std::move(record);
      progress.advance(plan.job.id);
    }
  }
  progress.finish();

  // Failures, whether from this run or an earlier one on the same files.
  std::size_t failed = expanded.failures.size();
  std::string record_texts;
  for (const SourcePlan& plan : plans) {
    if (!plan.record->failure.empty()) {
      log::error("skipped {}: {}", plan.job.id, plan.record->failure);
      ++failed;
    }
    record_texts += render::to_json(*plan.record);
  }

  // The kit, from the saved files of every source.
  render::Tr8sExportOptions kit_options =
      render::Tr8sExportOptions::from_config(scene.tr8s, scene.curation.thresholds);
  if (!options.kit.empty()) kit_options.kit_name = options.kit;
  const std::string kit_fingerprint =
      render::fingerprint({record_texts, kit_options.kit_name, std::to_string(kit_options.sample_rate),
                           std::to_string(kit_options.bit_depth), std::to_string(kit_options.stereo)});
  const fs::path kit_record_file = project / render::kBatchStateFolder / kKitRecordName;
  const std::optional<KitRecord> old_kit = read_kit_record(kit_record_file);
  bool kit_rebuilt = false;
  std::string kit_line;
  if (old_kit && kit_current(*old_kit, kit_fingerprint, project)) {
    kit_line = "kit: current";
  } else {
    if (old_kit) {
      for (const auto& [path, bytes] : old_kit->files) {
        std::error_code ec;
        fs::remove(project / fs::path(path), ec);
      }
    }
    std::vector<render::KitItem> items;
    std::vector<render::ManifestRow> rows;
    for (const SourcePlan& plan : plans) {
      for (const render::BatchOutput& o : plan.record->outputs) {
        render::ManifestRow row = o.metadata;
        row["saved"] = o.saved;
        rows.push_back(std::move(row));
        if (!o.saved) continue;
        auto audio = io::read_audio(project / fs::path(o.path));
        if (!audio) {
          log::error("{}: {}", o.path, audio.error().what());
          return kExitFailure;
        }
        render::KitItem item;
        item.audio = std::move(*audio);
        item.kind = o.kind;
        item.source_stem = o.source_stem;
        item.variant = o.variant;
        item.descriptive_name = o.descriptive_name;
        item.grade = o.grade;
        item.metadata = o.metadata;
        item.is_loop = o.is_loop;
        items.push_back(std::move(item));
      }
    }
    auto kit = render::export_tr8s_kit(items, project, kit_options, root);
    if (!kit) {
      log::error("TR-8S kit: {}", kit.error().what());
      return kExitFailure;
    }
    // The manifest: every sound's row, and where the kit put it.
    std::size_t next_saved = 0;
    for (render::ManifestRow& row : rows) {
      if (!std::get<bool>(row["saved"])) continue;
      const render::Tr8sSamplePlan& s = kit->samples[next_saved++];
      row["short_name"] = s.kept ? s.short_name : std::string();
      row["tr8s_path"] = s.kept ? s.tr8s_path : std::string();
    }
    if (auto m = render::write_manifest(project / render::kManifestName, rows, root); !m) {
      log::error("{}", m.error().what());
      return kExitFailure;
    }
    KitRecord record{kit_fingerprint, {}};
    std::string text = kit_fingerprint + "\n";
    for (const auto& entry : fs::recursive_directory_iterator(kit->kit_dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string rel = relative_slash(entry.path(), project);
      text += fmt::format("{}\t{}\n", entry.file_size(), rel);
    }
    if (auto w = write_text(kit_record_file, text, root); !w) {
      log::error("{}", w.error().what());
      return kExitFailure;
    }
    kit_rebuilt = true;
    kit_line = fmt::format("kit: {} of {} sounds in {} ({:.1f} of {:.1f} s of sample memory)", kit->kept_count(),
                           kit->samples.size(), relative_slash(kit->kit_dir, project), kit->budget.used_sec,
                           kit->budget.usable_sec);
  }

  // The kit as the unit will see it.
  const render::Tr8sCheckReport check = render::check_tr8s_folder(project);
  for (const render::Tr8sProblem& p : check.problems) log::warn("{}", p.format());

  std::string sheet_line;
  if (!options.no_contact_sheet && (kit_rebuilt || !fs::exists(project / "index.html"))) {
    auto sheet = render::write_contact_sheet(project, render::ContactSheetOptions{});
    if (!sheet) {
      log::error("contact sheet: {}", sheet.error().what());
      return kExitFailure;
    }
    sheet_line = fmt::format("contact sheet: {}", relative_slash(project / "index.html", out));
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string summary = fmt::format("batch {}: {} sources — {} rendered, {} current, {} failed\n",
                                    relative_slash(project, out.parent_path()), plans.size(), rendered_sources,
                                    current, failed);
  summary += kit_line + fmt::format("; tr8s-check: {} errors, {} warnings\n", check.error_count(),
                                    check.warning_count());
  if (!sheet_line.empty()) summary += sheet_line + "\n";
  summary += fmt::format("done in {:.1f} s\n", seconds);
  std::fputs(summary.c_str(), stdout);
  std::fflush(stdout);
  if (!check.ok()) return kExitFailure;
  return failed > 0 ? kExitPartial : kExitOk;
}

}  // namespace

void register_batch_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<BatchCliOptions>();
  auto* cmd = root.add_subcommand("batch", "Render a whole folder of archive audio into one project and kit");
  cmd->footer(R"(Every audio file in DIR (and its subfolders) goes through every phase: pads, drones,
clouds, hiss, drum slices and room tone. Writes <out>/<project>/ with the afterglow layout,
manifest.csv, one TR-8S kit and index.html (the contact sheet).

A second run renders only sources that are new, changed, incomplete or rendered with other
settings; an interrupted run picks up where it stopped.

Exit 0 when everything is rendered, 3 when some sources failed (the rest is written), 1 on a
write failure or a kit that fails tr8s-check, 2 on a usage or scene error.)");
  cmd->add_option("dir", options->dir, "Folder of archive audio")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--project", options->project, "Project folder name (default AG_BATCH_01)");
  cmd->add_option("--out", options->out, "Export folder (default: the scene's, else ./export)");
  auto* scene_opt = cmd->add_option("--scene", options->scene, "Scene file")->check(CLI::ExistingFile);
  cmd->add_option("--config", options->config, "afterglow-engine config.yaml (read as a scene)")
      ->check(CLI::ExistingFile)
      ->excludes(scene_opt);
  cmd->add_option("--seed", options->seed, "Global seed (default: the scene's, else a fixed one)");
  cmd->add_option("--jobs", options->jobs, "Worker threads (default: the number of cores, at most 8)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--kit", options->kit, "TR-8S kit name (default: the scene's tr8s.kit_name)");
  cmd->add_flag("--no-cache", options->no_cache, "Analyse every source afresh");
  cmd->add_flag("--no-contact-sheet", options->no_contact_sheet, "Do not write index.html");
  cmd->callback([options, &exit_code] { exit_code = run_batch(*options); });
}

}  // namespace afterglow::app
