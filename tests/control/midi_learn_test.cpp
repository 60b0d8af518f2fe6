// MIDI learn: the state machine (last CC moved wins, settle, confirm, cancel, timeout), the learned
// mappings file next to the scene (written, read back, merged over the scene's), the callback's slot
// and map hand-over in MidiInput, the learn key, the OSC routes — and the acceptance test: learn a
// CC, save, start again from the saved file, and the knob plays the parameter.

#include "afterglow/control/midi_learn.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "afterglow/config/scene_loader.h"
#include "afterglow/control/osc_router.h"
#include "support/temp_dir.h"

namespace afterglow::control {
namespace {

namespace fs = std::filesystem;
using engine::Command;
using engine::CommandType;

const char* kScene =
    "midi:\n"
    "  mappings:\n"
    "    - {cc: 21, target: cloud1.position, takeover: jump}\n"
    "    - {note: 40, target: cloud1.size_ms, mode: learn}\n";

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<config::MidiMapping> scene_mappings(const std::string& text) {
  config::SceneLoad l = config::load_scene_string(text, "scene.yaml", "/scenes");
  EXPECT_TRUE(l.ok()) << l.diagnostics.format_all();
  return l.ok() ? l.scene->midi.mappings : std::vector<config::MidiMapping>{};
}

std::vector<Command> drain(engine::CommandQueues& queues) {
  std::vector<Command> out;
  queues.drain(1000000, [&](const Command& c) {
    out.push_back(c);
    return true;
  });
  return out;
}

std::vector<float> values(const std::vector<Command>& commands, std::uint32_t param) {
  std::vector<float> out;
  for (const Command& c : commands) {
    if (c.type == CommandType::kParam && c.target == param) out.push_back(c.value);
  }
  return out;
}

void cc(MidiInput& input, int channel, int number, int value) {
  const std::uint8_t bytes[] = {static_cast<std::uint8_t>(0xB0 | (channel - 1)),
                                static_cast<std::uint8_t>(number), static_cast<std::uint8_t>(value)};
  input.receive(bytes);
}

void note_on(MidiInput& input, int key) {
  const std::uint8_t bytes[] = {0x90, static_cast<std::uint8_t>(key), 100,
                                0x80, static_cast<std::uint8_t>(key), 0};
  input.receive(bytes);
}

class MidiLearnTest : public ::testing::Test {
 protected:
  const engine::ParamRegistry registry = engine::ParamRegistry::default_layers();
  std::uint32_t param(const char* id) const {
    const auto* p = find_mapping_param(registry, id);
    EXPECT_NE(p, nullptr) << id;
    return p ? p->index : 0;
  }
  // A "running engine": inputs built from the scene's mappings and the learned file, as `live` does.
  struct Rig {
    engine::CommandQueues queues{1, 4096};
    std::shared_ptr<MidiParamMirror> mirror;
    std::unique_ptr<MidiLearner> learner;
    std::vector<std::unique_ptr<MidiInput>> inputs;
  };
  std::unique_ptr<Rig> start(const fs::path& scene_file) {
    auto rig = std::make_unique<Rig>();
    rig->mirror = std::make_shared<MidiParamMirror>(registry);
    auto scene = config::load_scene_file(scene_file);
    EXPECT_TRUE(scene.ok()) << scene.diagnostics.format_all();
    const fs::path file = learned_mappings_path(scene_file);
    auto learned = load_learned_mappings(file);
    EXPECT_TRUE(learned.ok()) << (learned.ok() ? "" : learned.error().what());
    std::vector<config::MidiMapping> kept = learned.ok() ? *learned : std::vector<config::MidiMapping>{};
    EXPECT_TRUE(keep_usable(kept, registry, file.string()).empty());
    rig->learner = std::make_unique<MidiLearner>(registry, rig->mirror, scene.scene->midi.mappings, kept,
                                                 file, scene_file.string());
    auto map = MidiMap::build(rig->learner->mappings(), registry, rig->mirror, scene_file.string());
    EXPECT_TRUE(map.ok()) << (map.ok() ? "" : map.error().what());
    rig->inputs.push_back(MidiInput::detached(std::move(*map), rig->queues.sender(0)));
    return rig;
  }
};

TEST(MidiLearnFile, SitsNextToTheSceneAndIsNeverTakenForAScene) {
  EXPECT_EQ(learned_mappings_path("/gig/night.yaml"), fs::path("/gig/night.mappings.yaml"));
  EXPECT_EQ(learned_mappings_path("rel/a.b.yaml"), fs::path("rel/a.b.mappings.yaml"));
  EXPECT_TRUE(is_learned_mappings_file("/gig/night.mappings.yaml"));
  EXPECT_FALSE(is_learned_mappings_file("/gig/night.yaml"));
  EXPECT_FALSE(is_learned_mappings_file("/gig/.mappings.yaml"));
}

TEST(MidiLearnState, TheLastCcMovedWinsOnceTheKnobsRest) {
  MidiLearn learn;
  learn.start("cloud1.density", 10.0);
  learn.moved(1, 21, 10.2);
  learn.moved(2, 22, 10.5);
  EXPECT_FALSE(learn.poll(11.4));  // 0.9 s after the last move
  learn.moved(2, 22, 11.45);
  EXPECT_FALSE(learn.poll(12.4));
  const auto done = learn.poll(12.5);
  ASSERT_TRUE(done);
  ASSERT_TRUE(done->mapping);
  EXPECT_EQ(done->target, "cloud1.density");
  EXPECT_EQ(*done->mapping->cc, 22);
  EXPECT_EQ(done->mapping->channel, 2);
  EXPECT_EQ(done->mapping->takeover, config::Takeover::kPickup);
  EXPECT_FALSE(learn.active());
  EXPECT_FALSE(learn.poll(20.0));  // once
}

TEST(MidiLearnState, ConfirmEndsAtOnceCancelAndTimeoutLeaveNoMapping) {
  MidiLearn learn;
  learn.start("a.b", 0.0);
  learn.moved(3, 7, 0.1);
  learn.confirm();
  auto done = learn.poll(0.1);
  ASSERT_TRUE(done && done->mapping);
  EXPECT_EQ(*done->mapping->cc, 7);

  learn.start("a.b", 1.0);
  learn.moved(3, 7, 1.1);
  learn.cancel();
  done = learn.poll(1.1);
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->mapping);

  learn.start("a.b", 2.0);
  EXPECT_FALSE(learn.poll(2.0 + MidiLearn::kTimeoutSeconds - 0.1));
  done = learn.poll(2.0 + MidiLearn::kTimeoutSeconds);
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->mapping);

  learn.start("a.b", 100.0);  // confirmed with nothing moved: nothing to map
  learn.confirm();
  done = learn.poll(100.0);
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->mapping);
}

TEST(MidiLearnFile, EveryMappingKeySurvivesSavingAndReading) {
  test::TempDir dir;
  const auto mappings = scene_mappings(
      "midi:\n  mappings:\n"
      "    - {cc: 21, channel: 3, target: cloud1.position, takeover: scale, range: [0.25, 0.75], curve: exp, "
      "invert: true}\n"
      "    - {cc: 1, 14bit: true, target: cloud1.density, takeover: jump}\n"
      "    - {notes: [36, 59], target: drone1, velocity_curve: soft, sustain: false}\n"
      "    - {note: 41, target: cloud1.freeze, mode: momentary}\n"
      "    - {bend: true, target: drone1, bend_range: 0.5}\n"
      "    - {program: true, channel: 16}\n"
      "    - {clock: true, target: hiss1.tempo_bpm}\n");
  ASSERT_EQ(mappings.size(), 7u);
  const fs::path file = dir / "s.mappings.yaml";
  ASSERT_TRUE(save_learned_mappings(file, mappings).ok());
  auto back = load_learned_mappings(file);
  ASSERT_TRUE(back.ok()) << back.error().what() << "\n" << read_text(file);
  ASSERT_EQ(back->size(), mappings.size());
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    EXPECT_EQ(to_yaml((*back)[i]), to_yaml(mappings[i]));
    EXPECT_EQ((*back)[i].source, mappings[i].source);
    EXPECT_EQ((*back)[i].channel, mappings[i].channel);
    EXPECT_EQ((*back)[i].takeover, mappings[i].takeover);
    EXPECT_EQ((*back)[i].range_min, mappings[i].range_min);
    EXPECT_EQ((*back)[i].curve, mappings[i].curve);
    EXPECT_EQ((*back)[i].invert, mappings[i].invert);
    EXPECT_EQ((*back)[i].fourteen_bit, mappings[i].fourteen_bit);
    EXPECT_EQ((*back)[i].key_low, mappings[i].key_low);
    EXPECT_EQ((*back)[i].sustain, mappings[i].sustain);
    EXPECT_EQ((*back)[i].bend_range, mappings[i].bend_range);
    EXPECT_EQ((*back)[i].action, mappings[i].action);
  }
  EXPECT_EQ(
      to_yaml(mappings[0]),
      "{cc: 21, channel: 3, target: \"cloud1.position\", takeover: scale, range: [0.25, 0.75], curve: exp, "
      "invert: true}");
  // A missing file is no mapping; a name that is not <scene>.mappings.yaml is never written.
  auto none = load_learned_mappings(dir / "absent.mappings.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(save_learned_mappings(dir / "s.yaml", mappings).ok());
  EXPECT_FALSE(fs::exists(dir / "s.yaml"));
}

TEST(MidiLearnFile, ABrokenFileIsAnErrorWithItsLine) {
  test::TempDir dir;
  const fs::path file = dir.write("s.mappings.yaml", "midi:\n  mappings:\n    - {cc: 300, target: x}\n");
  auto r = load_learned_mappings(file);
  ASSERT_FALSE(r.ok());
  const std::string what = r.error().what();
  EXPECT_NE(what.find("s.mappings.yaml:3:"), std::string::npos) << what;
}

TEST(MidiLearnMerge, LearnedCcReplacesTheScenesOnTheSameControllerAndChannel) {
  const auto scene = scene_mappings(
      "midi:\n  mappings:\n"
      "    - {cc: 21, target: cloud1.position}\n"             // any channel: overlaps
      "    - {cc: 22, channel: 2, target: cloud1.size_ms}\n"  // another channel: stays
      "    - {cc: 1, 14bit: true, target: cloud1.spray}\n"    // its LSB is CC 33
      "    - {notes: all, target: drone1}\n");
  std::vector<config::MidiMapping> learned;
  add_learned(learned, learned_cc_mapping(1, 21, "cloud1.density"));
  add_learned(learned, learned_cc_mapping(1, 22, "cloud1.pitch"));
  add_learned(learned, learned_cc_mapping(1, 33, "hiss1.low_hz"));
  const auto merged = merge_learned(scene, learned);
  std::vector<std::string> targets;
  for (const auto& m : merged) targets.push_back(m.target);
  EXPECT_EQ(targets, (std::vector<std::string>{"cloud1.size_ms", "drone1", "cloud1.density", "cloud1.pitch",
                                               "hiss1.low_hz"}));
  // Learning the same parameter again, or the same knob for another parameter, replaces.
  add_learned(learned, learned_cc_mapping(1, 50, "cloud1.density"));
  add_learned(learned, learned_cc_mapping(0, 22, "cloud1.window"));
  targets.clear();
  for (const auto& m : learned) targets.push_back(m.target);
  EXPECT_EQ(targets, (std::vector<std::string>{"hiss1.low_hz", "cloud1.density", "cloud1.window"}));
}

TEST_F(MidiLearnTest, TheCallbackRecordsTheLatestCcOnlyWhileArmed) {
  engine::CommandQueues queues(1, 64);
  auto map = MidiMap::build({}, registry);
  ASSERT_TRUE(map.ok());
  auto input = MidiInput::detached(std::move(*map), queues.sender(0));
  cc(*input, 1, 21, 5);
  EXPECT_EQ(input->learned_cc().sequence, 0u);
  input->arm_learn(true);
  cc(*input, 4, 21, 5);
  cc(*input, 5, 99, 64);
  auto seen = input->learned_cc();
  EXPECT_EQ(seen.sequence, 2u);
  EXPECT_EQ(seen.channel, 5);
  EXPECT_EQ(seen.cc, 99);
  EXPECT_EQ(seen.value, 64);
  cc(*input, 1, 123, 0);  // All Notes Off is not a knob
  note_on(*input, 60);
  EXPECT_EQ(input->learned_cc().sequence, 2u);
  input->arm_learn(false);
  cc(*input, 1, 7, 1);
  EXPECT_EQ(input->learned_cc().sequence, 2u);
}

TEST_F(MidiLearnTest, ANewMapIsAdoptedByTheCallbackAndKeepsAKnobThatHadItsParameter) {
  engine::CommandQueues queues(1, 256);
  const auto mappings = scene_mappings("midi:\n  mappings:\n    - {cc: 7, target: cloud1.position}\n");
  auto mirror = std::make_shared<MidiParamMirror>(registry);
  auto map = MidiMap::build(mappings, registry, mirror);
  ASSERT_TRUE(map.ok());
  auto input = MidiInput::detached(std::move(*map), queues.sender(0));
  const auto position = param("cloud1.position");  // 0.5
  cc(*input, 1, 7, 50);
  cc(*input, 1, 7, 80);  // crossed 0.5: the knob has it
  EXPECT_EQ(values(drain(queues), position).size(), 1u);

  std::vector<config::MidiMapping> more = mappings;
  more.push_back(learned_cc_mapping(1, 8, "cloud1.density"));
  auto next = MidiMap::build(more, registry, mirror);
  ASSERT_TRUE(next.ok());
  input->replace_map(std::make_unique<MidiMap>(std::move(*next)));
  EXPECT_FALSE(input->collect());  // not adopted yet: nothing arrived
  EXPECT_EQ(input->map().size(), 1u);
  cc(*input, 1, 7, 20);  // adopted first; the knob still has the parameter: no pickup again
  EXPECT_EQ(input->map().size(), 2u);
  EXPECT_EQ(values(drain(queues), position), (std::vector<float>{20.0f / 127.0f}));
  EXPECT_TRUE(input->collect());
}

TEST_F(MidiLearnTest, SwappingMapsWhileTheCallbackRunsLosesNothing) {
  engine::CommandQueues queues(1, 1 << 16);
  const auto mappings =
      scene_mappings("midi:\n  mappings:\n    - {cc: 7, target: cloud1.position, takeover: jump}\n");
  auto mirror = std::make_shared<MidiParamMirror>(registry);
  auto input = MidiInput::detached(*MidiMap::build(mappings, registry, mirror), queues.sender(0));
  std::atomic<bool> done{false};
  std::thread callback([&] {
    std::mt19937 rng(7);
    for (int i = 0; i < 40000; ++i) {
      cc(*input, 1, 7, static_cast<int>(rng() % 128));
      if (i % 16 == 0) std::this_thread::yield();
    }
    done.store(true);
  });
  int swaps = 0;
  while (!done.load()) {
    input->replace_map(std::make_unique<MidiMap>(*MidiMap::build(mappings, registry, mirror)));
    ++swaps;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  callback.join();
  EXPECT_GT(swaps, 10);
  EXPECT_EQ(input->messages(), 40000u);
  EXPECT_EQ(input->dropped(), 0u);
  const auto sent = drain(queues);
  EXPECT_EQ(values(sent, param("cloud1.position")).size(), input->messages());
}

// Acceptance: learn a CC, save, start again from the saved file, and the mapping plays.
TEST_F(MidiLearnTest, LearnSaveRestartAndTheKnobPlaysTheParameter) {
  test::TempDir dir;
  const fs::path scene_file = dir.write("night.yaml", kScene);
  const std::string scene_text = read_text(scene_file);
  const auto density = param("cloud1.density");
  {
    auto rig = start(scene_file);
    MidiInput& input = *rig->inputs[0];
    rig->learner->tick(rig->inputs, 0.0);
    cc(input, 2, 22, 0);  // before learn: not a candidate
    rig->learner->tick(rig->inputs, 0.05);
    ASSERT_EQ(rig->learner->request(MidiLearner::Request::kStart, "/afterglow/cloud1/density"), "");
    rig->learner->tick(rig->inputs, 0.1);
    EXPECT_TRUE(rig->learner->active());
    cc(input, 3, 30, 10);
    cc(input, 2, 22, 0);  // the last one moved
    rig->learner->tick(rig->inputs, 0.2);
    rig->learner->tick(rig->inputs, 1.0);
    EXPECT_TRUE(rig->learner->active());
    EXPECT_FALSE(fs::exists(learned_mappings_path(scene_file)));
    rig->learner->tick(rig->inputs, 1.25);
    EXPECT_FALSE(rig->learner->active());
    EXPECT_EQ(rig->learner->saved(), 1);
    (void)drain(rig->queues);
    // Plays at once (pickup: the knob crosses the parameter's value, 0 → top).
    cc(input, 2, 22, 0);
    cc(input, 2, 22, 127);
    EXPECT_EQ(values(drain(rig->queues), density), (std::vector<float>{40000.0f}));
  }
  EXPECT_EQ(read_text(scene_file), scene_text);  // the scene file is never rewritten
  const std::string saved = read_text(learned_mappings_path(scene_file));
  EXPECT_NE(saved.find("{cc: 22, channel: 2, target: \"cloud1.density\"}"), std::string::npos) << saved;

  // A new engine and map from the files.
  auto rig = start(scene_file);
  MidiInput& input = *rig->inputs[0];
  cc(input, 2, 22, 0);
  cc(input, 2, 22, 127);
  cc(input, 3, 30, 127);  // moved during learn, but not last: not mapped
  cc(input, 1, 21, 127);  // the scene's own mapping still plays
  const auto sent = drain(rig->queues);
  EXPECT_EQ(values(sent, density), (std::vector<float>{40000.0f}));
  EXPECT_EQ(values(sent, param("cloud1.position")), (std::vector<float>{1.0f}));
  EXPECT_EQ(sent.size(), 2u);
}

TEST_F(MidiLearnTest, ALearnKeyStartsAndConfirms) {
  test::TempDir dir;
  const fs::path scene_file = dir.write("s.yaml", kScene);
  auto rig = start(scene_file);
  MidiInput& input = *rig->inputs[0];
  note_on(input, 40);
  rig->learner->tick(rig->inputs, 0.0);
  EXPECT_TRUE(rig->learner->active());
  cc(input, 1, 5, 64);
  rig->learner->tick(rig->inputs, 0.1);
  note_on(input, 40);  // again: confirmed, no need to wait
  rig->learner->tick(rig->inputs, 0.2);
  EXPECT_FALSE(rig->learner->active());
  ASSERT_EQ(rig->learner->learned().size(), 1u);
  EXPECT_EQ(rig->learner->learned()[0].target, "cloud1.size_ms");
  EXPECT_EQ(*rig->learner->learned()[0].cc, 5);
  EXPECT_TRUE(fs::exists(learned_mappings_path(scene_file)));
}

TEST_F(MidiLearnTest, UnknownParametersAreRefusedAndStaleLearnedMappingsLeftOut) {
  test::TempDir dir;
  const fs::path scene_file = dir.write("s.yaml", kScene);
  auto rig = start(scene_file);
  EXPECT_NE(rig->learner->request(MidiLearner::Request::kStart, "cloud9.density").find("not a parameter"),
            std::string::npos);
  EXPECT_NE(rig->learner->request(MidiLearner::Request::kStart, "drone1").find("not a parameter"),
            std::string::npos);
  std::vector<config::MidiMapping> learned = {learned_cc_mapping(1, 1, "cloud1.density"),
                                              learned_cc_mapping(1, 2, "cloud7.density")};
  const auto problems = keep_usable(learned, registry, "s.mappings.yaml");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("cloud7.density"), std::string::npos);
  ASSERT_EQ(learned.size(), 1u);
  EXPECT_EQ(learned[0].target, "cloud1.density");
  EXPECT_FALSE(
      MidiMap::build(scene_mappings("midi:\n  mappings:\n    - {note: 1, target: drone1, mode: learn}\n"),
                     registry)
          .ok());
}

TEST_F(MidiLearnTest, OscAddressesForLearn) {
  OscRouter router(registry);
  auto r = router.route("/afterglow/learn", {std::string("/afterglow/cloud1/density")});
  ASSERT_EQ(r.kind, OscRoute::Kind::kLearn) << r.error;
  EXPECT_EQ(r.param, param("cloud1.density"));
  r = router.route("/afterglow/learn", {std::string("cloud1.size_ms")});
  ASSERT_EQ(r.kind, OscRoute::Kind::kLearn);
  EXPECT_EQ(r.param, param("cloud1.size_ms"));
  EXPECT_EQ(router.route("/afterglow/learn/confirm", {}).kind, OscRoute::Kind::kLearnConfirm);
  EXPECT_EQ(router.route("/afterglow/learn/cancel", {}).kind, OscRoute::Kind::kLearnCancel);
  EXPECT_EQ(router.route("/afterglow/learn", {}).kind, OscRoute::Kind::kError);
  EXPECT_EQ(router.route("/afterglow/learn", {std::int64_t{3}}).kind, OscRoute::Kind::kError);
  r = router.route("/afterglow/learn", {std::string("/afterglow/nope/x")});
  EXPECT_EQ(r.kind, OscRoute::Kind::kError);
  EXPECT_NE(r.error.find("no parameter"), std::string::npos);
}

}  // namespace
}  // namespace afterglow::control
