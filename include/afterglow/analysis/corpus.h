#pragma once
// The Corpus: the analysed archive the live engine plays from. Per source, the audio at the engine rate
// and everything needed to choose material by how it sounds; across sources, the descriptor index.
//
// A Corpus is immutable once built and handed out as std::shared_ptr<const Corpus>, so the audio thread
// may read it without locks while a worker builds the next one; whoever drops the last reference frees
// it (the engine arranges for that to happen off the audio thread). It holds audio plus compact
// per-frame and per-window arrays (about 2 % of the audio), never spectra.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/analysis/descriptor_index.h"
#include "afterglow/analysis/source_analysis.h"
#include "afterglow/core/error.h"
#include "afterglow/io/demo_material.h"

namespace afterglow::analysis {

// What a source is for (mirrors a scene's `role`; the app maps config to this).
enum class SourceRole { kSource, kPads, kDrums, kAny };
std::string_view to_string(SourceRole role);

// One line of a scene's `sources`: a file, a folder (its audio files, sorted), or demo material.
struct SourceEntry {
  std::filesystem::path path;        // file or folder; ignored when `demo` is set
  std::optional<io::DemoKind> demo;  // the embedded demo material instead of a path
  SourceRole role = SourceRole::kAny;
  std::vector<std::string> tags;
  bool recursive = true;  // folders: include subfolders
};

struct CorpusSource {
  // Unique in the corpus: "demo:pad"; a file given directly: its file name; a file found in a folder:
  // "<folder name>/<path below the folder>". Two files with the same stem (or name) in different
  // folders therefore get different ids; remaining clashes get a "#2", "#3"... suffix.
  std::string id;
  std::string name;            // the file stem (or demo name), for display; not unique
  std::filesystem::path path;  // empty for demo material
  std::optional<io::DemoKind> demo;
  SourceRole role = SourceRole::kAny;
  std::vector<std::string> tags;

  SourceFeatures features;
  SourceSummary summary;
  bool from_cache = false;
  double seconds = 0.0;  // wall time spent loading and analysing this source

  const io::AudioBuffer& audio() const { return features.audio; }
  double duration_seconds() const { return features.audio.duration_seconds(); }
};

struct SourceFailure {
  std::string id;
  std::filesystem::path path;
  Error error;
};

struct CorpusReport {
  std::vector<SourceFailure> failures;  // in source order
  std::size_t cache_hits = 0;
  std::size_t cache_writes = 0;
  std::size_t cache_write_failures = 0;
  double seconds = 0.0;
};

class Corpus {
 public:
  double sample_rate() const { return sample_rate_; }
  std::span<const CorpusSource> sources() const { return sources_; }
  std::size_t size() const { return sources_.size(); }
  const CorpusSource* find(std::string_view id) const;
  // Over every source's acceptable windows; positions' `source` indexes sources().
  const DescriptorIndex& index() const { return index_; }
  const CorpusReport& report() const { return report_; }

 private:
  friend class CorpusBuilder;

  double sample_rate_ = 0.0;
  std::vector<CorpusSource> sources_;
  DescriptorIndex index_;
  CorpusReport report_;
};

}  // namespace afterglow::analysis
