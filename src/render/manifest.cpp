#include "afterglow/render/manifest.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>

#include "afterglow/io/atomic_file.h"
#include "afterglow/io/disk_space.h"

namespace afterglow::render {
namespace {

// Python's repr switches to exponent notation below 1e-4 and from 1e16 on.
constexpr int kFixedMinExponent = -4;
constexpr int kFixedMaxExponent = 16;

bool needs_quoting(std::string_view field) {
  return field.find_first_of(",\"\r\n") != std::string_view::npos;
}

void append_field(std::string& out, std::string_view field) {
  if (!needs_quoting(field)) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

Status write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io::error_from_errno(errno, {}, "write manifest.csv");
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return Ok{};
}

}  // namespace

std::string python_float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits in scientific form "d[.ddd]e[+-]XX"; Python picks the same digits.
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string sci(buffer, result.ptr);
  std::string sign;
  if (!sci.empty() && sci.front() == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  const std::size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  const int exponent = std::atoi(sci.c_str() + e + 1);
  if (digits.size() > 1) digits.erase(1, 1);  // drop the '.'

  if (exponent >= kFixedMinExponent && exponent < kFixedMaxExponent) {
    std::string out;
    if (exponent < 0) {
      out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    } else {
      const auto int_digits = static_cast<std::size_t>(exponent) + 1;
      if (digits.size() <= int_digits) {
        out = digits + std::string(int_digits - digits.size(), '0') + ".0";
      } else {
        out = digits.substr(0, int_digits) + "." + digits.substr(int_digits);
      }
    }
    return sign + out;
  }
  std::string mantissa = digits.substr(0, 1);
  if (digits.size() > 1) mantissa += "." + digits.substr(1);
  const int magnitude = std::abs(exponent);
  std::string exp_text = std::to_string(magnitude);
  if (exp_text.size() < 2) exp_text.insert(0, "0");
  return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp_text;
}

std::string python_str(const ManifestValue& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return {}; }
    std::string operator()(bool b) const { return b ? "True" : "False"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return python_float_repr(d); }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, value);
}

void add_metrics(ManifestRow& row, const AudioMetrics& metrics, Grade grade) {
  const auto optional = [](const std::optional<double>& v) -> ManifestValue {
    if (v) return *v;
    return std::monostate{};
  };
  row["duration_sec"] = metrics.duration_sec;
  row["rms_db"] = metrics.rms_db;
  row["peak"] = metrics.peak;
  row["crest_factor"] = metrics.crest_factor;
  row["centroid_hz"] = metrics.centroid_hz;
  row["est_freq_hz"] = optional(metrics.est_freq_hz);
  row["loop_error_db"] = optional(metrics.loop_error_db);
  row["grade"] = std::string(to_string(grade));
}

std::vector<std::string> manifest_columns(const std::vector<ManifestRow>& rows) {
  std::set<std::string, std::less<>> keys;
  for (const ManifestRow& row : rows) {
    for (const auto& [key, value] : row) keys.insert(key);
  }
  return {keys.begin(), keys.end()};
}

std::string format_manifest(const std::vector<ManifestRow>& rows) {
  const std::vector<std::string> columns = manifest_columns(rows);
  std::string out;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) out += ',';
    append_field(out, columns[c]);
  }
  out += "\r\n";
  for (const ManifestRow& row : rows) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) out += ',';
      if (auto it = row.find(columns[c]); it != row.end()) append_field(out, python_str(it->second));
    }
    out += "\r\n";
  }
  return out;
}

Status write_manifest(const std::filesystem::path& path, const std::vector<ManifestRow>& rows,
                      const io::ExportRoot& root) {
  if (rows.empty()) return Ok{};
  const std::string text = format_manifest(rows);
  auto target = io::prepare_write(path, text.size(), root);
  if (!target.ok()) return target.error();
  return io::write_file_atomically(*target, [&text](int fd) { return write_all(fd, text); });
}

}  // namespace afterglow::render
