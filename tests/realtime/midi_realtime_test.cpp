// Built only with -DAFTERGLOW_RTSAN=ON. What the RtMidi callback does — MidiInput::receive(): decode,
// map, enqueue, record the CC for learn, and adopt a map that MIDI learn replaced — runs inside
// RealtimeScope over a flood of random MIDI bytes in random-size chunks (running status, SysEx, clock
// bytes in the middle of messages, junk), through a map with every kind of mapping, with the command
// queue both drained and left to overflow, and a new map handed over every few thousand chunks. Any
// allocation, free, lock or I/O on that path ends the run with "Real-time violation". A negative
// control proves the guard sees a mapping sink that allocates.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "afterglow/config/scene_loader.h"
#include "afterglow/control/midi_input.h"
#include "afterglow/control/midi_map.h"
#include "afterglow/core/random.h"
#include "afterglow/core/realtime_guard.h"

namespace afterglow::control {
namespace {

class MidiRealtime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { realtime_sanitizer_init(); }
};

const char* kMappings =
    "midi:\n  mappings:\n"
    "    - {cc: 21, target: cloud1.position, takeover: jump}\n"
    "    - {cc: 22, target: cloud1.density, takeover: pickup, curve: exp}\n"
    "    - {cc: 23, target: hiss1.low_hz, takeover: scale, range: [200, 2000], curve: log, invert: true}\n"
    "    - {cc: 1, 14bit: true, target: cloud1.size_ms}\n"
    "    - {notes: [0, 100], target: drone1, velocity_curve: soft}\n"
    "    - {note: 101, target: cloud1.freeze}\n"
    "    - {note: 102, target: cloud1.spray, mode: momentary}\n"
    "    - {note: 103, target: hiss1}\n"
    "    - {note: 104, target: cloud1.pitch, mode: learn}\n"
    "    - {bend: true, target: drone1, bend_range: 1}\n"
    "    - {program: true}\n"
    "    - {clock: true, target: hiss1.tempo_bpm}\n";

std::vector<config::MidiMapping> mappings() {
  config::SceneLoad l = config::load_scene_string(kMappings, "scene.yaml", "/scenes");
  EXPECT_TRUE(l.ok()) << l.diagnostics.format_all();
  return l.scene->midi.mappings;
}

TEST_F(MidiRealtime, AFloodOfRandomBytesThroughReceiveNeverLeavesTheRealtimePath) {
  const engine::ParamRegistry registry = engine::ParamRegistry::default_layers();
  const auto list = mappings();
  auto mirror = std::make_shared<MidiParamMirror>(registry);
  engine::CommandQueues queues(1, 1024);
  auto input = MidiInput::detached(std::move(MidiMap::build(list, registry, mirror)).value_or_throw(),
                                   queues.sender(0));
  input->arm_learn(true);

  Random rng(42);
  std::vector<std::uint8_t> bytes(1 << 16);
  std::uint64_t drained = 0;
  std::uint64_t chunks = 0;
  for (int round = 0; round < 40; ++round) {
    // Half the bytes status-like, so whole messages form often; clock ticks sprinkled in.
    for (auto& b : bytes) {
      const std::uint32_t r = rng.next_u32();
      b = static_cast<std::uint8_t>((r & 0x100) != 0 ? 0x80 | (r & 0x7F) : r & 0x7F);
      if ((r >> 24) < 8) b = 0xF8;
    }
    std::size_t at = 0;
    while (at < bytes.size()) {
      const std::size_t n = std::min<std::size_t>(1 + rng.next_u32() % 64, bytes.size() - at);
      {
        RealtimeScope scope;
        input->receive(std::span<const std::uint8_t>(bytes.data() + at, n));
      }
      at += n;
      ++chunks;
      if (chunks % 3000 == 0) {  // a learn rebuilt the maps (control thread), adopted by the next receive
        input->collect();
        input->replace_map(
            std::make_unique<MidiMap>(std::move(MidiMap::build(list, registry, mirror)).value_or_throw()));
      }
    }
    if (round % 2 == 0) {  // odd rounds leave the queue full: the drop path runs too
      queues.drain(1u << 30, [&](const engine::Command&) {
        ++drained;
        return true;
      });
    }
    int scene = 0;
    while (input->pop_scene_request(scene)) {
    }
    std::uint32_t param = 0;
    while (input->pop_learn_request(param)) {
    }
  }
  input->collect();
  EXPECT_GT(input->messages(), 100000u);
  EXPECT_GT(drained, 10000u);
  EXPECT_GT(input->dropped(), 0u);
  EXPECT_GT(input->learned_cc().sequence, 1000u);
}

// Negative control: a sink that allocates for each command is caught.
struct AllocatingSink : MidiMapSink {
  std::vector<engine::Command>* kept = nullptr;
  void command(const engine::Command& c) noexcept override { kept = new std::vector<engine::Command>(1, c); }
  void recall_scene(int) noexcept override {}
};

void apply_with_an_allocating_sink() {
  const engine::ParamRegistry registry = engine::ParamRegistry::default_layers();
  MidiMap map = std::move(MidiMap::build(mappings(), registry)).value_or_throw();
  AllocatingSink sink;
  RealtimeScope scope;
  map.apply({MidiType::kControlChange, 0, 21, 100}, 1.0, 0, sink);
}

TEST_F(MidiRealtime, AnAllocatingSinkIsCaught) {
  EXPECT_EXIT(apply_with_an_allocating_sink(), ::testing::ExitedWithCode(1), "Real-time violation");
}

}  // namespace
}  // namespace afterglow::control
