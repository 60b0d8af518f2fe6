// Every layer type together: the scene's three generators through the engine, block-size independent,
// under notes, triggers and parameter moves (issue 6, acceptance 3).

#include <gtest/gtest.h>

#include <cstring>

#include "afterglow/dsp/click_detector.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/engine/drone_layer.h"
#include "afterglow/engine/events_file.h"
#include "afterglow/engine/hiss_layer.h"
#include "engine_test_util.h"

namespace afterglow::engine {
namespace {

std::vector<EngineLayer> all_layers() {
  return {{"drone1", &drone_layer_type(), {}},
          {"cloud1", &cloud_layer_type(), {}},
          {"hiss1", &hiss_layer_type(), {}}};
}

TEST(AllLayers, TheSameEventsGiveTheSameSamplesAt64_256And1000FrameBlocks) {
  const std::string events = R"({"t": 0.00, "address": "/afterglow/drone1/note", "note": 69, "velocity": 0.9}
{"t": 0.00, "address": "/afterglow/drone1/attack", "value": 0.05}
{"t": 0.13, "address": "/afterglow/drone1/note", "note": 76, "velocity": 0.6}
{"t": 0.20, "address": "/afterglow/hiss1/trigger", "value": 1}
{"t": 0.30, "address": "/afterglow/hiss1/flicker_rate", "value": 12}
{"t": 0.35, "address": "/afterglow/cloud1/density", "value": 150}
{"t": 0.41, "address": "/afterglow/drone1/tone", "normalized": 0.2}
{"t": 0.50, "address": "/afterglow/hiss1/low_hz", "value": 2000}
{"t": 0.60, "address": "/afterglow/drone1/note", "note": 69, "off": true}
{"t": 0.70, "address": "/afterglow/drone1/pan", "value": 0.5}
{"t": 0.80, "address": "/afterglow/hiss1/mute", "value": 1}
)";
  std::vector<io::AudioBuffer> renders;
  for (std::size_t block : {64u, 256u, 1000u}) {
    auto engine = test::make_engine(all_layers(), block);
    ASSERT_TRUE(engine->publish_material(test::test_bank(*engine)));
    auto script = parse_events(events, "all.jsonl", engine->registry(), test::kRate);
    ASSERT_TRUE(script.ok()) << script.error().what();
    renders.push_back(test::render(*engine, 48000, block, script->plain()));
    const Telemetry& t = engine->last_telemetry();
    EXPECT_EQ(t.layer_count, 3u);
    EXPECT_EQ(t.commands_applied, script->commands.size());
  }
  ASSERT_GT(dsp::peak(renders[0].channels[0]), 0.01);
  for (std::size_t k = 1; k < renders.size(); ++k) {
    ASSERT_EQ(renders[k].frames(), renders[0].frames());
    EXPECT_EQ(
        std::memcmp(renders[k].channels[0].data(), renders[0].channels[0].data(), 48000 * sizeof(float)), 0);
    EXPECT_EQ(
        std::memcmp(renders[k].channels[1].data(), renders[0].channels[1].data(), 48000 * sizeof(float)), 0);
  }
}

TEST(AllLayers, EachLayerSoundsWhenItsMaterialArrives) {
  auto engine = test::make_engine(all_layers(), 256);
  CommandSender sender = engine->command_sender(0);
  sender.send(Command::note_on(0, 0, 69, 1.0f));
  io::AudioBuffer silent = test::render(*engine, 4800, 256);
  EXPECT_EQ(dsp::peak(silent.channels[0]), 0.0) << "no material: silence, not raw noise";
  engine->publish_material(test::test_bank(*engine));
  sender.send(Command::note_on(engine->clock(), 0, 69, 1.0f));
  test::render(*engine, 48000, 256);
  const Telemetry& t = engine->last_telemetry();
  for (std::uint32_t i = 0; i < 3; ++i)
    EXPECT_GT(t.layer_peak[i], 0.0f) << engine->registry().layers()[i].name;
}

}  // namespace
}  // namespace afterglow::engine
