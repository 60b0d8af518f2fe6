// The live engine's sections: engine, sources, layers, midi, osc, tr8s.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_error;
using testing::has_warning;
using testing::load;

void expect_single_error(const char* yaml, const char* key, const char* text) {
  SCOPED_TRACE(yaml);
  SceneLoad l = load(yaml);
  EXPECT_FALSE(l.ok());
  EXPECT_EQ(l.diagnostics.error_count(), 1u) << dump(l);
  EXPECT_TRUE(has_error(l, key, text)) << dump(l);
}

TEST(EngineSection, DefaultsAndValues) {
  SceneLoad d = load("layers: []\n");
  ASSERT_TRUE(d.ok()) << dump(d);
  EXPECT_EQ(d.scene->engine.sample_rate, 48000);
  EXPECT_EQ(d.scene->engine.block_size, 256);
  EXPECT_EQ(d.scene->engine.backend, AudioBackend::kAuto);
  SceneLoad l =
      load("engine:\n  sample_rate: 96000\n  block_size: 64\n  backend: offline\n  device: 2\n  seed: 7\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->engine.block_size, 64);
  EXPECT_EQ(l.scene->engine.backend, AudioBackend::kOffline);
  EXPECT_EQ(l.scene->engine.device_index, 2);
  EXPECT_EQ(l.scene->engine.seed, 7);
  SceneLoad named = load("engine:\n  device: \"Scarlett 2i2\"\n");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named.scene->engine.device_name, "Scarlett 2i2");
}

TEST(EngineSection, Errors) {
  expect_single_error("engine:\n  sample_rate: 4000\n", "engine.sample_rate", "outside reasonable range");
  expect_single_error("engine:\n  block_size: 300\n", "engine.block_size", "power of two");
  expect_single_error("engine:\n  block_size: 8192\n", "engine.block_size", "power of two");
  expect_single_error("engine:\n  backend: coreaudio\n", "engine.backend",
                      "one of auto, jack, pulse, alsa, offline");
  expect_single_error("engine:\n  device: [1]\n", "engine.device", "device name or a device number");
}

TEST(SourcesSection, StringsAndMappings) {
  SceneLoad l = load(
      "sources:\n  - old/tapes\n  - {path: pads, role: pads, tags: [warm, tape], recursive: false}\n"
      "  - {demo: air, role: source}\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  const auto& s = l.scene->sources;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].path, "old/tapes");
  EXPECT_EQ(s[0].role, SourceRole::kAny);
  EXPECT_TRUE(s[0].recursive);
  EXPECT_EQ(s[1].tags, (std::vector<std::string>{"warm", "tape"}));
  EXPECT_FALSE(s[1].recursive);
  EXPECT_EQ(s[2].demo, DemoMaterial::kAir);
  EXPECT_EQ(s[2].where.line, 4);
}

TEST(SourcesSection, Errors) {
  expect_single_error("sources: folder\n", "sources", "must be a list");
  expect_single_error("sources:\n  - {role: pads}\n", "sources[0]", "needs `path:`");
  expect_single_error("sources:\n  - {path: a, demo: pad}\n", "sources[0].demo", "not both");
  expect_single_error("sources:\n  - {demo: piano}\n", "sources[0].demo", "one of pad, drums, air");
  expect_single_error("sources:\n  - {path: a, role: pad}\n", "sources[0].role", "did you mean `pads`?");
  expect_single_error("sources:\n  - 42\n", "sources[0]", "must be a path");
}

TEST(LayersSection, NamesDefaultPerTypeAndValuesAreKept) {
  SceneLoad l = load(
      "sources: [{demo: pad, tags: [soft]}]\nlayers:\n  - type: cloud\n  - type: drone\n"
      "  - type: cloud\n    level: 1.5\n    pan: -1\n    mute: true\n    sources: [soft, pads]\n"
      "    params: {density: 0.7, mode: freeze, sync: true}\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  const auto& layers = l.scene->layers;
  ASSERT_EQ(layers.size(), 3u);
  EXPECT_EQ(layers[0].name, "cloud1");
  EXPECT_EQ(layers[1].name, "drone1");
  EXPECT_EQ(layers[2].name, "cloud2");
  EXPECT_DOUBLE_EQ(layers[2].level, 1.5);
  EXPECT_TRUE(layers[2].mute);
  ASSERT_EQ(layers[2].params.size(), 3u);
  EXPECT_EQ(std::get<double>(layers[2].params[0].value), 0.7);
  EXPECT_EQ(std::get<std::string>(layers[2].params[1].value), "freeze");
  EXPECT_EQ(std::get<bool>(layers[2].params[2].value), true);
  EXPECT_EQ(layers[2].params[0].where.line, 10);
  EXPECT_NE(l.scene->find_layer("drone1"), nullptr);
}

TEST(LayersSection, Errors) {
  expect_single_error("layers:\n  - name: x\n", "layers[0].type", "missing");
  expect_single_error("layers:\n  - type: granular\n", "layers[0].type", "one of drone, cloud, hiss");
  expect_single_error("layers:\n  - {type: hiss, level: 3}\n", "layers[0].level", "between 0 and 2");
  expect_single_error("layers:\n  - {type: hiss, pan: 1.5}\n", "layers[0].pan", "between -1 and 1");
  expect_single_error("layers:\n  - {type: hiss, params: {rate: [1, 2]}}\n", "layers[0].params.rate",
                      "number, text or true/false");
  expect_single_error("layers:\n  - {type: hiss, name: a}\n  - {type: cloud, name: a}\n", "layers[1].name",
                      "already used by the layer on line 2");
  expect_single_error("layers:\n  - {type: hiss, name: drone1}\n  - {type: drone}\n", "layers[1].name",
                      "\"drone1\" is already used");
  SceneLoad tag = load("layers:\n  - {type: hiss, sources: [nothing]}\n");
  EXPECT_TRUE(tag.ok());
  EXPECT_TRUE(has_warning(tag, "layers[0].sources", "selects nothing")) << dump(tag);
}

TEST(MidiSection, MappingsKeepEveryField) {
  SceneLoad l = load(
      "midi:\n  inputs: [nanoKONTROL2]\n  mappings:\n"
      "    - {cc: 21, channel: 2, target: cloud1.density, takeover: scale, curve: exp}\n"
      "    - {note: 60, target: drone1.mute}\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  const auto& m = l.scene->midi.mappings;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].cc, 21);
  EXPECT_EQ(m[0].channel, 2);
  EXPECT_EQ(m[0].takeover, Takeover::kScale);
  ASSERT_NE(find_field(m[0].fields, "curve"), nullptr);
  EXPECT_EQ(to_string(find_field(m[0].fields, "curve")->value), "exp");
  EXPECT_EQ(m[1].note, 60);
  EXPECT_EQ(m[1].channel, 0);  // any
  EXPECT_EQ(m[1].takeover, Takeover::kPickup);
}

TEST(MidiSection, Errors) {
  expect_single_error("midi:\n  mappings:\n    - {cc: 128, target: a}\n", "midi.mappings[0].cc",
                      "between 0 and 127");
  expect_single_error("midi:\n  mappings:\n    - {cc: 1, channel: 17, target: a}\n",
                      "midi.mappings[0].channel", "between 1 and 16 or \"any\"");
  expect_single_error("midi:\n  mappings:\n    - {cc: 1, target: a, takeover: soft}\n",
                      "midi.mappings[0].takeover", "one of jump, pickup, scale");
  expect_single_error("midi:\n  mappings:\n    - {target: a}\n", "midi.mappings[0]", "needs `cc:`");
  expect_single_error("midi:\n  mappings:\n    - {cc: 3}\n", "midi.mappings[0].target", "missing");
  expect_single_error("midi:\n  mappings: {cc: 3}\n", "midi.mappings", "list of mappings");
}

TEST(OscSection, AddressesAndFeedback) {
  SceneLoad l = load(
      "osc:\n  port: 8000\n  allow: [127.0.0.1, 10.0.0.0/8, \"::1\", \"fe80::/10\"]\n"
      "  feedback: [\"192.168.1.30:9001\", \"[::1]:9002\", \"tablet.local:9003\"]\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->osc.port, 8000);
  EXPECT_EQ(l.scene->osc.allow.size(), 4u);
  ASSERT_EQ(l.scene->osc.feedback.size(), 3u);
  EXPECT_EQ(l.scene->osc.feedback[1].host, "::1");
  EXPECT_EQ(l.scene->osc.feedback[2].port, 9003);
}

TEST(OscSection, Errors) {
  expect_single_error("osc:\n  port: 70000\n", "osc.port", "between 1 and 65535");
  expect_single_error("osc:\n  allow: [192.168.1.300]\n", "osc.allow", "not an IP address or CIDR");
  expect_single_error("osc:\n  allow: [10.0.0.0/33]\n", "osc.allow", "not an IP address or CIDR");
  expect_single_error("osc:\n  feedback: [\"tablet\"]\n", "osc.feedback", "host:port");
  expect_single_error("osc:\n  feedback: [\"tablet:0\"]\n", "osc.feedback", "host:port");
  expect_single_error("osc:\n  enabled: sure\n", "osc.enabled", "true or false");
}

TEST(Tr8sSection, DefaultsAndErrors) {
  SceneLoad d = load("tr8s: {}\n");
  ASSERT_TRUE(d.ok()) << dump(d);
  EXPECT_EQ(d.scene->tr8s.kit_name, "AFTERGLOW");
  EXPECT_EQ(d.scene->tr8s.sample_rate, 44100);
  EXPECT_EQ(d.scene->tr8s.bit_depth, 16);
  EXPECT_EQ(d.scene->tr8s.max_samples, 400);
  EXPECT_TRUE(d.scene->tr8s.dither);
  expect_single_error("tr8s:\n  kit_name: my kit\n", "tr8s.kit_name", "for example \"MY_KIT\"");
  expect_single_error("tr8s:\n  kit_name: ABCDEFGHIJKLMNOPQ\n", "tr8s.kit_name", "1 to 16 characters");
  expect_single_error("tr8s:\n  sample_rate: 96000\n", "tr8s.sample_rate", "44100 or 48000");
  expect_single_error("tr8s:\n  bit_depth: 32\n", "tr8s.bit_depth", "16 or 24");
  expect_single_error("tr8s:\n  loop_length_sec: 0\n", "tr8s.loop_length_sec", "> 0 s");
  expect_single_error("tr8s:\n  headroom: 0.6\n", "tr8s.headroom", "between 0 and 0.5");
  expect_single_error("tr8s:\n  max_samples: 401\n", "tr8s.max_samples", "between 1 and 400");
  expect_single_error("tr8s:\n  max_total_sec: 601\n", "tr8s.max_total_sec", "<= 600 s");
  expect_single_error("tr8s:\n  max_file_sec: 200\n", "tr8s.max_file_sec", "<= 180 s");
}

}  // namespace
}  // namespace afterglow::config
