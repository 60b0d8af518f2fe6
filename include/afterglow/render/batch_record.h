#pragma once
// What `afterglow batch` remembers about each source it has rendered, so that a run over the same
// folder redoes only what changed and a killed run picks up where it stopped.
//
// Each source gets one record, <project>/.afterglow-batch/<label>.json, written atomically after its
// last output file: a source has a record only when all its outputs are on disk. The record holds the
// source file's size and modification time, the fingerprint of the settings it was rendered with, and
// every output: its path, size, and what the TR-8S exporter needs to know (kind, variant, grade,
// manifest row), so the kit can be assembled from the files without rendering again. A source that
// failed keeps a record of the failure, so it is reported again but not retried until it changes.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/io/export_root.h"
#include "afterglow/render/grading.h"
#include "afterglow/render/kit_item.h"
#include "afterglow/render/manifest.h"

namespace afterglow::render {

inline constexpr const char* kBatchStateFolder = ".afterglow-batch";

struct BatchOutput {
  std::string path;  // relative to the project folder, '/'-separated
  std::uintmax_t bytes = 0;
  SampleKind kind = SampleKind::kPad;
  std::string source_stem;
  std::string variant;
  std::string descriptive_name;
  Grade grade = Grade::kB;
  bool is_loop = false;
  bool saved = true;  // false: graded F under curation.auto_delete_grade_f (no file, manifest row only)
  ManifestRow metadata;
};

// A source file as it is on disk: its size and modification time.
struct SourceState {
  std::uintmax_t bytes = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const SourceState&) const = default;
};
Result<SourceState> source_state(const std::filesystem::path& file);

struct BatchRecord {
  std::string source_id;
  std::string source_path;
  SourceState source;
  std::string settings;  // fingerprint of everything else the outputs depend on
  std::string failure;   // non-empty: the source failed, with this message
  std::vector<BatchOutput> outputs;
};

std::string to_json(const BatchRecord& record);
// kDecode for text that is not a record (a damaged record is treated as absent by the caller).
Result<BatchRecord> parse_batch_record(std::string_view json);

std::filesystem::path batch_record_path(const std::filesystem::path& project, std::string_view label);
// The record, or nullopt when there is none or it cannot be read.
std::optional<BatchRecord> read_batch_record(const std::filesystem::path& file);
Status write_batch_record(const std::filesystem::path& file, const BatchRecord& record,
                          const io::ExportRoot& root);

// Why `record` cannot be reused for `source` under `settings` (nullopt: it can): the source changed,
// the settings changed, or an output is missing or has another size.
std::optional<std::string> stale_reason(const BatchRecord& record, const SourceState& source,
                                        std::string_view settings, const std::filesystem::path& project);

// A 16-hex-digit fingerprint of `parts` (order matters).
std::string fingerprint(const std::vector<std::string>& parts);

}  // namespace afterglow::render
