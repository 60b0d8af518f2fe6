// The midi section's mapping keys: every kind of source, the CC shaping keys, the note keys, and a
// diagnostic with line and column for each bad value.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::find;
using testing::has_error;
using testing::has_warning;
using testing::load;

MidiMapping only_mapping(const SceneLoad& l) {
  EXPECT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->midi.mappings.size(), 1u);
  return l.scene->midi.mappings.front();
}

void expect_error(const std::string& mapping, const char* key, const char* text) {
  const std::string yaml = "midi:\n  mappings:\n    - " + mapping + "\n";
  SCOPED_TRACE(yaml);
  SceneLoad l = load(yaml);
  EXPECT_FALSE(l.ok());
  EXPECT_EQ(l.diagnostics.error_count(), 1u) << dump(l);
  EXPECT_TRUE(has_error(l, key, text)) << dump(l);
}

TEST(MidiMappings, ControllerKeys) {
  SceneLoad l = load(
      "midi:\n  mappings:\n"
      "    - {cc: 7, channel: 3, target: cloud1.density, range: [2, 40], curve: linear, invert: true,\n"
      "       takeover: scale, 14bit: true}\n");
  const MidiMapping m = only_mapping(l);
  EXPECT_EQ(m.source, MidiSource::kCc);
  EXPECT_EQ(m.cc, 7);
  EXPECT_EQ(m.channel, 3);
  EXPECT_EQ(m.range_min, 2.0);
  EXPECT_EQ(m.range_max, 40.0);
  EXPECT_EQ(m.curve, MidiCurve::kLinear);
  EXPECT_TRUE(m.invert);
  EXPECT_TRUE(m.fourteen_bit);
  EXPECT_EQ(m.takeover, Takeover::kScale);

  const MidiMapping d = only_mapping(load("midi:\n  mappings:\n    - {cc: 1, target: a}\n"));
  EXPECT_FALSE(d.range_min.has_value());
  EXPECT_EQ(d.curve, MidiCurve::kParam);
  EXPECT_FALSE(d.invert);
  EXPECT_FALSE(d.fourteen_bit);
  EXPECT_EQ(d.takeover, Takeover::kPickup);

  const MidiMapping r =
      only_mapping(load("midi:\n  mappings:\n    - {cc: 1, target: a, range: {min: -1, max: 1}, "
                        "fourteen_bit: true}\n"));
  EXPECT_EQ(r.range_min, -1.0);
  EXPECT_EQ(r.range_max, 1.0);
  EXPECT_TRUE(r.fourteen_bit);
}

TEST(MidiMappings, NoteKeys) {
  const MidiMapping notes = only_mapping(load(
      "midi:\n  mappings:\n    - {notes: [36, 72], target: drone1, velocity_curve: soft, sustain: false}\n"));
  EXPECT_EQ(notes.source, MidiSource::kNotes);
  EXPECT_EQ(notes.key_low, 36);
  EXPECT_EQ(notes.key_high, 72);
  EXPECT_EQ(notes.velocity_curve, VelocityCurve::kSoft);
  EXPECT_FALSE(notes.sustain);

  const MidiMapping all = only_mapping(load("midi:\n  mappings:\n    - {notes: all, target: drone1}\n"));
  EXPECT_EQ(all.key_low, 0);
  EXPECT_EQ(all.key_high, 127);
  EXPECT_TRUE(all.sustain);

  const MidiMapping one =
      only_mapping(load("midi:\n  mappings:\n    - {note: 41, target: bed.mute, mode: momentary}\n"));
  EXPECT_EQ(one.source, MidiSource::kNote);
  EXPECT_EQ(one.key_low, 41);
  EXPECT_EQ(one.key_high, 41);
  EXPECT_EQ(one.action, NoteAction::kMomentary);
}

TEST(MidiMappings, BendProgramAndClock) {
  SceneLoad l = load(
      "midi:\n  mappings:\n"
      "    - {bend: true, channel: 1, target: drone1, bend_range: 0.5}\n"
      "    - {program: true}\n"
      "    - {clock: true, target: hiss1.tempo_bpm}\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  const auto& m = l.scene->midi.mappings;
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].source, MidiSource::kBend);
  EXPECT_DOUBLE_EQ(m[0].bend_range, 0.5);
  EXPECT_EQ(m[1].source, MidiSource::kProgram);
  EXPECT_TRUE(m[1].target.empty());
  EXPECT_EQ(m[2].source, MidiSource::kClock);
  EXPECT_EQ(m[2].target, "hiss1.tempo_bpm");
  EXPECT_DOUBLE_EQ(only_mapping(load("midi:\n  mappings:\n    - {bend: true, target: drone1}\n")).bend_range,
                   2.0);
}

TEST(MidiMappings, BadValuesPointAtTheValue) {
  expect_error("{cc: 1, target: a, range: [5, 2]}", "midi.mappings[0].range", "add `invert: true`");
  expect_error("{cc: 1, target: a, range: [5]}", "midi.mappings[0].range", "[min, max]");
  expect_error("{cc: 1, target: a, range: {min: 1}}", "midi.mappings[0].range.max", "needs both");
  expect_error("{cc: 1, target: a, curve: cubic}", "midi.mappings[0].curve",
               "one of param, linear, log, exp");
  expect_error("{cc: 1, target: a, range: [0, 1], curve: log}", "midi.mappings[0].curve", "above 0");
  expect_error("{cc: 1, target: a, invert: maybe}", "midi.mappings[0].invert", "");
  expect_error("{cc: 40, target: a, 14bit: true}", "midi.mappings[0].14bit", "cc 40 cannot pair");
  expect_error("{note: 40, target: a, fourteen_bit: true}", "midi.mappings[0].fourteen_bit",
               "`cc:` mappings only");
  expect_error("{cc: 1, target: a, 14bit: true, fourteen_bit: false}", "midi.mappings[0].14bit",
               "contradicts");
  expect_error("{notes: [72, 36], target: drone1}", "midi.mappings[0].notes", "lowest key comes first");
  expect_error("{notes: [0, 200], target: drone1}", "midi.mappings[0].notes", "range of keys");
  expect_error("{notes: some, target: drone1}", "midi.mappings[0].notes", "`all`");
  expect_error("{notes: all, target: drone1, velocity_curve: loud}", "midi.mappings[0].velocity_curve",
               "linear, soft, hard, fixed");
  expect_error("{bend: true, target: drone1, bend_range: 0}", "midi.mappings[0].bend_range", "semitones");
  expect_error("{bend: true, target: drone1, bend_range: 60}", "midi.mappings[0].bend_range", "semitones");
  expect_error("{bend: false, target: drone1}", "midi.mappings[0].bend", "must be true");
  expect_error("{cc: 1, note: 2, target: a}", "midi.mappings[0].note", "not both");
  expect_error("{notes: all}", "midi.mappings[0].target", "missing");
  expect_error("{note: 3, target: a, mode: latch}", "midi.mappings[0].mode", "momentary, toggle");
}

TEST(MidiMappings, DiagnosticsCarryLineAndColumn) {
  SceneLoad l = load(
      "midi:\n"
      "  mappings:\n"
      "    - cc: 1\n"
      "      target: a\n"
      "      curve: cubic\n");
  auto errors = find(l, Severity::kError, "midi.mappings[0].curve");
  ASSERT_EQ(errors.size(), 1u) << dump(l);
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 14);
}

TEST(MidiMappings, UnknownKeysAreWarnedWithASuggestion) {
  SceneLoad l = load("midi:\n  mappings:\n    - {cc: 1, target: a, invrt: true}\n");
  EXPECT_TRUE(l.ok()) << dump(l);
  EXPECT_TRUE(has_warning(l, "midi.mappings[0].invrt", "invert")) << dump(l);
}

TEST(MidiMappings, ProgramAndClockNeedNoTarget) {
  EXPECT_TRUE(load("midi:\n  mappings:\n    - {program: true, channel: 16}\n    - {clock: true}\n").ok());
}

}  // namespace
}  // namespace afterglow::config
