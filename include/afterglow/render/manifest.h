#pragma once
// manifest.csv as the original writes it (reference §11.3), so that a user's spreadsheets and scripts
// keep working: the columns are the union of every row's keys sorted alphabetically, rows in the order
// given, and each value in Python's str() form (None -> empty cell, inf -> "inf", booleans "True" /
// "False", floats at full repr precision: the shortest text that reads back to the same double, in
// fixed notation for exponents -4..15 and "1e-05" style outside). The CSV dialect is Python csv's
// default: comma, '"' quoting only where a field needs it, "\r\n" line ends. The port adds two columns,
// `short_name` (the TR-8S name) and `tr8s_path` (the file in the kit, relative to the export folder).

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/io/export_root.h"
#include "afterglow/render/grading.h"

namespace afterglow::render {

// None, bool, int, float or str: the value types a manifest row holds in the original.
using ManifestValue = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

// One row: key -> value. A key absent from a row is an empty cell in its column.
using ManifestRow = std::map<std::string, ManifestValue, std::less<>>;

// Python's repr(float): "0.1", "1.0", "1e-05", "1.5e+16", "inf", "-inf", "nan", "-0.0".
std::string python_float_repr(double value);

// Python's str() of a value (see above).
std::string python_str(const ManifestValue& value);

// The row fields of the reference's metadata (§10.4): duration_sec, rms_db, peak, crest_factor,
// centroid_hz, est_freq_hz and loop_error_db (None when absent), and grade.
void add_metrics(ManifestRow& row, const AudioMetrics& metrics, Grade grade);

// The sorted union of every row's keys.
std::vector<std::string> manifest_columns(const std::vector<ManifestRow>& rows);

// The whole CSV text: header line, then one line per row.
std::string format_manifest(const std::vector<ManifestRow>& rows);

// Writes format_manifest(rows) to `path` atomically (a complete new file replaces the old one, or the
// old one stays), after the containment and disk-space checks of io::prepare_write. Like the original,
// nothing is written when there are no rows (Ok is returned).
Status write_manifest(const std::filesystem::path& path, const std::vector<ManifestRow>& rows,
                      const io::ExportRoot& root);

}  // namespace afterglow::render
