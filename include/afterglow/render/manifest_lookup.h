#pragma once
// Which manifest.csv row describes a file on disk, for tools that browse an export after the fact (the
// contact sheet). The manifest lives at the export's top (<export>/manifest.csv), so it is searched for
// from a folder upwards: a kit folder <export>/ROLAND/TR-8S/SAMPLE/<KIT> is four levels below it.
//
// Matching: a kit file by the `tr8s_path` column (its path below the manifest's folder); a layout file
// (<label>/<folder>/<filename>) by `filename`, and when several rows share the name, by `source` equal
// to <label>. Rows with saved=False describe files that were never written and match nothing. When the
// match is ambiguous there is no row rather than a wrong one.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "afterglow/render/manifest_reader.h"

namespace afterglow::render {

inline constexpr int kManifestSearchLevels = 4;

class ManifestIndex {
 public:
  explicit ManifestIndex(std::filesystem::path folder, ManifestTable table);

  // The first manifest.csv in `dir` or up to `levels` folders above it; nullopt when there is none.
  static std::optional<ManifestIndex> find_from(const std::filesystem::path& dir,
                                                int levels = kManifestSearchLevels);

  const std::filesystem::path& folder() const { return folder_; }
  std::filesystem::path file() const { return folder_ / "manifest.csv"; }

  // The row for `file` (an absolute path, or one relative to the same base as folder()), or nullptr.
  const ManifestTextRow* row_for(const std::filesystem::path& file) const;

 private:
  std::filesystem::path folder_;
  ManifestTable table_;
  std::map<std::string, std::size_t> by_tr8s_path_;
  std::multimap<std::string, std::size_t> by_filename_;
};

}  // namespace afterglow::render
