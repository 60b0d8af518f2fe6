#pragma once
// MIDI learn: the performer names a parameter (OSC `/afterglow/learn`, `afterglow live --learn`, or a
// key mapped with `mode: learn`), moves a knob, and that knob plays the parameter from then on — and
// the next time the scene is loaded, because the mapping is saved next to the scene.
//
// The rules (docs/midi.md, "MIDI learn"):
//   - the last Control Change moved wins: learning ends kSettleSeconds after the last CC moved, or at
//     once when confirmed (`/afterglow/learn/confirm`, the learn key pressed again); nothing moved for
//     kTimeoutSeconds, or `/afterglow/learn/cancel`, ends it with no mapping;
//   - the mapping is `{cc: N, channel: C, target: <parameter id>}` with the default takeover (pickup),
//     on the channel the knob moved on;
//   - it is kept in `<scene stem>.mappings.yaml` in the scene's folder (written atomically, nowhere
//     else; the scene file itself is never touched) and loaded with the scene: its mappings come after
//     the scene's, and each replaces any `cc:` mapping of the scene on the same controller and an
//     overlapping channel. Learning a parameter again replaces its learned mapping, and learning a
//     knob again moves it to the new parameter.
//
// Threads. The MIDI callback only records the latest CC in a lock-free slot (MidiInput::arm_learn,
// learned_cc). Everything else — the state, the file, rebuilding the maps and handing them to the
// inputs — happens in MidiLearner::tick() on the control thread. Requests (start, confirm, cancel)
// may come from any thread (the OSC server's): they go through a small locked queue that only the
// control thread and the requester touch, never the audio or MIDI thread.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "afterglow/config/live_sections.h"
#include "afterglow/control/midi_input.h"
#include "afterglow/control/midi_param_mirror.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/param_registry.h"

namespace afterglow::control {

// `<folder>/<stem>.mappings.yaml` for `<folder>/<stem>.yaml`.
std::filesystem::path learned_mappings_path(const std::filesystem::path& scene_file);
// A learned-mappings file (not a scene to recall): its name ends in `.mappings.yaml`.
bool is_learned_mappings_file(const std::filesystem::path& path);

// Reads a learned-mappings file (YAML with a `midi: mappings:` list, the scene format). A file that
// does not exist is an empty list; one that cannot be read is an error with its line:col.
Result<std::vector<config::MidiMapping>> load_learned_mappings(const std::filesystem::path& path);
// Writes `mappings` to `path` atomically. Refuses a path that is not a learned-mappings file name.
Status save_learned_mappings(const std::filesystem::path& path,
                             std::span<const config::MidiMapping> mappings);
// One mapping as a YAML flow map, in the scene's keys (only the keys that differ from the defaults).
std::string to_yaml(const config::MidiMapping& mapping);

// The scene's mappings with the learned ones over them (see the rules above).
std::vector<config::MidiMapping> merge_learned(std::span<const config::MidiMapping> scene,
                                               std::span<const config::MidiMapping> learned);
// Adds `mapping` to a learned set: it replaces a learned mapping of the same target or of the same
// controller on an overlapping channel.
void add_learned(std::vector<config::MidiMapping>& learned, config::MidiMapping mapping);
// Drops every learned mapping that cannot play in `registry` (a parameter the scene no longer has);
// returns why, one line each, naming `file`.
std::vector<std::string> keep_usable(std::vector<config::MidiMapping>& learned,
                                     const engine::ParamRegistry& registry, const std::string& file);
// `{cc: cc, channel: channel, target: target}`.
config::MidiMapping learned_cc_mapping(int channel, int cc, const std::string& target);

// The learn state machine (pure: times are given; control thread).
class MidiLearn {
 public:
  static constexpr double kSettleSeconds = 1.0;
  static constexpr double kTimeoutSeconds = 60.0;

  struct Outcome {
    std::string target;                          // the parameter id
    std::optional<config::MidiMapping> mapping;  // none: timed out or cancelled
  };

  void start(std::string target, double now);
  // The latest CC moved (channel 1–16).
  void moved(int channel, int cc, double now);
  void confirm() { confirmed_ = true; }
  void cancel() { cancelled_ = true; }
  // A finished learn, once: settled, confirmed, cancelled or timed out.
  std::optional<Outcome> poll(double now);

  bool active() const { return active_; }
  const std::string& target() const { return target_; }

 private:
  bool active_ = false;
  bool confirmed_ = false;
  bool cancelled_ = false;
  std::string target_;
  double started_ = 0.0;
  double last_move_ = 0.0;
  std::optional<std::pair<int, int>> candidate_;  // channel, cc
};

// Drives learn for a running set of inputs: owns the learned mappings and their file, rebuilds every
// input's map when a learn ends and hands it over (MidiInput::replace_map). Control thread, except
// request(), which any thread may call.
class MidiLearner {
 public:
  enum class Request { kStart, kConfirm, kCancel };

  // `scene_mappings`: the scene's own; `learned`: what load_learned_mappings read; `file`: where to
  // save (learned_mappings_path of the scene); `scene_name` names the scene in messages.
  MidiLearner(const engine::ParamRegistry& registry, std::shared_ptr<MidiParamMirror> mirror,
              std::vector<config::MidiMapping> scene_mappings, std::vector<config::MidiMapping> learned,
              std::filesystem::path file, std::string scene_name);

  // The mappings the inputs' maps are built from (scene + learned).
  std::vector<config::MidiMapping> mappings() const { return merge_learned(scene_, learned_); }
  const std::vector<config::MidiMapping>& learned() const { return learned_; }

  // Any thread. `target` (kStart) names a parameter as mappings do; an unknown one is refused with
  // the reason (the returned text; empty when accepted).
  std::string request(Request what, const std::string& target = {});
  // Control thread: drains requests, reads the inputs' CC slots, ends a learn when due (saving the
  // file and swapping the new maps in), and frees retired maps. `now`: seconds, monotonic.
  void tick(std::span<const std::unique_ptr<MidiInput>> inputs, double now);

  bool active() const { return learn_.active(); }
  // How many learns ended with a mapping saved (tests, the summary).
  int saved() const { return saved_; }

 private:
  void finish(std::span<const std::unique_ptr<MidiInput>> inputs, const MidiLearn::Outcome& outcome);

  const engine::ParamRegistry& registry_;
  std::shared_ptr<MidiParamMirror> mirror_;
  std::vector<config::MidiMapping> scene_;
  std::vector<config::MidiMapping> learned_;
  std::filesystem::path file_;
  std::string scene_name_;
  MidiLearn learn_;
  std::vector<std::uint32_t> seen_;  // per input: the last learn slot sequence read
  int saved_ = 0;

  std::mutex mutex_;  // requests_ only
  std::vector<std::pair<Request, std::string>> requests_;
};

}  // namespace afterglow::control
