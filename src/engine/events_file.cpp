#include "afterglow/engine/events_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace afterglow::engine {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxReported = 50;
constexpr std::string_view kRecordStart = "/afterglow/record/start";
constexpr std::string_view kRecordStop = "/afterglow/record/stop";
constexpr double kMaxSeconds = 7.0 * 24 * 3600;  // a week: anything later is a typo

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One line → a command, or a message saying what is wrong with it.
class LineParser {
 public:
  LineParser(const ParamRegistry& registry, double sample_rate) : registry_(registry), rate_(sample_rate) {}

  // Empty string on success.
  std::string parse(const Json& j, Command& out, bool& scene, SceneCue& cue) const {
    scene = false;
    if (!j.is_object()) return "each line must be a JSON object {\"t\": …, \"address\": …}";
    for (const auto& item : j.items()) {
      static constexpr std::string_view kKeys[] = {"t",    "frame",    "address", "value", "normalized",
                                                   "note", "velocity", "off",     "glide"};
      if (std::find(std::begin(kKeys), std::end(kKeys), item.key()) == std::end(kKeys)) {
        return fmt::format(
            "unknown key \"{}\" (expected t or frame, address, value, normalized, note, velocity, off, glide)",
            item.key());
      }
    }
    std::string error = parse_time(j, out.frame_time);
    if (!error.empty()) return error;
    const auto address_it = j.find("address");
    if (address_it == j.end() || !address_it->is_string()) return "missing \"address\" (a string)";
    const std::string address = address_it->get<std::string>();

    if (address == kRecordStart || address == kRecordStop) {
      out = Command::record(out.frame_time, address == kRecordStart);
      return {};
    }
    if (address == "/afterglow/scene/recall" || address == "/afterglow/scene/morph") {
      scene = true;
      cue.frame = out.frame_time;
      const auto value = j.find("value");
      if (address == "/afterglow/scene/morph") {
        if (value == j.end() || !value->is_number() || !(value->get<double>() >= 0.0 && value->get<double>() <= 600.0))
          return "/afterglow/scene/morph needs \"value\": the glide time in seconds (0 … 600)";
        cue.glide = value->get<double>();
        return {};
      }
      if (value == j.end() || !value->is_string() || value->get<std::string>().empty())
        return "/afterglow/scene/recall needs \"value\": a scene file (relative to the playing scene's folder)";
      cue.scene = value->get<std::string>();
      if (j.contains("glide")) {
        const Json& g = j["glide"];
        if (!g.is_number() || !(g.get<double>() >= 0.0 && g.get<double>() <= 600.0))
          return "\"glide\" must be a number of seconds within 0 … 600";
        cue.glide = g.get<double>();
      }
      return {};
    }
    if (j.contains("glide")) return "\"glide\" belongs to /afterglow/scene/recall only";
    if (const ParamSpec* p = registry_.find(address)) return parse_param(j, *p, out);

    // Layer events: /afterglow/<layer>/note|trigger|all_off.
    const std::string_view rest =
        std::string_view(address).substr(std::min(address.size(), kAddressRoot.size() + 1));
    const std::size_t slash = rest.find('/');
    if (address.rfind(kAddressRoot, 0) != 0 || slash == std::string_view::npos) {
      return fmt::format("unknown address {} (see `afterglow params`)", address);
    }
    const auto layer = registry_.find_layer(rest.substr(0, slash));
    if (!layer) return fmt::format("unknown layer in {} (see `afterglow params`)", address);
    const std::string_view verb = rest.substr(slash + 1);
    out.target = *layer;
    if (verb == "note") return parse_note(j, out);
    if (verb == "trigger") {
      out.type = CommandType::kTrigger;
      out.value = 1.0f;
      if (j.contains("value")) {
        if (!j["value"].is_number()) return "\"value\" of a trigger must be a number (strength 0–1)";
        out.value = j["value"].get<float>();
        if (!(out.value >= 0.0f && out.value <= 1.0f)) return "trigger strength must be within 0 … 1";
      }
      return {};
    }
    if (verb == "all_off") {
      out.type = CommandType::kAllOff;
      return {};
    }
    return fmt::format("unknown address {} (see `afterglow params`)", address);
  }

 private:
  std::string parse_time(const Json& j, std::uint64_t& frame) const {
    const bool has_t = j.contains("t");
    const bool has_frame = j.contains("frame");
    if (has_t == has_frame) return "give exactly one of \"t\" (seconds) or \"frame\"";
    if (has_t) {
      if (!j["t"].is_number()) return "\"t\" must be a number of seconds";
      const double t = j["t"].get<double>();
      if (!std::isfinite(t) || t < 0.0 || t > kMaxSeconds)
        return fmt::format("\"t\" = {} is not a time ≥ 0", t);
      frame = static_cast<std::uint64_t>(std::llround(t * rate_));
      return {};
    }
    if (!j["frame"].is_number_unsigned()) return "\"frame\" must be a whole number ≥ 0";
    frame = j["frame"].get<std::uint64_t>();
    return {};
  }

  std::string parse_param(const Json& j, const ParamSpec& p, Command& out) const {
    const bool has_value = j.contains("value");
    const bool has_norm = j.contains("normalized");
    if (has_value == has_norm)
      return fmt::format("{}: give exactly one of \"value\" or \"normalized\"", p.address);
    out.type = CommandType::kParam;
    out.target = p.index;
    if (has_norm) {
      const Json& n = j["normalized"];
      if (!n.is_number() || !(n.get<double>() >= 0.0 && n.get<double>() <= 1.0)) {
        return fmt::format("{}: \"normalized\" must be a number within 0 … 1", p.address);
      }
      out.value = static_cast<float>(p.from_normalised(n.get<double>()));
      return {};
    }
    const Json& v = j["value"];
    double value = 0.0;
    if (v.is_boolean()) {
      value = v.get<bool>() ? 1.0 : 0.0;
    } else if (v.is_number()) {
      value = v.get<double>();
    } else {
      return fmt::format("{}: \"value\" must be a number", p.address);
    }
    // A recorded value is the engine's float, clamped as a float: compare the way the engine does.
    const auto as_float = static_cast<float>(value);
    const bool inside = (value >= p.min && value <= p.max) ||
                        (as_float >= static_cast<float>(p.min) && as_float <= static_cast<float>(p.max));
    if (!std::isfinite(value) || !inside) {
      return fmt::format("{}: value {} is outside {} … {}{}", p.address, value, p.min, p.max,
                         p.unit.empty() ? "" : " " + p.unit);
    }
    out.value = static_cast<float>(value);
    return {};
  }

  static std::string parse_note(const Json& j, Command& out) {
    if (!j.contains("note") || !j["note"].is_number_integer()) return "a note needs \"note\": 0–127";
    const int note = j["note"].get<int>();
    if (note < 0 || note > 127) return fmt::format("note {} is outside 0 … 127", note);
    out.note = static_cast<std::int16_t>(note);
    const bool off = j.contains("off") && j["off"].is_boolean() && j["off"].get<bool>();
    float velocity = 1.0f;
    if (j.contains("velocity")) {
      if (!j["velocity"].is_number()) return "\"velocity\" must be a number within 0 … 1";
      velocity = j["velocity"].get<float>();
      if (!(velocity >= 0.0f && velocity <= 1.0f)) return "\"velocity\" must be within 0 … 1";
    }
    // Velocity 0 is a note-off, as in MIDI.
    out.type = off || velocity == 0.0f ? CommandType::kNoteOff : CommandType::kNoteOn;
    out.value = out.type == CommandType::kNoteOn ? velocity : 0.0f;
    return {};
  }

  const ParamRegistry& registry_;
  double rate_;
};

std::string parse_material(const Json& j, MaterialArrival& out) {
  if (j.size() != 2 || !j.contains("frame") || !j["frame"].is_number_unsigned())
    return "a material line is {\"frame\": N, \"material\": \"first\", \"quick\" or \"complete\"}";
  out.frame = j["frame"].get<std::uint64_t>();
  const Json& m = j["material"];
  if (m == "first") {
    out.stage = MaterialStage::kFirst;
  } else if (m == "quick") {
    out.stage = MaterialStage::kQuick;
  } else if (m == "complete") {
    out.stage = MaterialStage::kComplete;
  } else {
    return "\"material\" must be \"first\", \"quick\" or \"complete\"";
  }
  return {};
}

// The shortest decimal that reads back as the same double, of the float widened to double: parsing it
// as a double and narrowing gives the float exactly.
std::string exact(float value) {
  return fmt::format("{}", static_cast<double>(value));
}

}  // namespace

std::string format_event_line(const Command& c, const ParamRegistry& registry) {
  const auto layer_address = [&](std::string_view verb) {
    const auto layers = registry.layers();
    const std::string name = c.target < layers.size() ? layers[c.target].name : std::string("?");
    return fmt::format("{}/{}/{}", kAddressRoot, name, verb);
  };
  switch (c.type) {
    case CommandType::kParam:
      if (c.target >= registry.size()) return {};
      return fmt::format(R"({{"frame": {}, "address": "{}", "value": {}}})", c.frame_time,
                         registry[c.target].address, exact(c.value));
    case CommandType::kNoteOn:
      return fmt::format(R"({{"frame": {}, "address": "{}", "note": {}, "velocity": {}}})", c.frame_time,
                         layer_address("note"), c.note, exact(c.value));
    case CommandType::kNoteOff:
      return fmt::format(R"({{"frame": {}, "address": "{}", "note": {}, "off": true}})", c.frame_time,
                         layer_address("note"), c.note);
    case CommandType::kTrigger:
      return fmt::format(R"({{"frame": {}, "address": "{}", "value": {}}})", c.frame_time,
                         layer_address("trigger"), exact(c.value));
    case CommandType::kAllOff:
      return fmt::format(R"({{"frame": {}, "address": "{}"}})", c.frame_time, layer_address("all_off"));
    case CommandType::kRecord:
      return fmt::format(R"({{"frame": {}, "address": "{}"}})", c.frame_time,
                         c.value > 0.5f ? kRecordStart : kRecordStop);
    case CommandType::kScene:
      return {};
  }
  return {};
}

std::string format_material_line(const MaterialArrival& arrival) {
  return fmt::format(R"({{"frame": {}, "material": "{}"}})", arrival.frame, to_string(arrival.stage));
}

std::vector<Command> EventsScript::plain() const {
  std::vector<Command> out;
  out.reserve(commands.size());
  for (const ScriptedCommand& c : commands) out.push_back(c.command);
  return out;
}

Result<EventsScript> parse_events(std::string_view text, const std::string& display_name,
                                  const ParamRegistry& registry, double sample_rate) {
  EventsScript script;
  std::vector<std::string> problems;
  std::size_t error_count = 0;
  const LineParser parser(registry, sample_rate);
  int line_number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = trim(text.substr(pos, end - pos));
    ++line_number;
    pos = end + 1;
    if (line.empty() || line.front() == '#' || line.rfind("//", 0) == 0) continue;
    std::string error;
    Command command;
    bool scene = false;
    SceneCue cue;
    cue.line = line_number;
    const Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      error = "not valid JSON";
    } else if (j.is_object() && j.contains("material")) {
      MaterialArrival arrival;
      error = parse_material(j, arrival);
      if (error.empty()) {
        script.material.push_back(arrival);
        continue;
      }
    } else {
      error = parser.parse(j, command, scene, cue);
    }
    if (!error.empty()) {
      if (++error_count <= kMaxReported)
        problems.push_back(fmt::format("{}:{}: {}", display_name, line_number, error));
      continue;
    }
    if (scene) {
      script.scenes.push_back(cue);
    } else {
      script.commands.push_back({command, line_number});
    }
  }
  if (error_count > 0) {
    std::string message = fmt::format("{} bad line{} in events file {}", error_count,
                                      error_count == 1 ? "" : "s", display_name);
    for (const std::string& p : problems) message += "\n  " + p;
    if (error_count > kMaxReported) message += fmt::format("\n  … and {} more", error_count - kMaxReported);
    return Error(ErrorKind::kInvalidConfig, message).with("file", display_name);
  }
  std::stable_sort(script.commands.begin(), script.commands.end(),
                   [](const ScriptedCommand& a, const ScriptedCommand& b) {
                     return a.command.frame_time < b.command.frame_time;
                   });
  std::stable_sort(script.scenes.begin(), script.scenes.end(),
                   [](const SceneCue& a, const SceneCue& b) { return a.frame < b.frame; });
  return script;
}

Result<EventsScript> load_events_file(const std::filesystem::path& path, const ParamRegistry& registry,
                                      double sample_rate) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error(ErrorKind::kNotFound, "cannot read the events file").with("file", path.string());
  if (size > kMaxEventsFileBytes) {
    return Error(ErrorKind::kInvalidValue, "the events file is larger than 256 MB")
        .with("file", path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::kFilesystem, "cannot open the events file").with("file", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_events(text.str(), path.string(), registry, sample_rate);
}

}  // namespace afterglow::engine
