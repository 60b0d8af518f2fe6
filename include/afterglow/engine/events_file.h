#pragma once
// Events files (docs/events.md): a scripted performance as JSON lines, one command per line, played
// into the engine by the offline driver (and, later, by `afterglow live --events`; the session recorder
// writes the same format). Loading checks every line against the parameter registry and collects every
// problem as "file:line: message".

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/engine/command.h"
#include "afterglow/engine/material_bank.h"
#include "afterglow/engine/param_registry.h"

namespace afterglow::engine {

struct ScriptedCommand {
  Command command;
  int line = 0;  // 1-based line in the file
};

// A session recording's note of when the engine adopted each bank (replay adopts them there too).
struct MaterialArrival {
  std::uint64_t frame = 0;
  MaterialStage stage = MaterialStage::kComplete;
};

// A scene recall (`/afterglow/scene/recall`, value = a scene file relative to the playing scene's folder,
// ".yaml" optional) or a change of the glide time for later recalls (`/afterglow/scene/morph`, value =
// seconds). Played by the control side: it loads the scene and publishes a morph (scene_morph.h).
struct SceneCue {
  std::uint64_t frame = 0;
  std::string scene;   // empty: a glide-time change
  double glide = -1.0;  // seconds; < 0: the current default
  int line = 0;
};

struct EventsScript {
  std::vector<ScriptedCommand> commands;  // sorted by frame, file order for equal frames
  std::vector<SceneCue> scenes;           // sorted by frame, file order for equal frames
  std::vector<MaterialArrival> material;  // {"frame": N, "material": "quick"|"complete"} lines, in order

  std::vector<Command> plain() const;
  std::uint64_t last_frame() const { return commands.empty() ? 0 : commands.back().command.frame_time; }
};

// Files larger than this are refused (a wrong path, not a script).
inline constexpr std::uintmax_t kMaxEventsFileBytes = 256ull * 1024 * 1024;

// One command as an events-file line, exact: `frame`, the address, and values written with enough
// digits that reading the line back gives the same float. What the session recorder writes.
std::string format_event_line(const Command& command, const ParamRegistry& registry);
std::string format_material_line(const MaterialArrival& arrival);

// `display_name` names the text in messages. kInvalidConfig listing every bad line (up to 50).
Result<EventsScript> parse_events(std::string_view text, const std::string& display_name,
                                  const ParamRegistry& registry, double sample_rate);
// kNotFound / kFilesystem for an unreadable file, otherwise as parse_events().
Result<EventsScript> load_events_file(const std::filesystem::path& path, const ParamRegistry& registry,
                                      double sample_rate);

}  // namespace afterglow::engine
