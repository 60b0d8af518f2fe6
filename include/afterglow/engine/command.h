#pragma once
// A control input on its way to the audio thread: what to change, to what, and at which absolute
// engine frame. Control threads (OSC, MIDI, the events player, scene morphs) only build these and
// enqueue them; the engine applies each at its frame inside the block, so output does not depend on
// block size (design §6). Plain data, 24 bytes, trivially copyable.

#include <cstdint>
#include <type_traits>

namespace afterglow::engine {

enum class CommandType : std::uint8_t {
  kParam,    // registry parameter `target` := value (natural units, clamped to its range)
  kNoteOn,   // layer `target`: note, value = velocity 0–1
  kNoteOff,  // layer `target`: note
  kTrigger,  // layer `target`: a one-shot (flicker burst, cloud burst), value = strength 0–1
  kAllOff,   // layer `target` releases every voice
  kScene,    // unused by the engine: scene recalls reach it as morph targets (scene_morph.h)
  kRecord,   // session recording: value 1 starts it at this frame, 0 stops it
};

struct Command {
  std::uint64_t frame_time = 0;  // absolute engine frame; a past frame applies at the block's first frame
  std::uint32_t target = 0;      // registry index (kParam) or layer index
  CommandType type = CommandType::kParam;
  std::int16_t note = 0;
  float value = 0.0f;

  static Command param(std::uint64_t frame, std::uint32_t index, float value) {
    return {frame, index, CommandType::kParam, 0, value};
  }
  static Command note_on(std::uint64_t frame, std::uint32_t layer, int note, float velocity) {
    return {frame, layer, CommandType::kNoteOn, static_cast<std::int16_t>(note), velocity};
  }
  static Command note_off(std::uint64_t frame, std::uint32_t layer, int note) {
    return {frame, layer, CommandType::kNoteOff, static_cast<std::int16_t>(note), 0.0f};
  }
  static Command trigger(std::uint64_t frame, std::uint32_t layer, float strength = 1.0f) {
    return {frame, layer, CommandType::kTrigger, 0, strength};
  }
  static Command all_off(std::uint64_t frame, std::uint32_t layer) {
    return {frame, layer, CommandType::kAllOff, 0, 0.0f};
  }
  static Command record(std::uint64_t frame, bool start) {
    return {frame, 0, CommandType::kRecord, 0, start ? 1.0f : 0.0f};
  }
};

static_assert(std::is_trivially_copyable_v<Command>);

}  // namespace afterglow::engine
