#include "afterglow/control/midi_decoder.h"

namespace afterglow::control {

std::string_view to_string(MidiType type) {
  switch (type) {
    case MidiType::kNoteOff:
      return "note-off";
    case MidiType::kNoteOn:
      return "note-on";
    case MidiType::kPolyPressure:
      return "poly-pressure";
    case MidiType::kControlChange:
      return "control-change";
    case MidiType::kProgramChange:
      return "program-change";
    case MidiType::kChannelPressure:
      return "channel-pressure";
    case MidiType::kPitchBend:
      return "pitch-bend";
    case MidiType::kTimeCode:
      return "time-code";
    case MidiType::kSongPosition:
      return "song-position";
    case MidiType::kSongSelect:
      return "song-select";
    case MidiType::kTuneRequest:
      return "tune-request";
    case MidiType::kClock:
      return "clock";
    case MidiType::kStart:
      return "start";
    case MidiType::kContinue:
      return "continue";
    case MidiType::kStop:
      return "stop";
    case MidiType::kActiveSensing:
      return "active-sensing";
    case MidiType::kReset:
      return "reset";
  }
  return "unknown";
}

namespace {

// Data bytes after a channel status (by its high nibble, 0x8–0xE).
constexpr std::uint8_t kChannelDataBytes[7] = {2, 2, 2, 2, 1, 1, 2};

bool realtime(std::uint8_t byte, MidiMessage& out) noexcept {
  out = MidiMessage{};
  switch (byte) {
    case 0xF8:
      out.type = MidiType::kClock;
      return true;
    case 0xFA:
      out.type = MidiType::kStart;
      return true;
    case 0xFB:
      out.type = MidiType::kContinue;
      return true;
    case 0xFC:
      out.type = MidiType::kStop;
      return true;
    case 0xFE:
      out.type = MidiType::kActiveSensing;
      return true;
    case 0xFF:
      out.type = MidiType::kReset;
      return true;
    default:
      return false;  // 0xF9, 0xFD: undefined
  }
}

}  // namespace

void MidiDecoder::reset() noexcept {
  status_ = 0;
  expected_ = 0;
  count_ = 0;
  in_sysex_ = false;
}

bool MidiDecoder::push(std::uint8_t byte, MidiMessage& out) noexcept {
  if (byte >= 0xF8) {
    // Realtime: never disturbs the message in progress, not even a SysEx.
    if (realtime(byte, out)) return true;
    ++ignored_;
    return false;
  }

  if (byte >= 0x80) {
    // Any other status byte ends a SysEx and abandons an incomplete message.
    if (count_ > 0) ignored_ += count_;
    count_ = 0;
    in_sysex_ = false;
    if (byte < 0xF0) {
      status_ = byte;
      expected_ = kChannelDataBytes[(byte >> 4) - 8];
      return false;
    }
    // System common cancels running status.
    status_ = 0;
    expected_ = 0;
    switch (byte) {
      case 0xF0:
        in_sysex_ = true;
        ++ignored_;
        return false;
      case 0xF1:
        status_ = byte;
        expected_ = 1;
        return false;
      case 0xF2:
        status_ = byte;
        expected_ = 2;
        return false;
      case 0xF3:
        status_ = byte;
        expected_ = 1;
        return false;
      case 0xF6:
        out = MidiMessage{};
        out.type = MidiType::kTuneRequest;
        return true;
      default:
        ++ignored_;
        return false;  // 0xF4, 0xF5 undefined; 0xF7 outside a SysEx
    }
  }

  // A data byte.
  if (in_sysex_ || status_ == 0) {
    ++ignored_;
    return false;
  }
  data_[count_++] = byte;
  if (count_ < expected_) return false;
  count_ = 0;

  out = MidiMessage{};
  out.data1 = data_[0];
  out.data2 = expected_ == 2 ? data_[1] : 0;
  if (status_ >= 0xF0) {
    out.type = status_ == 0xF1   ? MidiType::kTimeCode
               : status_ == 0xF2 ? MidiType::kSongPosition
                                 : MidiType::kSongSelect;
    status_ = 0;  // system common has no running status
    return true;
  }
  out.channel = status_ & 0x0F;
  switch (status_ >> 4) {
    case 0x8:
      out.type = MidiType::kNoteOff;
      break;
    case 0x9:
      out.type = out.data2 == 0 ? MidiType::kNoteOff : MidiType::kNoteOn;
      break;
    case 0xA:
      out.type = MidiType::kPolyPressure;
      break;
    case 0xB:
      out.type = MidiType::kControlChange;
      break;
    case 0xC:
      out.type = MidiType::kProgramChange;
      break;
    case 0xD:
      out.type = MidiType::kChannelPressure;
      break;
    default:
      out.type = MidiType::kPitchBend;
      break;
  }
  return true;
}

}  // namespace afterglow::control
