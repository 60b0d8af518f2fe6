// Allowed ranges of numeric keys and how they read in a message ("> 0 ms and <= 10000 ms").

#include <fmt/format.h>

#include <cmath>

#include "section_reader.h"

namespace afterglow::config::detail {

std::string format_number(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);
}

namespace {

std::string with_unit(double v, std::string_view unit) {
  return unit.empty() ? format_number(v) : fmt::format("{} {}", format_number(v), unit);
}

}  // namespace

bool Bounds::contains(double v) const {
  if (std::isnan(v)) return false;
  if (min && (min_open ? v <= *min : v < *min)) return false;
  if (max && (max_open ? v >= *max : v > *max)) return false;
  return true;
}

std::string Bounds::describe() const {
  if (min && max && !min_open && !max_open) {
    return fmt::format("between {} and {}", format_number(*min), with_unit(*max, unit));
  }
  std::string out;
  if (min) out = fmt::format("{} {}", min_open ? ">" : ">=", with_unit(*min, unit));
  if (max) {
    if (!out.empty()) out += " and ";
    out += fmt::format("{} {}", max_open ? "<" : "<=", with_unit(*max, unit));
  }
  return out.empty() ? "a finite number" : out;
}

namespace {

Bounds make_bounds(std::optional<double> min, std::optional<double> max, bool min_open,
                   std::string_view unit) {
  Bounds b;
  b.min = min;
  b.max = max;
  b.min_open = min_open;
  b.unit = unit;
  return b;
}

}  // namespace

Bounds any_number(std::string_view unit) {
  return make_bounds({}, {}, false, unit);
}
Bounds positive(std::string_view unit) {
  return make_bounds(0.0, {}, true, unit);
}
Bounds non_negative(std::string_view unit) {
  return make_bounds(0.0, {}, false, unit);
}
Bounds at_least(double lo, std::string_view unit) {
  return make_bounds(lo, {}, false, unit);
}
Bounds between(double lo, double hi, std::string_view unit) {
  return make_bounds(lo, hi, false, unit);
}
Bounds at_most(double hi, std::string_view unit) {
  return make_bounds({}, hi, false, unit);
}

}  // namespace afterglow::config::detail
