// The decoder against the MIDI 1.0 stream rules, chunked as RtMidi and JACK deliver bytes, and
// against junk.

#include "afterglow/control/midi_decoder.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace afterglow::control {
namespace {

std::vector<MidiMessage> decode(MidiDecoder& d, std::vector<std::uint8_t> bytes) {
  std::vector<MidiMessage> out;
  d.decode(bytes, [&](const MidiMessage& m) { out.push_back(m); });
  return out;
}

std::vector<MidiMessage> decode(std::vector<std::uint8_t> bytes) {
  MidiDecoder d;
  return decode(d, std::move(bytes));
}

MidiMessage msg(MidiType type, int channel, int d1, int d2 = 0) {
  return {type, static_cast<std::uint8_t>(channel), static_cast<std::uint8_t>(d1),
          static_cast<std::uint8_t>(d2)};
}

TEST(MidiDecoder, DecodesEveryChannelMessage) {
  auto out =
      decode({0x90, 60, 100, 0x81, 61, 10, 0xA2, 62, 5, 0xB3, 21, 64, 0xC4, 7, 0xD5, 90, 0xE6, 0x00, 0x40});
  ASSERT_EQ(out.size(), 7u);
  EXPECT_EQ(out[0], msg(MidiType::kNoteOn, 0, 60, 100));
  EXPECT_EQ(out[1], msg(MidiType::kNoteOff, 1, 61, 10));
  EXPECT_EQ(out[2], msg(MidiType::kPolyPressure, 2, 62, 5));
  EXPECT_EQ(out[3], msg(MidiType::kControlChange, 3, 21, 64));
  EXPECT_EQ(out[4], msg(MidiType::kProgramChange, 4, 7));
  EXPECT_EQ(out[5], msg(MidiType::kChannelPressure, 5, 90));
  EXPECT_EQ(out[6], msg(MidiType::kPitchBend, 6, 0, 0x40));
  EXPECT_EQ(out[6].bend(), 0);
  EXPECT_EQ(msg(MidiType::kPitchBend, 0, 0x7F, 0x7F).bend(), 8191);
  EXPECT_EQ(msg(MidiType::kPitchBend, 0, 0, 0).bend(), -8192);
}

TEST(MidiDecoder, MessagesSplitAcrossCallsAreJoined) {
  MidiDecoder d;
  EXPECT_TRUE(decode(d, {0xB0}).empty());
  EXPECT_TRUE(decode(d, {7}).empty());
  auto out = decode(d, {99, 0xE0});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], msg(MidiType::kControlChange, 0, 7, 99));
  EXPECT_TRUE(decode(d, {0x01}).empty());
  out = decode(d, {0x7F});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, MidiType::kPitchBend);
  EXPECT_EQ(out[0].bend(), (0x7F << 7 | 1) - 8192);
}

TEST(MidiDecoder, RunningStatusReusesTheLastChannelStatus) {
  auto out = decode({0xB2, 1, 10, 1, 11, 2, 12, 0xC0, 5, 6});
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0], msg(MidiType::kControlChange, 2, 1, 10));
  EXPECT_EQ(out[1], msg(MidiType::kControlChange, 2, 1, 11));
  EXPECT_EQ(out[2], msg(MidiType::kControlChange, 2, 2, 12));
  EXPECT_EQ(out[3], msg(MidiType::kProgramChange, 0, 5));
  EXPECT_EQ(out[4], msg(MidiType::kProgramChange, 0, 6));
}

TEST(MidiDecoder, NoteOnWithVelocityZeroIsANoteOff) {
  auto out = decode({0x93, 60, 0, 61, 1});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], msg(MidiType::kNoteOff, 3, 60, 0));
  EXPECT_EQ(out[1], msg(MidiType::kNoteOn, 3, 61, 1));
}

TEST(MidiDecoder, RealtimeBytesInsideAMessageDoNotBreakIt) {
  // Clock inside a CC, start between running-status messages, stop inside a SysEx.
  auto out = decode({0xB0, 21, 0xF8, 64, 22, 0xFA, 65, 0xF0, 1, 2, 0xFC, 3, 0xF7, 0x90, 0xFE, 60, 0xFF, 1});
  ASSERT_EQ(out.size(), 8u);
  EXPECT_EQ(out[0].type, MidiType::kClock);
  EXPECT_EQ(out[1], msg(MidiType::kControlChange, 0, 21, 64));
  EXPECT_EQ(out[2].type, MidiType::kStart);
  EXPECT_EQ(out[3], msg(MidiType::kControlChange, 0, 22, 65));
  EXPECT_EQ(out[4].type, MidiType::kStop);
  EXPECT_EQ(out[5].type, MidiType::kActiveSensing);
  EXPECT_EQ(out[6].type, MidiType::kReset);
  EXPECT_EQ(out[7], msg(MidiType::kNoteOn, 0, 60, 1));
  EXPECT_EQ(decode({0xFB})[0].type, MidiType::kContinue);
}

TEST(MidiDecoder, SysExOfAnyLengthIsSkipped) {
  MidiDecoder d;
  std::vector<std::uint8_t> sysex(200000, 0x55);
  sysex.front() = 0xF0;
  EXPECT_TRUE(decode(d, sysex).empty());
  EXPECT_TRUE(decode(d, std::vector<std::uint8_t>(50000, 0x01)).empty());  // still inside it
  auto out = decode(d, {0xF7, 0xB0, 1, 2});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], msg(MidiType::kControlChange, 0, 1, 2));
  // A status byte ends an unterminated SysEx; the SysEx cancels running status before it.
  out = decode(d, {0xF0, 1, 2, 3, 0x91, 60, 70, 4, 5});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], msg(MidiType::kNoteOn, 1, 60, 70));
  EXPECT_EQ(out[1], msg(MidiType::kNoteOn, 1, 4, 5));
  EXPECT_TRUE(decode({0xB0, 1, 2, 0xF0, 7, 0xF7, 3, 4}).size() == 1u);  // no running status after SysEx
}

TEST(MidiDecoder, TruncatedMessagesAreDropped) {
  auto out = decode({0x90, 60, 0xB0, 7, 0xE0, 5, 0xC1, 3});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], msg(MidiType::kProgramChange, 1, 3));
}

TEST(MidiDecoder, DataWithoutStatusAndUndefinedStatusesAreIgnored) {
  MidiDecoder d;
  EXPECT_TRUE(decode(d, {1, 2, 3, 0x7F}).empty());
  EXPECT_TRUE(decode(d, {0xF4, 1, 2, 0xF5, 3, 0xF9, 0xFD, 0xF7, 4}).empty());
  EXPECT_GE(d.ignored_bytes(), 13u);
  // An undefined status cancels running status too: the data after it belong to nothing.
  auto out = decode({0xB0, 1, 2, 0xF5, 3, 4});
  EXPECT_EQ(out.size(), 1u);
}

TEST(MidiDecoder, SystemCommonMessages) {
  auto out = decode({0xF2, 0x10, 0x01, 0xF3, 5, 0xF1, 0x23, 0xF6, 9, 9});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].type, MidiType::kSongPosition);
  EXPECT_EQ(out[0].song_position(), 0x90);
  EXPECT_EQ(out[1], msg(MidiType::kSongSelect, 0, 5));
  EXPECT_EQ(out[2], msg(MidiType::kTimeCode, 0, 0x23));
  EXPECT_EQ(out[3].type, MidiType::kTuneRequest);  // and 9, 9 have no status to run on
}

TEST(MidiDecoder, ResetForgetsThePartialMessage) {
  MidiDecoder d;
  decode(d, {0x90, 60});
  d.reset();
  EXPECT_TRUE(decode(d, {70, 61, 80}).empty());
}

TEST(MidiDecoder, OneMegabyteOfJunkNeverProducesAnOutOfRangeMessage) {
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<std::uint8_t> junk(1 << 20);
  for (auto& b : junk) b = static_cast<std::uint8_t>(byte(rng));
  MidiDecoder d;
  std::size_t count = 0;
  std::size_t at = 0;
  std::uniform_int_distribution<std::size_t> chunk(1, 700);
  while (at < junk.size()) {
    const std::size_t n = std::min(chunk(rng), junk.size() - at);
    d.decode(std::span<const std::uint8_t>(junk).subspan(at, n), [&](const MidiMessage& m) {
      ++count;
      ASSERT_LE(m.type, MidiType::kReset);
      ASSERT_LE(m.data1, 127);
      ASSERT_LE(m.data2, 127);
      if (m.is_channel()) {
        ASSERT_LE(m.channel, 15);
      } else {
        ASSERT_EQ(m.channel, 0);
      }
      if (m.type == MidiType::kNoteOn) {
        ASSERT_GT(m.data2, 0);
      }
    });
    at += n;
  }
  // Random bytes are ~40 % status bytes, so most messages are cut short; still some complete.
  EXPECT_GT(count, 1000u);
  EXPECT_GT(d.ignored_bytes(), 0u);
}

}  // namespace
}  // namespace afterglow::control
