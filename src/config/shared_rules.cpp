#include <fmt/format.h>

#include "sections.h"

namespace afterglow::config::detail {

void check_order(SectionReader& r, std::string_view low_key, double low, std::string_view high_key,
                 double high, bool strict) {
  if (r.failed(low_key) || r.failed(high_key)) return;
  bool wrong = strict ? low >= high : low > high;
  if (!wrong) return;
  auto shown = [&](std::string_view key, double v) {
    return r.has(key) ? format_number(v) : format_number(v) + ", the default";
  };
  const char* relation = strict ? "must be below" : "must not exceed";
  if (r.has(high_key) || !r.has(low_key)) {
    r.error(high_key, fmt::format("({}) must be {} `{}` ({})", shown(high_key, high),
                                  strict ? "above" : "at least", r.key_path(low_key), shown(low_key, low)));
  } else {
    r.error(low_key, fmt::format("({}) {} `{}` ({})", shown(low_key, low), relation, r.key_path(high_key),
                                 shown(high_key, high)));
  }
}

void check_below_nyquist(SectionReader& r, std::string_view key, double hz) {
  if (r.failed(key)) return;
  LoadContext& ctx = r.context();
  if (hz < ctx.nyquist_hz()) return;
  r.error(key, fmt::format("({} Hz{}) must be below the Nyquist frequency {}", format_number(hz),
                           r.has(key) ? "" : ", the default", ctx.nyquist_text()));
}

bool read_pitch_range(SectionReader& r, std::string_view key, PitchRange& out, double missing) {
  YAML::Node node = r.take(key);
  if (!node.IsDefined()) return true;
  if (!node.IsMap()) {
    r.error(key, "must be a mapping with `min` and `max` in semitones, e.g. {min: -7, max: 7}");
    return false;
  }
  SectionReader range(r.context(), r.key_path(key), node);
  PitchRange value{-missing, missing};
  range.number("min", value.min, between(-48, 48, "semitones"));
  range.number("max", value.max, between(-48, 48, "semitones"));
  check_order(range, "min", value.min, "max", value.max, false);
  range.finish();
  if (range.failed("min") || range.failed("max")) {
    r.mark_failed(key);
    return false;
  }
  out = value;
  return true;
}

void check_peak_dbfs(SectionReader& r, std::string_view key, std::optional<double> value) {
  if (!value || r.failed(key)) return;
  if (*value > 0.0) {
    r.error(key, fmt::format("({}) must be negative (0 dBFS is digital maximum)", format_number(*value)));
  } else if (*value < -60.0) {
    r.warning(key,
              fmt::format("({} dBFS) is very quiet; outputs will be barely audible", format_number(*value)));
  }
}

}  // namespace afterglow::config::detail
