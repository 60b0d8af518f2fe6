#include "afterglow/config/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>

namespace afterglow::config {

std::string_view to_string(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

std::string Diagnostic::format() const {
  std::string out = file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  out += fmt::format(": {}: ", to_string(severity));
  if (!key_path.empty()) out += key_path + ": ";
  out += message;
  return out;
}

std::string Diagnostic::format_with_source() const {
  std::string out = format();
  if (source_line.empty()) return out;
  out += "\n  " + source_line;
  if (column > 0) {
    // Keep tabs so the caret lines up under the same characters in a terminal.
    std::string pad;
    for (int i = 0; i < column - 1 && i < static_cast<int>(source_line.size()); ++i) {
      pad.push_back(source_line[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ');
    }
    out += "\n  " + pad + "^";
  }
  return out;
}

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::size_t Diagnostics::warning_count() const {
  return items_.size() - error_count();
}

std::vector<Diagnostic> Diagnostics::errors() const {
  std::vector<Diagnostic> out;
  for (const auto& d : items_) {
    if (d.severity == Severity::kError) out.push_back(d);
  }
  return out;
}

std::vector<Diagnostic> Diagnostics::warnings() const {
  std::vector<Diagnostic> out;
  for (const auto& d : items_) {
    if (d.severity == Severity::kWarning) out.push_back(d);
  }
  return out;
}

void Diagnostics::sort_by_position() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    // Located diagnostics first, in reading order; file-level ones keep their order at the end.
    const bool a_located = a.line > 0;
    const bool b_located = b.line > 0;
    if (a_located != b_located) return a_located;
    if (!a_located) return false;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
}

std::string Diagnostics::format_all() const {
  std::string out;
  for (const auto& d : items_) out += d.format() + "\n";
  return out;
}

}  // namespace afterglow::config
