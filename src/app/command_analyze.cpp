// `afterglow analyze [--scene S] [FILES...] [--json]`: analyses audio the way the live engine will
// (key, tempo, brightness, stable windows, mined pads) and prints what it found, as a table or as JSON
// (docs/analysis.md documents the schema). Results are cached under the export root, so the second run
// over the same archive only reads the cache.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

namespace afterglow::app {
namespace {

namespace fs = std::filesystem;
using analysis::CorpusSource;

struct AnalyzeOptions {
  std::string scene;
  std::vector<std::string> files;
  bool json = false;
  std::optional<double> rate;
  std::size_t jobs = 0;
  bool no_cache = false;
};

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += fmt::format("\\u{:04x}", u);
        } else {
          out += c;  // UTF-8 passes through unchanged; JSON is UTF-8
        }
    }
  }
  return out + "\"";
}

// Stable identifiers for scripts (to_string(ErrorKind) is worded for people and may change).
std::string_view kind_id(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidValue:
      return "invalid_value";
    case ErrorKind::kInvalidConfig:
      return "invalid_config";
    case ErrorKind::kUsage:
      return "usage";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kDecode:
      return "decode";
    case ErrorKind::kSilent:
      return "silent";
    case ErrorKind::kPermission:
      return "permission";
    case ErrorKind::kDiskFull:
      return "disk_full";
    case ErrorKind::kFilesystem:
      return "filesystem";
    case ErrorKind::kProcessing:
      return "processing";
  }
  return "processing";
}

std::string json_number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "null";
}

std::string json_source(const CorpusSource& s) {
  const analysis::SourceSummary& sum = s.summary;
  const double rate = s.audio().sample_rate;
  std::string key = "null";
  if (sum.key) {
    key = fmt::format(R"({{"name": {}, "tonic": {}, "mode": {}, "confidence": {}, "runner_up": {}}})",
                      json_string(analysis::key_name(sum.key->key)),
                      json_string(analysis::pitch_class_name(sum.key->key.tonic)),
                      json_string(sum.key->key.mode == analysis::KeyMode::kMajor ? "major" : "minor"),
                      json_number(sum.key->confidence), json_string(analysis::key_name(sum.key->runner_up)));
  }
  std::string tags;
  for (const std::string& t : s.tags) tags += (tags.empty() ? "" : ", ") + json_string(t);
  std::string pads;
  for (const analysis::MinedPad& p : sum.pads) {
    pads += fmt::format(R"({}{{"start_sec": {}, "length_sec": {}, "score": {}, "pitch_hz": {}}})",
                        pads.empty() ? "" : ", ", json_number(static_cast<double>(p.segment.start) / rate),
                        json_number(static_cast<double>(p.segment.length) / rate),
                        json_number(p.segment.score), p.pitch_hz ? json_number(*p.pitch_hz) : "null");
  }
  return fmt::format(
      R"({{"id": {}, "name": {}, "path": {}, "demo": {}, "role": {}, "tags": [{}], "duration_sec": {}, )"
      R"("channels": {}, "source_sample_rate": {}, "key": {}, )"
      R"("tempo": {{"bpm": {}, "confidence": {}, "beats": {}}}, )"
      R"("brightness": {{"class": {}, "mean_centroid_hz": {}}}, )"
      R"("stability": {{"class": {}, "stable_windows": {}, "total_windows": {}}}, )"
      R"("pads": [{}], "cached": {}, "seconds": {}}})",
      json_string(s.id), json_string(s.name), s.path.empty() ? "null" : json_string(s.path.string()),
      s.demo ? json_string(io::demo_facts(*s.demo).name) : "null", json_string(analysis::to_string(s.role)),
      tags, json_number(s.duration_seconds()), s.audio().channel_count(), json_number(s.features.source_rate),
      key, json_number(sum.tempo.bpm), sum.tempo.confidence ? json_number(*sum.tempo.confidence) : "null",
      sum.tempo.beats, json_string(analysis::to_string(sum.brightness.brightness)),
      json_number(sum.brightness.mean_centroid_hz), json_string(sum.stable ? "stable" : "unstable"),
      sum.stable_windows, sum.mask.size(), pads, s.from_cache ? "true" : "false", json_number(s.seconds));
}

std::string json_report(const analysis::Corpus& corpus, const std::optional<fs::path>& cache_dir) {
  std::string sources;
  for (const CorpusSource& s : corpus.sources())
    sources += (sources.empty() ? "\n    " : ",\n    ") + json_source(s);
  std::string failures;
  for (const analysis::SourceFailure& f : corpus.report().failures) {
    failures +=
        fmt::format(R"({}{{"id": {}, "path": {}, "kind": {}, "message": {}}})",
                    failures.empty() ? "\n    " : ",\n    ", json_string(f.id), json_string(f.path.string()),
                    json_string(kind_id(f.error.kind())), json_string(f.error.what()));
  }
  const analysis::CorpusReport& r = corpus.report();
  return fmt::format(
      "{{\n  \"afterglow_analysis\": 1,\n  \"sample_rate\": {},\n  \"sources\": [{}{}],\n  \"failures\": "
      "[{}{}],\n"
      "  \"cache\": {{\"enabled\": {}, \"dir\": {}, \"hits\": {}, \"writes\": {}}},\n  \"seconds\": {}\n}}\n",
      json_number(corpus.sample_rate()), sources, sources.empty() ? "" : "\n  ", failures,
      failures.empty() ? "" : "\n  ", cache_dir ? "true" : "false",
      cache_dir ? json_string(cache_dir->string()) : "null", r.cache_hits, r.cache_writes,
      json_number(r.seconds));
}

std::string text_report(const analysis::Corpus& corpus) {
  std::string out;
  for (const CorpusSource& s : corpus.sources()) {
    const analysis::SourceSummary& sum = s.summary;
    const std::string key =
        sum.key ? fmt::format("{} ({:.2f})", analysis::key_name(sum.key->key), sum.key->confidence) : "none";
    const std::string tempo = sum.tempo.confidence
                                  ? fmt::format("{:.1f} BPM ({:.2f})", sum.tempo.bpm, *sum.tempo.confidence)
                                  : std::string("none");
    out += fmt::format(
        "{}\n  {:.2f} s, {} ch | key {} | tempo {} | {} ({:.0f} Hz) | {} windows stable ({}) | "
        "{} pads | {:.2f} s{}\n",
        s.id, s.duration_seconds(), s.audio().channel_count(), key, tempo,
        analysis::to_string(sum.brightness.brightness), sum.brightness.mean_centroid_hz,
        fmt::format("{}/{}", sum.stable_windows, sum.mask.size()), sum.stable ? "stable" : "unstable",
        sum.pads.size(), s.seconds, s.from_cache ? " (cached)" : "");
    const double rate = s.audio().sample_rate;
    for (const analysis::MinedPad& p : sum.pads) {
      out += fmt::format("    pad at {:7.2f} s, {:.2f} s long, score {:.3f}{}\n",
                         static_cast<double>(p.segment.start) / rate,
                         static_cast<double>(p.segment.length) / rate, p.segment.score,
                         p.pitch_hz ? fmt::format(", ~{:.1f} Hz", *p.pitch_hz) : "");
    }
  }
  const analysis::CorpusReport& r = corpus.report();
  out += fmt::format("{} of {} sources analysed in {:.2f} s ({} from the cache)\n", corpus.size(),
                     corpus.size() + r.failures.size(), r.seconds, r.cache_hits);
  for (const analysis::SourceFailure& f : r.failures)
    out += fmt::format("  failed: {}: {}\n", f.id, f.error.what());
  return out;
}

int run_analyze(const AnalyzeOptions& options) {
  analysis::CorpusParams params;
  std::vector<analysis::SourceEntry> entries;
  std::optional<fs::path> export_dir;
  if (!options.scene.empty()) {
    const std::optional<config::Scene> loaded = load_scene_reporting(options.scene);
    if (!loaded) return kExitUsage;
    const config::Scene& scene = *loaded;
    engine::apply_scene(scene, params);
    export_dir = scene.export_dir();
    if (options.files.empty()) {
      entries = engine::scene_entries(scene);
    }
  }
  for (const std::string& file : options.files) {
    analysis::SourceEntry e;
    e.path = fs::absolute(file);
    entries.push_back(std::move(e));
  }
  if (options.scene.empty() && options.files.empty()) {
    entries = engine::default_demo_entries();
  }
  if (options.rate) params.features.sample_rate = *options.rate;
  if (auto valid = analysis::validate(params.features); !valid) {
    log::error("{}", valid.error().what());
    return kExitUsage;
  }

  const std::size_t jobs =
      options.jobs > 0 ? options.jobs : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  analysis::CorpusBuilder builder(params, jobs);
  // The export folder (renders, recordings, the cache) is never read as source material.
  {
    fs::path base = export_dir ? *export_dir : fs::path(io::kDefaultExportRoot);
    if (const char* env = std::getenv(io::kExportRootEnv); env != nullptr && *env != '\0') base = env;
    builder.set_excluded({fs::absolute(base)});
  }
  std::optional<fs::path> cache_dir;
  if (!options.no_cache) {
    // The cache lives under the export root: AFTERGLOW_EXPORT_ROOT, else the scene's export folder,
    // else ./export — the same root every other write of the program is contained in.
    fs::path base = export_dir ? *export_dir : fs::path(io::kDefaultExportRoot);
    if (const char* env = std::getenv(io::kExportRootEnv); env != nullptr && *env != '\0') base = env;
    cache_dir = analysis::analysis_cache_dir(fs::absolute(base));
    builder.set_cache(
        std::make_shared<analysis::AnalysisCache>(*cache_dir, io::ExportRoot::from_environment(base)));
  }
  const auto expanded = analysis::expand_sources(entries);  // only to size the progress display
  Progress progress("analysing", expanded.jobs.size());
  builder.set_progress([&progress](const std::string& id) { progress.advance(id); });
  auto corpus = builder.build(entries);
  progress.finish();
  if (!corpus) {
    log::error("{}", corpus.error().what());
    return kExitUsage;
  }
  const std::string report = options.json ? json_report(**corpus, cache_dir) : text_report(**corpus);
  std::fputs(report.c_str(), stdout);
  std::fflush(stdout);
  return (*corpus)->report().failures.empty() ? kExitOk : kExitPartial;
}

}  // namespace

void register_analyze_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<AnalyzeOptions>();
  auto* cmd =
      root.add_subcommand("analyze", "Analyse audio: key, tempo, brightness, stable regions and pads");
  cmd->footer(R"(Without FILES or --scene, analyses the embedded demo material (as scenes/default.yaml).
FILES may be audio files or folders (searched recursively). With --scene, the scene's sources are
analysed (unless FILES are given) with its pre_analysis, pad_miner and brightness_tags settings.
Analyses are cached under <export root>/.afterglow-cache/analysis (see docs/analysis.md).
Exit 0 when every input was analysed, 3 when some failed, 2 on a usage or scene error.

Examples:
  afterglow analyze
  afterglow analyze --json ~/archive/tapes
  afterglow analyze --scene scenes/default.yaml --jobs 2)");
  cmd->add_option("files", options->files, "Audio files or folders");
  cmd->add_option("--scene", options->scene,
                  "Scene (or afterglow config.yaml) whose sources and settings to use")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", options->json, "Print machine-readable JSON on stdout");
  cmd->add_option("--rate", options->rate,
                  "Engine sample rate to analyse at (default: the scene's, else 48000)")
      ->check(CLI::Range(8000.0, 192000.0));
  cmd->add_option("--jobs", options->jobs, "Worker threads (default: the number of cores, at most 8)")
      ->check(CLI::Range(1, 64));
  cmd->add_flag("--no-cache", options->no_cache, "Neither read nor write the analysis cache");
  cmd->callback([options, &exit_code] { exit_code = run_analyze(*options); });
}

}  // namespace afterglow::app
