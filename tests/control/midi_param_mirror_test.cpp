// The mirror MIDI takeover compares with: seeded from the scene, moved by MIDI at once, moved by
// others through observe(), deaf to the echo of MIDI's own sends.

#include "afterglow/control/midi_param_mirror.h"

#include <gtest/gtest.h>

namespace afterglow::control {
namespace {

TEST(MidiParamMirror, SeededFromDefaultsThenTheScene) {
  const auto registry = engine::ParamRegistry::default_layers();
  const auto* density = registry.find("/afterglow/cloud1/density");
  const auto* level = registry.find("/afterglow/drone1/level");
  ASSERT_TRUE(density && level);
  const engine::InitialValue initial[] = {{level->index, 0.25f}};
  MidiParamMirror m(registry, initial);
  EXPECT_EQ(m.size(), registry.size());
  EXPECT_EQ(m.value(density->index), density->default_value);
  EXPECT_EQ(m.value(level->index), 0.25f);
  EXPECT_EQ(m.value(100000), 0.0f);  // out of range: harmless
}

TEST(MidiParamMirror, EchoesOfMidiAreNotForeignChanges) {
  const auto registry = engine::ParamRegistry::default_layers();
  MidiParamMirror m(registry);
  const std::uint32_t p = 3;
  const std::uint32_t v1 = m.sent(p, 0.5f, 10.0);
  m.sent(p, 0.7f, 10.1);
  const std::uint32_t v2 = m.version(p);
  EXPECT_NE(v1, v2);
  m.observe(p, 0.5f, 10.15);  // the engine applying the first send, late
  EXPECT_EQ(m.version(p), v2);
  EXPECT_EQ(m.value(p), 0.7f);
  m.observe(p, 0.7f, 20.0);  // the last send's echo, whenever it comes
  EXPECT_EQ(m.version(p), v2);
  m.observe(p, 0.2f, 20.0);  // OSC, long after the knob stopped
  EXPECT_NE(m.version(p), v2);
  EXPECT_EQ(m.value(p), 0.2f);
}

}  // namespace
}  // namespace afterglow::control
