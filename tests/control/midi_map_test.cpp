// Scene mappings (read by the config layer, as a performer writes them) applied to MIDI messages:
// the commands that reach the engine, for every source and every takeover mode.

#include "afterglow/control/midi_map.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "afterglow/config/scene_loader.h"

namespace afterglow::control {
namespace {

using engine::Command;
using engine::CommandType;

struct Recorder : MidiMapSink {
  std::vector<Command> commands;
  std::vector<int> scenes;
  void command(const Command& c) noexcept override { commands.push_back(c); }
  void recall_scene(int index) noexcept override { scenes.push_back(index); }
  std::vector<float> values(std::uint32_t param) const {
    std::vector<float> out;
    for (const auto& c : commands) {
      if (c.type == CommandType::kParam && c.target == param) out.push_back(c.value);
    }
    return out;
  }
};

class MidiMapTest : public ::testing::Test {
 protected:
  const engine::ParamRegistry registry = engine::ParamRegistry::default_layers();
  Recorder out;
  double now = 100.0;

  MidiMap build(const std::string& mappings) {
    config::SceneLoad l =
        config::load_scene_string("midi:\n  mappings:\n" + mappings, "scene.yaml", "/scenes");
    EXPECT_TRUE(l.ok()) << l.diagnostics.format_all();
    auto map = MidiMap::build(l.scene->midi.mappings, registry, nullptr, "scene.yaml");
    EXPECT_TRUE(map.ok()) << (map.ok() ? "" : map.error().message());
    return std::move(map).value();
  }
  Error build_error(const std::string& mappings) {
    config::SceneLoad l =
        config::load_scene_string("midi:\n  mappings:\n" + mappings, "scene.yaml", "/scenes");
    EXPECT_TRUE(l.ok()) << l.diagnostics.format_all();
    auto map = MidiMap::build(l.scene->midi.mappings, registry, nullptr, "scene.yaml");
    EXPECT_FALSE(map.ok());
    return map.ok() ? Error(ErrorKind::kInvalidValue, "") : map.error();
  }
  std::uint32_t param(const char* address) const {
    const auto* p = registry.find(address);
    EXPECT_NE(p, nullptr) << address;
    return p ? p->index : 0;
  }
  std::uint32_t layer(const char* name) const { return *registry.find_layer(name); }

  void send(MidiMap& map, MidiType type, int channel, int d1, int d2 = 0) {
    now += 0.01;
    map.apply({type, static_cast<std::uint8_t>(channel - 1), static_cast<std::uint8_t>(d1),
               static_cast<std::uint8_t>(d2)},
              now, 0, out);
  }
  void cc(MidiMap& map, int number, int value, int channel = 1) {
    send(map, MidiType::kControlChange, channel, number, value);
  }
};

TEST_F(MidiMapTest, CcFollowsTheParametersOwnCurveByDefault) {
  MidiMap map = build("    - {cc: 21, target: cloud1.density, takeover: jump}\n");
  const auto density = param("/afterglow/cloud1/density");
  cc(map, 21, 127);
  cc(map, 21, 64);
  cc(map, 22, 10);  // another controller
  const auto v = out.values(density);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_FLOAT_EQ(v[0], 40000.0f);
  EXPECT_NEAR(v[1], 40000.0 * std::pow(64.0 / 127.0, 3.0), 0.05);  // exp: fine control near 0
  EXPECT_EQ(out.commands[0].frame_time, 0u);
}

TEST_F(MidiMapTest, RangeCurveAndInvert) {
  MidiMap map = build(
      "    - {cc: 1, target: /afterglow/hiss1/low_hz, range: [200, 2000], curve: linear, invert: true, "
      "takeover: jump}\n");
  const auto low = param("/afterglow/hiss1/low_hz");
  cc(map, 1, 0);
  cc(map, 1, 127);
  cc(map, 1, 127 / 2);
  const auto v = out.values(low);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FLOAT_EQ(v[0], 2000.0f);
  EXPECT_FLOAT_EQ(v[1], 200.0f);
  EXPECT_NEAR(v[2], 2000.0 - 1800.0 * 63.0 / 127.0, 0.01);
}

TEST_F(MidiMapTest, PickupDoesNotJumpUntilTheKnobCrossesTheValue) {
  MidiMap map = build("    - {cc: 7, channel: 2, target: cloud1.position, takeover: pickup}\n");
  const auto position = param("/afterglow/cloud1/position");  // default 0.5
  cc(map, 7, 0, 2);
  cc(map, 7, 30, 2);
  cc(map, 7, 60, 2);
  cc(map, 7, 100, 1);  // another channel
  EXPECT_TRUE(out.values(position).empty());
  cc(map, 7, 90, 2);  // jumped over 0.5 between two messages
  cc(map, 7, 20, 2);
  const auto v = out.values(position);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_FLOAT_EQ(v[0], 90.0f / 127.0f);
  EXPECT_FLOAT_EQ(v[1], 20.0f / 127.0f);
}

TEST_F(MidiMapTest, PickupLetsGoWhenSomethingElseMovesTheParameter) {
  MidiMap map = build("    - {cc: 7, target: cloud1.position}\n");
  const auto position = param("/afterglow/cloud1/position");
  cc(map, 7, 64);  // 0.504: within a step of 0.5, caught
  ASSERT_EQ(out.values(position).size(), 1u);
  now += 5.0;
  map.mirror().observe(position, 0.1f, now);  // an OSC fader, long after
  cc(map, 7, 70);
  cc(map, 7, 40);
  EXPECT_EQ(out.values(position).size(), 1u);
  cc(map, 7, 5);  // crossed 0.1
  EXPECT_EQ(out.values(position).size(), 2u);
}

TEST_F(MidiMapTest, TwoKnobsOnOneParameterEachPickUp) {
  MidiMap map = build(
      "    - {cc: 1, target: cloud1.position}\n"
      "    - {cc: 2, target: cloud1.position}\n");
  const auto position = param("/afterglow/cloud1/position");
  cc(map, 1, 64);
  cc(map, 2, 64);  // both caught at 0.5
  cc(map, 1, 120);
  cc(map, 2, 66);  // knob 2 no longer agrees: the parameter is at 120/127
  const auto v = out.values(position);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FLOAT_EQ(v.back(), 120.0f / 127.0f);
}

TEST_F(MidiMapTest, ScaleConvergesWithoutAJump) {
  MidiMap map = build("    - {cc: 3, target: cloud1.spray, takeover: scale}\n");  // default 0.05
  const auto spray = param("/afterglow/cloud1/spray");
  cc(map, 3, 64);
  cc(map, 3, 96);
  cc(map, 3, 127);
  const auto v = out.values(spray);
  ASSERT_EQ(v.size(), 2u);
  const double p = 64.0 / 127.0;
  const double expected = 0.05 + (96.0 / 127.0 - p) * (1.0 - 0.05) / (1.0 - p);
  EXPECT_NEAR(v[0], expected, 1e-5);
  EXPECT_LT(v[0], 96.0 / 127.0);  // no jump to the knob
  EXPECT_FLOAT_EQ(v[1], 1.0f);    // both at the end stop
}

TEST_F(MidiMapTest, FourteenBitLatchesTheMsbAndAppliesOnTheLsb) {
  MidiMap map = build("    - {cc: 16, 14bit: true, target: cloud1.position, takeover: jump}\n");
  const auto position = param("/afterglow/cloud1/position");
  cc(map, 48, 5);  // LSB with no MSB yet
  cc(map, 16, 100);
  EXPECT_TRUE(out.values(position).empty());
  cc(map, 48, 77);
  cc(map, 16, 127);
  cc(map, 48, 127);
  const auto v = out.values(position);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_FLOAT_EQ(v[0], static_cast<float>((100 * 128 + 77) / 16383.0));
  EXPECT_FLOAT_EQ(v[1], 1.0f);
}

TEST_F(MidiMapTest, NotesPlayTheDroneInTheirKeyRangeAndChannel) {
  MidiMap map = build("    - {notes: [48, 72], channel: 3, target: drone1, velocity_curve: hard}\n");
  const auto drone = layer("drone1");
  send(map, MidiType::kNoteOn, 3, 60, 127);
  send(map, MidiType::kNoteOn, 3, 40, 100);  // below the range
  send(map, MidiType::kNoteOn, 4, 61, 100);  // other channel
  send(map, MidiType::kNoteOn, 3, 64, 64);
  send(map, MidiType::kNoteOff, 3, 60, 0);
  ASSERT_EQ(out.commands.size(), 3u);
  EXPECT_EQ(out.commands[0].type, CommandType::kNoteOn);
  EXPECT_EQ(out.commands[0].target, drone);
  EXPECT_EQ(out.commands[0].note, 60);
  EXPECT_FLOAT_EQ(out.commands[0].value, 1.0f);
  EXPECT_FLOAT_EQ(out.commands[1].value, (64.0f / 127.0f) * (64.0f / 127.0f));
  EXPECT_EQ(out.commands[2].type, CommandType::kNoteOff);
  EXPECT_EQ(out.commands[2].note, 60);
}

TEST_F(MidiMapTest, SustainPedalHoldsNoteOffsUntilReleased) {
  MidiMap map = build("    - {notes: all, target: drone1}\n");
  send(map, MidiType::kNoteOn, 1, 60, 100);
  send(map, MidiType::kNoteOn, 1, 64, 100);
  cc(map, 64, 127);
  send(map, MidiType::kNoteOff, 1, 60);
  send(map, MidiType::kNoteOff, 1, 64);
  send(map, MidiType::kNoteOn, 1, 64, 90);  // pressed again while held: must keep sounding
  ASSERT_EQ(out.commands.size(), 3u);       // two note-ons, the re-press; no note-off yet
  cc(map, 64, 0);
  ASSERT_EQ(out.commands.size(), 4u);
  EXPECT_EQ(out.commands[3].type, CommandType::kNoteOff);
  EXPECT_EQ(out.commands[3].note, 60);
  send(map, MidiType::kNoteOff, 1, 64);
  EXPECT_EQ(out.commands.back().type, CommandType::kNoteOff);
  EXPECT_EQ(out.commands.back().note, 64);

  MidiMap dry = build("    - {notes: all, target: drone1, sustain: false}\n");
  out.commands.clear();
  send(dry, MidiType::kNoteOn, 1, 60, 100);
  cc(dry, 64, 127);
  send(dry, MidiType::kNoteOff, 1, 60);
  ASSERT_EQ(out.commands.size(), 2u);
  EXPECT_EQ(out.commands[1].type, CommandType::kNoteOff);
}

TEST_F(MidiMapTest, AllNotesOffReleasesTheLayer) {
  MidiMap map = build("    - {notes: all, target: drone1}\n");
  send(map, MidiType::kNoteOn, 1, 60, 100);
  cc(map, 123, 0);
  ASSERT_EQ(out.commands.size(), 2u);
  EXPECT_EQ(out.commands[1].type, CommandType::kAllOff);
}

TEST_F(MidiMapTest, PitchBendMovesTheDronesBendByTheBendRange) {
  MidiMap map = build("    - {bend: true, target: drone1, bend_range: 0.5}\n");
  EXPECT_TRUE(map.warnings().empty());
  const auto fine = param("/afterglow/drone1/bend");
  send(map, MidiType::kPitchBend, 1, 0x7F, 0x7F);
  send(map, MidiType::kPitchBend, 1, 0, 0);
  send(map, MidiType::kPitchBend, 1, 0, 0x40);
  const auto v = out.values(fine);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FLOAT_EQ(v[0], 50.0f);
  EXPECT_FLOAT_EQ(v[1], -50.0f);
  EXPECT_FLOAT_EQ(v[2], 0.0f);

  // The default ±2 semitones, and the widest, ±48, reach their ends unclipped.
  MidiMap wide = build("    - {bend: true, target: drone1}\n");
  EXPECT_TRUE(wide.warnings().empty());
  out.commands.clear();
  send(wide, MidiType::kPitchBend, 1, 0x7F, 0x7F);
  EXPECT_FLOAT_EQ(out.values(fine).at(0), 200.0f);
  MidiMap widest = build("    - {bend: true, target: drone1, bend_range: 48}\n");
  EXPECT_TRUE(widest.warnings().empty());
  out.commands.clear();
  send(widest, MidiType::kPitchBend, 1, 0, 0);
  EXPECT_FLOAT_EQ(out.values(fine).at(0), -4800.0f);

  // A bend mapped onto fine_tune itself (±100 cents) is clipped at the wheel's ends, and said so.
  MidiMap onto_fine = build("    - {bend: true, target: drone1.fine_tune}\n");
  ASSERT_EQ(onto_fine.warnings().size(), 1u);
  EXPECT_NE(onto_fine.warnings()[0].find("clipped"), std::string::npos);
}

TEST_F(MidiMapTest, ProgramChangeWithBankRequestsAScene) {
  MidiMap map = build("    - {program: true, channel: 10}\n");
  send(map, MidiType::kProgramChange, 10, 5);
  cc(map, 0, 1, 10);
  cc(map, 32, 2, 10);
  send(map, MidiType::kProgramChange, 10, 3);
  send(map, MidiType::kProgramChange, 9, 4);
  ASSERT_EQ(out.scenes.size(), 2u);
  EXPECT_EQ(out.scenes[0], 5);
  EXPECT_EQ(out.scenes[1], (1 * 128 + 2) * 128 + 3);
  EXPECT_TRUE(out.commands.empty());
}

TEST_F(MidiMapTest, ClockSetsTheTempoParameter) {
  MidiMap map = build("    - {clock: true, target: hiss1.tempo_bpm}\n");
  const auto tempo = param("/afterglow/hiss1/tempo_bpm");
  map.apply({MidiType::kStart}, now, 0, out);
  const double tick = 60.0 / (132.0 * 24.0);
  for (int i = 0; i < 48; ++i) map.apply({MidiType::kClock}, now + i * tick, 0, out);
  ASSERT_TRUE(map.clock().bpm());
  EXPECT_NEAR(*map.clock().bpm(), 132.0, 1e-6);
  EXPECT_TRUE(map.clock().running());
  const auto v = out.values(tempo);
  ASSERT_FALSE(v.empty());
  EXPECT_NEAR(v.back(), 132.0f, 1e-3);
  EXPECT_LE(v.size(), 3u);  // a steady tempo is not re-sent every tick
}

TEST_F(MidiMapTest, NotesOnParametersAndTriggers) {
  MidiMap map = build(
      "    - {note: 41, target: drone1.mute}\n"
      "    - {note: 42, target: cloud1.freeze, mode: momentary}\n"
      "    - {note: 43, target: hiss1}\n");
  const auto mute = param("/afterglow/drone1/mute");
  const auto freeze = param("/afterglow/cloud1/freeze");
  send(map, MidiType::kNoteOn, 1, 41, 100);
  send(map, MidiType::kNoteOff, 1, 41);
  send(map, MidiType::kNoteOn, 1, 41, 100);
  EXPECT_EQ(out.values(mute), (std::vector<float>{1.0f, 0.0f}));  // a bool toggles
  send(map, MidiType::kNoteOn, 1, 42, 100);
  send(map, MidiType::kNoteOff, 1, 42);
  EXPECT_EQ(out.values(freeze), (std::vector<float>{1.0f, 0.0f}));
  send(map, MidiType::kNoteOn, 1, 43, 127);
  ASSERT_EQ(out.commands.back().type, CommandType::kTrigger);
  EXPECT_EQ(out.commands.back().target, layer("hiss1"));
  EXPECT_FLOAT_EQ(out.commands.back().value, 1.0f);
}

TEST_F(MidiMapTest, UnusableTargetsAreEachReportedWithTheirPlace) {
  const Error e = build_error(
      "    - {cc: 1, target: cloud1.densty}\n"
      "    - {notes: all, target: cloud1}\n"
      "    - {bend: true, target: cloud1.pitch}\n"
      "    - {cc: 2, target: cloud1.density}\n");
  EXPECT_EQ(e.kind(), ErrorKind::kInvalidConfig);
  EXPECT_NE(e.message().find("3 MIDI mappings"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("scene.yaml:3:7: midi.mappings[0].target: \"cloud1.densty\""), std::string::npos)
      << e.message();
  EXPECT_NE(e.message().find("not a drone layer"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("midi.mappings[2].target"), std::string::npos) << e.message();
  EXPECT_EQ(e.message().find("midi.mappings[3]"), std::string::npos) << e.message();
}

TEST_F(MidiMapTest, RandomMessagesOnlyEverProduceValidCommands) {
  MidiMap map = build(
      "    - {cc: 1, target: cloud1.density, takeover: scale}\n"
      "    - {cc: 2, 14bit: true, target: hiss1.low_hz}\n"
      "    - {notes: all, target: drone1}\n"
      "    - {note: 1, target: hiss1}\n"
      "    - {bend: true, target: drone1}\n"
      "    - {program: true}\n"
      "    - {clock: true, target: hiss1.tempo_bpm}\n");
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> type(0, static_cast<int>(MidiType::kReset));
  std::uniform_int_distribution<int> byte(0, 127);
  std::uniform_int_distribution<int> channel(0, 15);
  for (int i = 0; i < 200000; ++i) {
    MidiMessage m{static_cast<MidiType>(type(rng)), 0, static_cast<std::uint8_t>(byte(rng)),
                  static_cast<std::uint8_t>(byte(rng))};
    if (m.is_channel()) m.channel = static_cast<std::uint8_t>(channel(rng));
    now += 0.001;
    map.apply(m, now, 0, out);
  }
  ASSERT_FALSE(out.commands.empty());
  for (const auto& c : out.commands) {
    if (c.type == CommandType::kParam) {
      ASSERT_LT(c.target, registry.size());
      ASSERT_TRUE(std::isfinite(c.value));
      ASSERT_GE(c.value, registry[c.target].min);
      ASSERT_LE(c.value, registry[c.target].max);
    } else {
      ASSERT_LT(c.target, registry.layers().size());
      ASSERT_GE(c.value, 0.0f);
      ASSERT_LE(c.value, 1.0f);
    }
  }
}

}  // namespace
}  // namespace afterglow::control
