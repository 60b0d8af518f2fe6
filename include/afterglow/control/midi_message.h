#pragma once
// One complete MIDI message as the decoder delivers it: a type, a channel for channel messages, and
// up to two data bytes. Plain data, so it can travel through a realtime callback by value.

#include <cstdint>
#include <string_view>

namespace afterglow::control {

enum class MidiType : std::uint8_t {
  // Channel messages.
  kNoteOff,
  kNoteOn,  // velocity 1–127 only: the decoder turns velocity 0 into kNoteOff
  kPolyPressure,
  kControlChange,
  kProgramChange,
  kChannelPressure,
  kPitchBend,
  // System common.
  kTimeCode,
  kSongPosition,
  kSongSelect,
  kTuneRequest,
  // System realtime.
  kClock,
  kStart,
  kContinue,
  kStop,
  kActiveSensing,
  kReset,
};
std::string_view to_string(MidiType type);

struct MidiMessage {
  MidiType type = MidiType::kNoteOff;
  std::uint8_t channel = 0;  // 0–15 for channel messages (MIDI channel 1–16), else 0
  std::uint8_t data1 = 0;    // note, controller, program, …: 0–127
  std::uint8_t data2 = 0;    // velocity, controller value, …: 0–127

  bool is_channel() const noexcept { return type <= MidiType::kPitchBend; }
  // Pitch bend as −8192 … 8191 (0 = centre).
  int bend() const noexcept { return ((data2 << 7) | data1) - 8192; }
  // Song position in MIDI beats (sixteenth notes), 0–16383.
  int song_position() const noexcept { return (data2 << 7) | data1; }

  friend bool operator==(const MidiMessage&, const MidiMessage&) = default;
};

}  // namespace afterglow::control
