#include "afterglow/render/manifest_reader.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace afterglow::render {
namespace {

// Splits `text` into records of fields, honouring quotes.
std::vector<std::vector<std::string>> parse_records(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool any = false;  // the current record has content (so a trailing newline adds no empty record)
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        record.push_back(std::move(field));
        records.push_back(std::move(record));
      }
      field.clear();
      record.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace

ManifestTable parse_manifest(std::string_view text) {
  ManifestTable table;
  auto records = parse_records(text);
  if (records.empty()) return table;
  table.columns = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    ManifestTextRow row;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      row[table.columns[c]] = c < records[r].size() ? records[r][c] : std::string();
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Result<ManifestTable> read_manifest(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Error(ErrorKind::kNotFound, "no manifest.csv here", {{"file", path.string()}});
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof())
    return Error(ErrorKind::kFilesystem, "cannot read the manifest", {{"file", path.string()}});
  return parse_manifest(text.str());
}

std::optional<std::string> cell(const ManifestTextRow& row, std::string_view column) {
  const auto it = row.find(column);
  if (it == row.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace afterglow::render
