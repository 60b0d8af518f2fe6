#pragma once
// What MIDI believes each parameter's value is, for takeover (pickup and scale need the value the
// engine holds to know when a knob has caught up with it).
//
// Why a mirror and not a question to the engine: the engine's values live on the audio thread, and
// the RtMidi callback (itself a realtime thread under JACK) may neither lock nor wait for an answer.
// So the mirror keeps one atomic value per parameter: seeded from the scene's initial values (the
// engine starts from exactly those), updated at once with every value MIDI sends (the engine applies
// the same value, clamped the same way, within a block), and told about changes from anyone else
// (OSC, scene morphs) by the thread that drains Engine::pop_param_change.
//
// Those applied changes include MIDI's own, a few milliseconds late. Treating them as news would
// make a knob being turned lose its pickup to the echo of its own previous value, so observe() ignores
// changes to a parameter MIDI moved within the last kEchoWindow seconds, and any change equal to the
// last value MIDI sent. The price, accepted: a change from OSC to a parameter while a knob is moving
// it is not seen by MIDI (the knob keeps control, which is what the performer touching it expects).
//
// Every change a mapping should treat as "someone else moved it" bumps the parameter's version; a
// mapping compares it with the version its own last send produced.

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>

#include "afterglow/engine/param_registry.h"

namespace afterglow::control {

class MidiParamMirror {
 public:
  static constexpr double kEchoWindow = 0.5;  // seconds

  // Registry defaults, then the scene's initial values over them (not realtime).
  MidiParamMirror(const engine::ParamRegistry& registry, std::span<const engine::InitialValue> initial = {});

  std::size_t size() const noexcept { return size_; }
  // Natural units. Any thread; realtime safe.
  float value(std::uint32_t param) const noexcept;
  std::uint32_t version(std::uint32_t param) const noexcept;

  // MIDI sent `value` at `now` (seconds, any monotonic clock shared with observe()). Returns the
  // version this send produced. Realtime safe.
  std::uint32_t sent(std::uint32_t param, float value, double now) noexcept;
  // The engine applied `value` (from whatever source). Realtime safe.
  void observe(std::uint32_t param, float value, double now) noexcept;

 private:
  struct Entry {
    std::atomic<float> value{0.0f};
    std::atomic<float> last_sent{0.0f};
    std::atomic<double> last_sent_at{-1e300};
    std::atomic<std::uint32_t> version{0};
  };
  std::unique_ptr<Entry[]> entries_;
  std::size_t size_ = 0;
};

}  // namespace afterglow::control
