#pragma once
// `afterglow curate`: the best N files of each category (curation_score.h) copied, byte for byte, into
// <out>/<category>/ — a shortlist to audition before building a kit (reference §9.4, made safe).
//
// What the original did wrong, and what happens here instead:
//   - --force deleted the whole output folder (rm -rf of whatever path was typed). Here nothing is ever
//     deleted except files a previous curate wrote into that folder, as listed in its marker
//     (<out>/.afterglow-curate); a folder that is not empty and has no marker is refused, --force or not.
//   - An output folder inside the input was pruned from the walk, but another curate output was not;
//     here every folder carrying the marker is skipped too, so a selection is never re-ingested (nor
//     is a contact sheet's picture folder).
//   - A name clash became <name>_<random 0-999>.wav, which could itself clash and changed run to run.
//     Here the first file (in category, then rank order) keeps its name and the next ones become
//     <stem>-2.wav, <stem>-3.wav ..., skipping any name already present: deterministic, never an overwrite.
//   - The walk order was the filesystem's; here paths are sorted, so ties (kept in input order) are
//     the same on every machine.
//   - Unreadable or empty files were skipped silently; here each is reported (and the exit code says so).

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/io/export_root.h"
#include "afterglow/render/curation_score.h"

namespace afterglow::render {

inline constexpr const char* kCurateMarker = ".afterglow-curate";
inline constexpr std::size_t kDefaultPerCategory = 10;

struct CurateOptions {
  std::filesystem::path input;
  std::filesystem::path output;
  std::size_t per_category = kDefaultPerCategory;
  bool force = false;  // replace the files a previous curate wrote into `output`
};

struct CurateCandidate {
  std::filesystem::path source;
  CurateCategory category = CurateCategory::kPads;
  double score = 0.0;
};

struct CuratedFile {
  std::filesystem::path source;
  std::filesystem::path destination;  // relative to the output folder: <category>/<name>
  CurateCategory category = CurateCategory::kPads;
  double score = 0.0;
};

struct UnreadableFile {
  std::filesystem::path path;
  std::string reason;
};

struct CurateReport {
  std::vector<CuratedFile> copied;          // category order, best first
  std::vector<CurateCandidate> considered;  // every scored file, in path order
  std::vector<UnreadableFile> unreadable;
  std::vector<std::filesystem::path> skipped_folders;  // output / marked folders left out of the walk
  std::size_t replaced = 0;                            // earlier curate files removed under --force

  std::size_t considered_in(CurateCategory category) const;
};

// The top `per_category` of each category: descending score, ties in input (path) order.
std::vector<CurateCandidate> select_best(const std::vector<CurateCandidate>& candidates,
                                         std::size_t per_category);

// Destination names for `selection` (relative <category>/<name>), never one of `taken` (relative
// paths already present) nor each other.
std::vector<std::filesystem::path> plan_destinations(const std::vector<CurateCandidate>& selection,
                                                     const std::vector<std::filesystem::path>& taken);

// The whole run. kUsage (nothing touched) for: a missing input folder, per_category 0, an output that
// is the input, a file, a non-empty folder without the marker, or one with the marker but no --force;
// kPermission when the output lies outside `root`. Write failures (disk full…) stop the run.
Result<CurateReport> curate_best(const CurateOptions& options, const io::ExportRoot& root);

}  // namespace afterglow::render
