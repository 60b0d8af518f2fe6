#pragma once
// State shared by every section reader while one scene loads: where diagnostics go, the source text
// (to quote the offending line), and the facts cross-section rules need (the sample rates). Internal.

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "afterglow/config/diagnostic.h"
#include "afterglow/config/value.h"

namespace afterglow::config::detail {

SourceLocation location_of(const YAML::Node& node);
SourceLocation location_of(const YAML::Mark& mark);

class LoadContext {
 public:
  LoadContext(std::string file, std::string_view text);

  void report(Severity severity, std::string key_path, SourceLocation where, std::string message);
  void error(std::string key_path, SourceLocation where, std::string message) {
    report(Severity::kError, std::move(key_path), where, std::move(message));
  }
  void warning(std::string key_path, SourceLocation where, std::string message) {
    report(Severity::kWarning, std::move(key_path), where, std::move(message));
  }

  const std::string& file() const { return file_; }
  std::string source_line(int line) const;  // 1-based; empty when out of range
  Diagnostics& diagnostics() { return diagnostics_; }

  // An afterglow-engine config.yaml (`global` or `paths`, and no `engine`, `sources` or `layers`):
  // only then is a key the original requires reported when missing, since a live scene relies on the
  // defaults on purpose.
  bool compat = false;

  // The rates filters must stay below half of: the offline render rate and the live engine rate.
  int render_rate = 44100;
  int engine_rate = 48000;
  double nyquist_hz() const;
  std::string nyquist_text() const;  // "22050 Hz (half of global.sample_rate 44100)"

 private:
  std::string file_;
  std::vector<std::string> lines_;
  Diagnostics diagnostics_;
};

}  // namespace afterglow::config::detail
