#pragma once
// Values kept as written for later interpretation: layer parameters are checked by the parameter
// registry and MIDI mappings by the MIDI layer, neither of which the config layer may depend on. Each
// keeps its source position so those later checks can still point at file:line:col.

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace afterglow::config {

struct SourceLocation {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based; 0 = unknown
};

// A YAML scalar after type resolution: a number, a string or a bool.
using ParamValue = std::variant<double, std::string, bool>;

struct Field {
  std::string key;
  ParamValue value;
  SourceLocation where;
};

// Ordered as written: the order matters to a musician reading a report, and duplicates were already
// reported while loading.
using FieldList = std::vector<Field>;

// The field named `key`, or nullptr.
const Field* find_field(const FieldList& fields, const std::string& key);

std::string to_string(const ParamValue& value);

}  // namespace afterglow::config
