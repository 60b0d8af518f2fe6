#include "afterglow/render/manifest_lookup.h"

#include <iterator>

namespace afterglow::render {

namespace fs = std::filesystem;

ManifestIndex::ManifestIndex(fs::path folder, ManifestTable table)
    : folder_(std::move(folder)), table_(std::move(table)) {
  for (std::size_t i = 0; i < table_.rows.size(); ++i) {
    const ManifestTextRow& row = table_.rows[i];
    if (cell(row, "saved") == std::optional<std::string>("False")) continue;
    if (auto p = cell(row, "tr8s_path")) by_tr8s_path_.emplace(*p, i);
    if (auto f = cell(row, "filename")) by_filename_.emplace(*f, i);
  }
}

std::optional<ManifestIndex> ManifestIndex::find_from(const fs::path& dir, int levels) {
  fs::path folder = dir;
  for (int level = 0; level <= levels; ++level) {
    if (auto table = read_manifest(folder / "manifest.csv")) return ManifestIndex(folder, std::move(*table));
    if (!folder.has_parent_path() || folder.parent_path() == folder) break;
    folder = folder.parent_path();
  }
  return std::nullopt;
}

const ManifestTextRow* ManifestIndex::row_for(const fs::path& file) const {
  const fs::path relative = file.lexically_relative(folder_);
  if (relative.empty() || *relative.begin() == "..") return nullptr;
  if (auto it = by_tr8s_path_.find(relative.generic_string()); it != by_tr8s_path_.end()) {
    return &table_.rows[it->second];
  }
  auto [first, last] = by_filename_.equal_range(file.filename().string());
  if (first == last) return nullptr;
  if (std::next(first) == last) return &table_.rows[first->second];
  const std::string label = relative.begin()->string();
  for (auto it = first; it != last; ++it) {
    if (cell(table_.rows[it->second], "source") == std::optional<std::string>(label))
      return &table_.rows[it->second];
  }
  return nullptr;
}

}  // namespace afterglow::render
