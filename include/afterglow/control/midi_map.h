#pragma once
// The scene's MIDI mappings, applied to decoded messages: what each controller, key, wheel, program
// change and clock tick does to the engine, as Commands (and scene recall requests, which the engine
// does not take as commands: a recall loads a scene file, so a control thread does it).
//
// build() resolves every mapping against the parameter registry once, off the realtime thread, and
// reports every target it cannot resolve with the scene's file:line:col. apply() then works on
// preallocated state only (no allocation, no locks, no exceptions): it runs in the RtMidi callback,
// which under JACK is the JACK process thread.
//
// What the map does per source (docs/midi.md has the performer's view):
//   cc      → a parameter, through range, curve (the parameter's own by default), invert and takeover
//             (jump/pickup/scale, see MidiTakeover); 14-bit pairs latch the MSB and apply on the LSB.
//   note    → a parameter (toggle or momentary; or `mode: learn`, MIDI learn for it), a drone layer's
//             note, or a cloud/hiss layer's trigger.
//   notes   → a drone layer's voices in a key range, with a velocity curve; the sustain pedal (CC 64)
//             holds note-offs until it is released.
//   bend    → a drone layer's bend (cents, added to its fine tune), ± bend_range semitones.
//   program → a scene recall request: bank (CC 0 MSB, CC 32 LSB) × 128 + program.
//   clock   → the tempo (always tracked), sent to a tempo parameter when mapped.

#include <bitset>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/config/live_sections.h"
#include "afterglow/control/midi_clock_tempo.h"
#include "afterglow/control/midi_message.h"
#include "afterglow/control/midi_param_mirror.h"
#include "afterglow/control/midi_takeover.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/command.h"
#include "afterglow/engine/param_registry.h"

namespace afterglow::control {

// Where the map's output goes. Implementations must be realtime safe (MidiInput's enqueues).
class MidiMapSink {
 public:
  virtual ~MidiMapSink() = default;
  virtual void command(const engine::Command& command) noexcept = 0;
  // Recall scene number `index` (0-based): bank × 128 + program.
  virtual void recall_scene(int index) noexcept = 0;
  // A key mapped with `mode: learn` was pressed: learn (or confirm learning) `param`.
  virtual void learn(std::uint32_t /*param*/) noexcept {}
};

// A parameter as a mapping's target names it: its id (`cloud1.density`), `layer/name` or its OSC
// address. nullptr when there is none.
const engine::ParamSpec* find_mapping_param(const engine::ParamRegistry& registry, std::string_view target);

class MidiMap {
 public:
  // Resolves `mappings` (the scene's `midi.mappings`) against `registry`. `mirror` holds the values
  // takeover compares with and may be shared between inputs; nullptr: the map keeps its own, seeded
  // from the registry's defaults. `file` names the scene in messages. Not realtime.
  static Result<MidiMap> build(std::span<const config::MidiMapping> mappings,
                               const engine::ParamRegistry& registry,
                               std::shared_ptr<MidiParamMirror> mirror = nullptr,
                               const std::string& file = {});

  // One message that arrived at `time` seconds (a monotonic clock; the clock's tempo and the
  // mirror's echo window use it). Commands carry `frame` (see MidiInput for which). Realtime safe.
  void apply(const MidiMessage& message, double time, std::uint64_t frame, MidiMapSink& out) noexcept;

  // This map replaces `previous` (MIDI learn rebuilt it): take over the clock, and the running state
  // (takeover, held keys and pedal, 14-bit latch, bank, toggles) of every mapping that listens to the
  // same thing and plays the same target in both. Realtime safe: copies only, bounded by the sizes.
  void carry_over(const MidiMap& previous) noexcept;

  const MidiClockTempo& clock() const noexcept { return clock_; }
  MidiParamMirror& mirror() noexcept { return *mirror_; }
  std::size_t size() const noexcept { return entries_.size(); }
  // Things that work but not as the performer may expect (e.g. a bend wider than the parameter).
  std::span<const std::string> warnings() const noexcept { return warnings_; }

 private:
  enum class Kind : std::uint8_t {
    kCcParam,
    kNoteParam,
    kNoteTrigger,
    kNotes,  // a drone layer's voices (notes:, or note: on a drone layer)
    kBend,
    kProgram,
    kClock,
  };
  struct Entry {
    Kind kind = Kind::kCcParam;
    config::MidiMapping config;
    std::uint32_t param = 0;  // kCcParam, kNoteParam, kBend, kClock (when has_param)
    bool has_param = false;
    std::uint32_t layer = 0;   // kNoteTrigger, kNotes
    engine::ParamSpec shape;   // the parameter as this mapping moves it: its range and curve
    engine::ParamSpec limits;  // the parameter as the engine clamps it
    MidiTakeover takeover;
    std::uint32_t version = 0;  // the mirror's version after this mapping's last send
    int msb[16] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    bool toggled = false;
    std::bitset<128> down[16];  // keys held by a finger
    std::bitset<128> held[16];  // keys released while the pedal was down
    bool pedal[16] = {};
    int bank_msb[16] = {};
    int bank_lsb[16] = {};
    float last_tempo = 0.0f;
  };

  MidiMap() = default;
  bool listens(const Entry& e, const MidiMessage& m) const noexcept;
  void control_change(Entry& e, const MidiMessage& m, double time, std::uint64_t frame,
                      MidiMapSink& out) noexcept;
  void note(Entry& e, const MidiMessage& m, double time, std::uint64_t frame, MidiMapSink& out) noexcept;
  void send_param(Entry& e, double position, double time, std::uint64_t frame, MidiMapSink& out) noexcept;
  void send_value(Entry& e, float value, double time, std::uint64_t frame, MidiMapSink& out) noexcept;
  float velocity(const Entry& e, int velocity) const noexcept;

  std::vector<Entry> entries_;
  std::shared_ptr<MidiParamMirror> mirror_;
  MidiClockTempo clock_;
  std::vector<std::string> warnings_;
};

}  // namespace afterglow::control
