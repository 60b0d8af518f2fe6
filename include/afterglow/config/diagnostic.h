#pragma once
// A problem found in a scene file, located precisely enough that a musician can fix it without
// guessing: file, 1-based line and column, the dotted key path, and what was wrong. Loading collects
// every diagnostic before failing so one run of `afterglow check` shows all the problems at once.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace afterglow::config {

enum class Severity { kWarning, kError };

std::string_view to_string(Severity severity);  // "warning", "error"

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;          // 1-based; 0 when the problem has no single place (a missing section)
  int column = 0;        // 1-based; 0 when unknown
  std::string key_path;  // e.g. "clouds.grain_length_min_ms"; empty for file-level problems
  std::string message;
  std::string source_line;  // the text of `line` in the file (no newline), empty when unknown

  // "file:line:col: error: key.path: message" (the location and key parts are left out when unknown).
  std::string format() const;
  // format() followed by the quoted source line and a caret under the column, when known.
  std::string format_with_source() const;
};

class Diagnostics {
 public:
  void add(Diagnostic diagnostic) { items_.push_back(std::move(diagnostic)); }

  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t size() const { return items_.size(); }
  std::size_t error_count() const;
  std::size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }

  // Only the diagnostics of one severity, in order.
  std::vector<Diagnostic> errors() const;
  std::vector<Diagnostic> warnings() const;

  // Orders by line then column (file-level diagnostics last) so a report reads top to bottom.
  void sort_by_position();

  // One format() line per diagnostic.
  std::string format_all() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace afterglow::config
