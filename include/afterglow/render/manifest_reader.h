#pragma once
// Reading manifest.csv back (the writer is manifest.h): the contact sheet shows what the render
// measured instead of measuring again. Python csv's dialect: comma, '"' quoting with "" for a quote,
// line ends \r\n or \n, quoted fields may span lines. Values stay text; a missing cell is "".

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/core/result.h"

namespace afterglow::render {

using ManifestTextRow = std::map<std::string, std::string, std::less<>>;

struct ManifestTable {
  std::vector<std::string> columns;
  std::vector<ManifestTextRow> rows;  // every column present in every row
};

// The table of `text`: the first record is the header.
ManifestTable parse_manifest(std::string_view text);

// kNotFound when the file does not exist, kFilesystem when it cannot be read.
Result<ManifestTable> read_manifest(const std::filesystem::path& path);

// A non-empty cell, or nullopt.
std::optional<std::string> cell(const ManifestTextRow& row, std::string_view column);

}  // namespace afterglow::render
