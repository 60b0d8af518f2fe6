#pragma once
// Reads one YAML mapping (a section, or an entry of a list) into typed fields. Every read registers
// its key as known, so that finish() can flag the rest as unknown with a suggestion; every problem
// becomes a diagnostic at the value's line and column, and reading goes on. Internal.

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "load_context.h"

namespace afterglow::config::detail {

// Whether afterglow-engine stops with an error when the key is missing: such a key falls back to
// the default here, with a warning in an afterglow config (LoadContext::compat).
enum class Need { kOptional, kRequired };

struct Bounds {
  std::optional<double> min;
  std::optional<double> max;
  bool min_open = false;  // min itself not allowed
  bool max_open = false;
  std::string_view unit;    // appended to the numbers in messages
  bool strict_int = false;  // integers only as integer literals (`2.0` refused), as the original

  bool contains(double v) const;
  std::string describe() const;  // "> 0 ms and <= 10000 ms", "between 0 and 1"
};

Bounds any_number(std::string_view unit = {});
Bounds positive(std::string_view unit = {});
Bounds non_negative(std::string_view unit = {});
Bounds at_least(double lo, std::string_view unit = {});
Bounds between(double lo, double hi, std::string_view unit = {});
Bounds at_most(double hi, std::string_view unit = {});
std::string format_number(double v);

class SectionReader {
 public:
  // `node` undefined: the section is absent. Null: present and empty. Anything else but a mapping is
  // an error and the section counts as absent.
  // `key_where` is where the section's own key sits: missing-key warnings point there.
  SectionReader(LoadContext& ctx, std::string path, const YAML::Node& node, SourceLocation key_where = {});

  bool present() const { return present_; }
  const std::string& path() const { return path_; }
  std::string key_path(std::string_view key) const;
  LoadContext& context() { return ctx_; }

  bool has(std::string_view key) const;
  bool failed(std::string_view key) const { return failed_.count(std::string(key)) > 0; }
  SourceLocation where(std::string_view key) const;  // the value, else the section
  SourceLocation where() const { return where_; }

  // Each returns true when the key was present and valid (`out` assigned). A missing key keeps
  // `out`; a bad value reports, keeps `out` and marks the key failed.
  bool number(std::string_view key, double& out, const Bounds& b = {}, Need need = Need::kOptional);
  bool number(std::string_view key, std::optional<double>& out, const Bounds& b = {});  // null ok
  bool integer(std::string_view key, int& out, const Bounds& b = {}, Need need = Need::kOptional);
  bool integer(std::string_view key, std::optional<int>& out, const Bounds& b = {});
  bool seed(std::string_view key, std::optional<long long>& out);
  bool boolean(std::string_view key, bool& out, Need need = Need::kOptional);
  bool boolean(std::string_view key, std::optional<bool>& out);
  bool text(std::string_view key, std::string& out, Need need = Need::kOptional);
  bool text(std::string_view key, std::optional<std::string>& out);  // null ok
  // A list of numbers; with `scalar_ok` a single number is read as a one-element list.
  bool numbers(std::string_view key, std::vector<double>& out, const Bounds& each = {},
               Need need = Need::kOptional, bool scalar_ok = false);
  bool texts(std::string_view key, std::vector<std::string>& out, Need need = Need::kOptional);
  // One of `allowed` (case-sensitive); returns its index.
  std::optional<std::size_t> choice(std::string_view key, std::initializer_list<std::string_view> allowed);

  // The raw value (undefined when absent), registering the key: for values parsed by hand.
  YAML::Node take(std::string_view key);
  // A nested mapping.
  SectionReader child(std::string_view key);

  // A deprecated key: registers it and, when present, warns that `new_key` replaces it.
  void legacy(std::string_view key, std::string_view new_key, bool superseded);
  // Warns, when present, that the key is accepted but changes nothing.
  void no_effect(std::string_view key, std::string_view why = {});

  void error(std::string_view key, std::string message);
  void warning(std::string_view key, std::string message);
  void mark_failed(std::string_view key) { failed_.insert(std::string(key)); }

  // Unknown keys become warnings, with a did-you-mean among the known keys.
  void finish();

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };
  const Entry* find(std::string_view key) const;
  // Registers the key; reports a missing required key. Returns the entry when present.
  const Entry* lookup(std::string_view key, Need need, const std::string& default_text);
  bool read_number(std::string_view key, const Entry& e, const Bounds& b, double& v, bool want_int);

  LoadContext& ctx_;
  std::string path_;
  bool present_ = false;
  SourceLocation where_;
  SourceLocation key_where_;
  std::vector<Entry> entries_;
  std::set<std::string, std::less<>> known_;
  std::set<std::string> failed_;
  std::vector<std::string> known_order_;
};

}  // namespace afterglow::config::detail
