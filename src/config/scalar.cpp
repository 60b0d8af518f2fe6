#include "scalar.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace afterglow::config::detail {
namespace {

bool is_one_of(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (s == w) return true;
  }
  return false;
}

// Digits with optional sign and `_` separators (YAML 1.1 allows them in numbers).
std::string strip_underscores(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '_') out.push_back(c);
  }
  return out;
}

bool parse_int(const std::string& text, long long& out) {
  std::string s = strip_underscores(text);
  if (s.empty()) return false;
  std::size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  if (i >= s.size()) return false;
  for (std::size_t k = i; k < s.size(); ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
  }
  errno = 0;
  char* end = nullptr;
  out = std::strtoll(s.c_str(), &end, 10);
  return errno == 0 && end == s.c_str() + s.size();
}

bool parse_float(const std::string& text, double& out) {
  if (is_one_of(text, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (is_one_of(text, {"-.inf", "-.Inf", "-.INF"})) {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (is_one_of(text, {".nan", ".NaN", ".NAN"})) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  std::string s = strip_underscores(text);
  if (s.empty()) return false;
  // Only plain decimal notation: strtod would also take "inf", "nan" and hex floats, which YAML
  // reads as text.
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    if (!ok) return false;
  }
  errno = 0;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return errno != ERANGE && end == s.c_str() + s.size();
}

}  // namespace

Scalar resolve_scalar(const YAML::Node& node) {
  Scalar out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (node.IsSequence()) {
    out.kind = ScalarKind::kList;
    return out;
  }
  if (node.IsMap()) {
    out.kind = ScalarKind::kMap;
    return out;
  }
  out.text = node.Scalar();
  const std::string& tag = node.Tag();
  // "!" marks a quoted scalar; an explicit !!str tag also forces text.
  if (tag == "!" || tag == "tag:yaml.org,2002:str") {
    out.kind = ScalarKind::kString;
    return out;
  }
  const std::string& s = out.text;
  if (is_one_of(s, {"", "~", "null", "Null", "NULL"})) return out;
  if (is_one_of(s, {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})) {
    out.kind = ScalarKind::kBool;
    out.boolean = true;
    return out;
  }
  if (is_one_of(s, {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})) {
    out.kind = ScalarKind::kBool;
    return out;
  }
  if (parse_int(s, out.integer)) {
    out.kind = ScalarKind::kInt;
    out.number = static_cast<double>(out.integer);
    return out;
  }
  if (parse_float(s, out.number)) {
    out.kind = ScalarKind::kFloat;
    return out;
  }
  out.kind = ScalarKind::kString;
  return out;
}

std::string describe(const YAML::Node& node) {
  Scalar s = resolve_scalar(node);
  switch (s.kind) {
    case ScalarKind::kNull:
      return "nothing (null)";
    case ScalarKind::kList:
      return "a list";
    case ScalarKind::kMap:
      return "a mapping";
    case ScalarKind::kString:
      return "\"" + s.text + "\"";
    default:
      return s.text;
  }
}

}  // namespace afterglow::config::detail
