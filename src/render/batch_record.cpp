#include "afterglow/render/batch_record.h"

#include <fmt/format.h>
#include <unistd.h>
#include <xxhash.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>
#include <type_traits>
#include <variant>

#include "afterglow/io/atomic_file.h"

namespace afterglow::render {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The enum is contiguous from 0; kind_name names each value and "unknown" past the last.
std::optional<SampleKind> kind_from_name(std::string_view name) {
  for (int k = 0; k < 64; ++k) {
    const auto kind = static_cast<SampleKind>(k);
    const std::string_view n = kind_name(kind);
    if (n == "unknown") break;
    if (n == name) return kind;
  }
  return std::nullopt;
}

std::optional<Grade> grade_from_name(std::string_view name) {
  for (const Grade g : {Grade::kA, Grade::kB, Grade::kF}) {
    if (to_string(g) == name) return g;
  }
  return std::nullopt;
}

// JSON has no infinities or NaN; manifest rows hold them (e.g. a loop error of inf), so floats are
// tagged and non-finite ones spelled out.
json value_to_json(const ManifestValue& v) {
  return std::visit(
      [](const auto& x) -> json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isfinite(x)) return json{{"f", x}};
          return json{{"f", python_float_repr(x)}};
        } else {
          return x;
        }
      },
      v);
}

ManifestValue value_from_json(const json& j) {
  if (j.is_null()) return std::monostate{};
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object() && j.contains("f")) {
    const json& f = j.at("f");
    if (f.is_number()) return f.get<double>();
    const std::string s = f.get<std::string>();
    if (s == "inf") return INFINITY;
    if (s == "-inf") return -INFINITY;
    return NAN;
  }
  throw json::type_error::create(302, "not a manifest value", &j);
}

}  // namespace

Result<SourceState> source_state(const fs::path& file) {
  std::error_code ec;
  const auto bytes = fs::file_size(file, ec);
  if (ec) return Error(ErrorKind::kNotFound, fmt::format("cannot read {}: {}", file.string(), ec.message()));
  const auto mtime = fs::last_write_time(file, ec);
  if (ec) return Error(ErrorKind::kNotFound, fmt::format("cannot read {}: {}", file.string(), ec.message()));
  return SourceState{bytes, static_cast<std::int64_t>(
                                std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch())
                                    .count())};
}

std::string to_json(const BatchRecord& record) {
  json outputs = json::array();
  for (const BatchOutput& o : record.outputs) {
    json row = json::object();
    for (const auto& [key, value] : o.metadata) row[key] = value_to_json(value);
    outputs.push_back({{"path", o.path},
                       {"bytes", o.bytes},
                       {"kind", kind_name(o.kind)},
                       {"source_stem", o.source_stem},
                       {"variant", o.variant},
                       {"descriptive_name", o.descriptive_name},
                       {"grade", to_string(o.grade)},
                       {"is_loop", o.is_loop},
                       {"saved", o.saved},
                       {"metadata", std::move(row)}});
  }
  const json j{{"source_id", record.source_id},
               {"source_path", record.source_path},
               {"source_bytes", record.source.bytes},
               {"source_mtime_ns", record.source.mtime_ns},
               {"settings", record.settings},
               {"failure", record.failure},
               {"outputs", std::move(outputs)}};
  return j.dump(1) + "\n";
}

Result<BatchRecord> parse_batch_record(std::string_view text) {
  try {
    const json j = json::parse(text);
    BatchRecord r;
    r.source_id = j.at("source_id").get<std::string>();
    r.source_path = j.at("source_path").get<std::string>();
    r.source.bytes = j.at("source_bytes").get<std::uintmax_t>();
    r.source.mtime_ns = j.at("source_mtime_ns").get<std::int64_t>();
    r.settings = j.at("settings").get<std::string>();
    r.failure = j.at("failure").get<std::string>();
    for (const json& o : j.at("outputs")) {
      BatchOutput out;
      out.path = o.at("path").get<std::string>();
      out.bytes = o.at("bytes").get<std::uintmax_t>();
      const auto kind = kind_from_name(o.at("kind").get<std::string>());
      const auto grade = grade_from_name(o.at("grade").get<std::string>());
      if (!kind || !grade) return Error(ErrorKind::kDecode, "batch record: unknown kind or grade");
      out.kind = *kind;
      out.grade = *grade;
      out.source_stem = o.at("source_stem").get<std::string>();
      out.variant = o.at("variant").get<std::string>();
      out.descriptive_name = o.at("descriptive_name").get<std::string>();
      out.is_loop = o.at("is_loop").get<bool>();
      out.saved = o.at("saved").get<bool>();
      for (const auto& [key, value] : o.at("metadata").items()) out.metadata[key] = value_from_json(value);
      r.outputs.push_back(std::move(out));
    }
    return r;
  } catch (const json::exception& e) {
    return Error(ErrorKind::kDecode, fmt::format("batch record: {}", e.what()));
  }
}

fs::path batch_record_path(const fs::path& project, std::string_view label) {
  return project / kBatchStateFolder / (std::string(label) + ".json");
}

std::optional<BatchRecord> read_batch_record(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse_batch_record(text.str());
  if (!parsed) return std::nullopt;
  return std::move(*parsed);
}

Status write_batch_record(const fs::path& file, const BatchRecord& record, const io::ExportRoot& root) {
  const std::string text = to_json(record);
  auto target = io::prepare_write(file, text.size(), root);
  if (!target) return target.error();
  return io::write_file_atomically(*target, [&](int fd) -> Status {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0) return Error(ErrorKind::kFilesystem, fmt::format("writing {}", file.string()));
      done += static_cast<std::size_t>(n);
    }
    return Ok{};
  });
}

std::optional<std::string> stale_reason(const BatchRecord& record, const SourceState& source,
                                        std::string_view settings, const fs::path& project) {
  if (!(record.source == source)) return "the source file changed";
  if (record.settings != settings) return "the settings changed";
  for (const BatchOutput& o : record.outputs) {
    if (!o.saved) continue;
    std::error_code ec;
    const auto bytes = fs::file_size(project / fs::path(o.path), ec);
    if (ec) return fmt::format("{} is missing", o.path);
    if (bytes != o.bytes) return fmt::format("{} is incomplete", o.path);
  }
  return std::nullopt;
}

std::string fingerprint(const std::vector<std::string>& parts) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  for (const std::string& p : parts) {
    const std::uint64_t size = p.size();  // length-prefixed: ("ab","c") and ("a","bc") differ
    XXH3_64bits_update(state, &size, sizeof size);
    XXH3_64bits_update(state, p.data(), p.size());
  }
  const std::uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return fmt::format("{:016x}", h);
}

}  // namespace afterglow::render
