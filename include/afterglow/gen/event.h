#pragma once
// What reaches a generator inside a block: parameter changes and performance events, each stamped with
// the frame (within the block) at which it takes effect. A generator renders the frames before an event,
// applies it, and carries on, so output never depends on how the host slices time into blocks.

#include <cstdint>
#include <span>

namespace afterglow::gen {

enum class EventType : std::uint8_t {
  kParam,    // set parameter `id` (the generator's own enum) to `value` in natural units
  kNoteOn,   // `note` (MIDI 0–127), `value` = velocity 0–1
  kNoteOff,  // `note`
  kTrigger,  // a one-shot (a flicker burst, a cloud burst); `value` = strength 0–1
  kFreeze,   // `value` > 0.5 freezes, otherwise releases
  kAllOff,   // release every voice (panic / scene change)
};

struct Event {
  std::uint32_t frame = 0;  // offset inside the block; events are sorted by it
  EventType type = EventType::kParam;
  std::uint16_t id = 0;  // parameter id for kParam
  std::int16_t note = 0;
  float value = 0.0f;

  static Event param(std::uint32_t frame, std::uint16_t id, float value) {
    return {frame, EventType::kParam, id, 0, value};
  }
  static Event note_on(std::uint32_t frame, int note, float velocity) {
    return {frame, EventType::kNoteOn, 0, static_cast<std::int16_t>(note), velocity};
  }
  static Event note_off(std::uint32_t frame, int note) {
    return {frame, EventType::kNoteOff, 0, static_cast<std::int16_t>(note), 0.0f};
  }
  static Event trigger(std::uint32_t frame, float strength = 1.0f) {
    return {frame, EventType::kTrigger, 0, 0, strength};
  }
  static Event freeze(std::uint32_t frame, bool on) {
    return {frame, EventType::kFreeze, 0, 0, on ? 1.0f : 0.0f};
  }
};

using EventSpan = std::span<const Event>;

// Calls render(offset, count) for each run of frames between events and apply(event) at each event, in
// time order; every generator's process() is this loop around its own render and apply.
template <typename Render, typename Apply>
void for_each_segment(std::size_t frames, EventSpan events, Render&& render, Apply&& apply) {
  std::size_t done = 0;
  for (const Event& e : events) {
    const std::size_t at = e.frame < frames ? e.frame : frames;
    if (at > done) {
      render(done, at - done);
      done = at;
    }
    apply(e);
  }
  if (done < frames) render(done, frames - done);
}

}  // namespace afterglow::gen
