#pragma once
// Raw MIDI bytes → complete messages. RtMidi and JACK hand over bytes in chunks that need not align
// with messages (and a hardware port delivers whatever the cable carried), so the decoder keeps the
// partial message between calls and follows the MIDI 1.0 stream rules:
//   - running status: data bytes after a complete channel message reuse its status;
//   - realtime bytes (0xF8–0xFF) may appear anywhere, even inside another message: they are delivered
//     at once and leave the message being assembled untouched;
//   - SysEx of any length is skipped byte by byte (nothing is buffered, so its length is unbounded);
//   - a status byte that arrives before the previous message is complete drops the truncated one;
//   - data bytes with no status, undefined status bytes (0xF4, 0xF5, 0xF9, 0xFD) and stray 0xF7 are
//     ignored;
//   - a note-on with velocity 0 is delivered as a note-off (the two mean the same, and every consumer
//     would otherwise have to remember it).
// push() is noexcept and touches only a few bytes of state: it runs inside the RtMidi callback, which
// on JACK is the JACK process thread.

#include <cstddef>
#include <cstdint>
#include <span>

#include "afterglow/control/midi_message.h"

namespace afterglow::control {

class MidiDecoder {
 public:
  // Feeds one byte; true when it completed a message (written to `out`).
  bool push(std::uint8_t byte, MidiMessage& out) noexcept;

  // Feeds a chunk; `sink(const MidiMessage&)` gets every message it completes, in order.
  template <typename Sink>
  void decode(std::span<const std::uint8_t> bytes, Sink&& sink) noexcept {
    MidiMessage message;
    for (std::uint8_t byte : bytes) {
      if (push(byte, message)) sink(message);
    }
  }

  // Forgets any partial message, running status and SysEx (a port was reopened).
  void reset() noexcept;

  // Bytes that belonged to no message delivered: SysEx, truncated messages, orphan data, undefined
  // status bytes. For diagnostics only.
  std::uint64_t ignored_bytes() const noexcept { return ignored_; }

 private:
  std::uint8_t status_ =
      0;  // the message being assembled (0: none); a channel status stays as running status
  std::uint8_t expected_ = 0;  // data bytes that status needs
  std::uint8_t count_ = 0;     // data bytes received so far
  std::uint8_t data_[2] = {0, 0};
  bool in_sysex_ = false;
  std::uint64_t ignored_ = 0;
};

}  // namespace afterglow::control
