#pragma once
// Builds a Corpus from a scene's sources on worker threads.
//
//  1. The entries are expanded into a list of sources, in entry order: a folder contributes its audio
//     files (wav, aif, aiff, flac, ogg, mp3; any case), recursively unless told otherwise, sorted by
//     path; a file the same file listed twice is kept once.
//  2. `threads` workers take sources from the list one at a time. Each source is analysed on its own,
//     start to end (decode, resample, analyse, release the temporaries), so memory beyond the finished
//     corpus is one file's temporaries per worker. With a cache, a source whose entry is present is
//     read from it instead, and a freshly analysed one is written to it.
//  3. Results go into a slot per source, so the corpus is identical whatever the thread count or
//     the order in which workers finish. A source that fails (unreadable, not audio, silent ...) is
//     logged as a warning, listed in the report and skipped.
//  4. The descriptor index is built over the surviving sources.

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "afterglow/analysis/analysis_cache.h"
#include "afterglow/analysis/corpus.h"

namespace afterglow::analysis {

struct CorpusParams {
  FeatureParams features;
  SummaryParams summary;
  IndexParams index;
};

// A source to analyse, after folder expansion.
struct SourceJob {
  std::string id;
  std::string name;
  std::filesystem::path path;
  std::optional<io::DemoKind> demo;
  SourceRole role = SourceRole::kAny;
  std::vector<std::string> tags;
};

struct ExpandedSources {
  std::vector<SourceJob> jobs;
  std::vector<SourceFailure> failures;  // entries that do not exist or cannot be listed
};

// Step 1 alone. Files found in a folder that lie inside one of `excluded` (the program's own export
// folder: recordings, renders, the cache) are left out, so an export folder kept inside the archive
// is never read back as source material. A file named directly is always taken.
ExpandedSources expand_sources(std::span<const SourceEntry> entries,
                               std::span<const std::filesystem::path> excluded = {});

// True for the extensions the io layer reads.
bool is_audio_file_name(const std::filesystem::path& path);

class CorpusBuilder {
 public:
  explicit CorpusBuilder(CorpusParams params, std::size_t threads = 1);

  // Optional; without one every source is analysed.
  void set_cache(std::shared_ptr<const AnalysisCache> cache) { cache_ = std::move(cache); }
  // Folders never read from when expanding a folder entry (expand_sources).
  void set_excluded(std::vector<std::filesystem::path> excluded) { excluded_ = std::move(excluded); }
  // Called after each source, from the worker that finished it, serialised by the builder.
  void set_progress(std::function<void(const std::string& id)> progress) { progress_ = std::move(progress); }

  const CorpusParams& params() const { return params_; }

  // kInvalidValue for invalid parameters; otherwise a corpus (possibly empty: see its report).
  Result<std::shared_ptr<const Corpus>> build(std::span<const SourceEntry> entries) const;
  // Steps 2-4 on sources already expanded (a subset of expand_sources' list keeps the ids, and so the
  // seeds and names, the whole list gives them). `failures` open the report's list.
  Result<std::shared_ptr<const Corpus>> build_jobs(std::span<const SourceJob> jobs,
                                                   std::vector<SourceFailure> failures = {}) const;

 private:
  CorpusParams params_;
  std::size_t threads_;
  std::shared_ptr<const AnalysisCache> cache_;
  std::vector<std::filesystem::path> excluded_;
  std::function<void(const std::string&)> progress_;
};

}  // namespace afterglow::analysis
