#include "load_context.h"

#include <fmt/format.h>

#include <algorithm>

namespace afterglow::config::detail {

SourceLocation location_of(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

SourceLocation location_of(const YAML::Node& node) {
  if (!node.IsDefined()) return {};
  return location_of(node.Mark());
}

LoadContext::LoadContext(std::string file, std::string_view text) : file_(std::move(file)) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines_.push_back(std::move(line));
    start = end + 1;
  }
}

void LoadContext::report(Severity severity, std::string key_path, SourceLocation where, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.file = file_;
  d.line = where.line;
  d.column = where.column;
  d.key_path = std::move(key_path);
  d.message = std::move(message);
  d.source_line = source_line(where.line);
  diagnostics_.add(std::move(d));
}

std::string LoadContext::source_line(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > lines_.size()) return {};
  return lines_[static_cast<std::size_t>(line - 1)];
}

double LoadContext::nyquist_hz() const {
  return std::min(render_rate, engine_rate) / 2.0;
}

std::string LoadContext::nyquist_text() const {
  if (render_rate <= engine_rate) {
    return fmt::format("{} Hz (half of global.sample_rate {})", render_rate / 2.0, render_rate);
  }
  return fmt::format("{} Hz (half of engine.sample_rate {})", engine_rate / 2.0, engine_rate);
}

}  // namespace afterglow::config::detail
