#include "afterglow/engine/engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "afterglow/dsp/click_detector.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/engine/events_file.h"
#include "engine_test_util.h"

namespace afterglow::engine {
namespace {

using test::kRate;

std::vector<EngineLayer> cloud_layers(std::size_t n = 1) {
  std::vector<EngineLayer> layers;
  for (std::size_t i = 0; i < n; ++i)
    layers.push_back({"cloud" + std::to_string(i + 1), &cloud_layer_type(), {}});
  return layers;
}

std::uint32_t index_of(const Engine& e, const std::string& address) {
  const ParamSpec* p = e.registry().find(address);
  EXPECT_NE(p, nullptr) << address;
  return p == nullptr ? 0 : p->index;
}

// A dense cloud so that every sample is sounding.
std::vector<InitialValue> dense(const ParamRegistry& r) {
  return {{r.find("/afterglow/cloud1/density")->index, 200.0f},
          {r.find("/afterglow/cloud1/level")->index, 0.5f}};
}

std::unique_ptr<Engine> dense_cloud_engine(std::size_t max_block) {
  auto probe = std::move(Engine::create(cloud_layers())).value_or_throw();
  const auto initial = dense(probe->registry());
  auto engine = test::make_engine(cloud_layers(), max_block, initial);
  EXPECT_TRUE(engine->publish_material(test::test_bank(*engine)));
  return engine;
}

std::size_t first_difference(const io::AudioBuffer& a, const io::AudioBuffer& b) {
  for (std::size_t i = 0; i < a.frames(); ++i) {
    if (a.channels[0][i] != b.channels[0][i] || a.channels[1][i] != b.channels[1][i]) return i;
  }
  return a.frames();
}

bool identical(const io::AudioBuffer& a, const io::AudioBuffer& b) {
  return a.frames() == b.frames() &&
         std::memcmp(a.channels[0].data(), b.channels[0].data(), a.frames() * sizeof(float)) == 0 &&
         std::memcmp(a.channels[1].data(), b.channels[1].data(), a.frames() * sizeof(float)) == 0;
}

TEST(Engine, ALevelStepLandsOnTheExactSample) {
  constexpr std::uint64_t kAt = 12345;  // inside a 256-frame block, not on its edge
  auto plain = dense_cloud_engine(256);
  const io::AudioBuffer reference = test::render(*plain, 24000, 256);
  auto moved = dense_cloud_engine(256);
  const std::uint32_t level = index_of(*moved, "/afterglow/cloud1/level");
  const io::AudioBuffer stepped = test::render(*moved, 24000, 256, {Command::param(kAt, level, 0.1f)});
  ASSERT_GT(dsp::peak(reference.channels[0]), 0.01);
  // The limiter delays everything by its lookahead; the change is heard from that frame on, not before.
  EXPECT_EQ(first_difference(reference, stepped), kAt + moved->latency_frames());
  EXPECT_EQ(moved->param_value(level), 0.1f);
}

TEST(Engine, OutputDoesNotDependOnBlockSize) {
  // Every kind of control: generator parameters, mixer, master, limiter ceiling, triggers.
  const std::string events = R"(# a short scripted performance
{"t": 0.10, "address": "/afterglow/cloud1/density", "value": 120}
{"t": 0.25, "address": "/afterglow/cloud1/pitch", "value": 7}
{"frame": 15001, "address": "/afterglow/cloud1/level", "value": 1.6}
{"t": 0.40, "address": "/afterglow/cloud2/pan", "value": -0.8}
{"t": 0.45, "address": "/afterglow/cloud2/freeze", "value": true}
{"t": 0.50, "address": "/afterglow/master/level", "value": 1.8}
{"t": 0.61, "address": "/afterglow/master/ceiling", "value": -6}
{"t": 0.70, "address": "/afterglow/cloud1/trigger", "value": 0.8}
{"t": 0.75, "address": "/afterglow/cloud1/size_ms", "normalized": 0.3}
{"t": 0.80, "address": "/afterglow/cloud2/mute", "value": 1}
{"t": 0.90, "address": "/afterglow/cloud1/all_off"}
)";
  std::vector<io::AudioBuffer> renders;
  for (std::size_t block : {64u, 256u, 1000u}) {
    auto engine = test::make_engine(cloud_layers(2), block);
    engine->publish_material(test::test_bank(*engine));
    auto script = parse_events(events, "perf.jsonl", engine->registry(), kRate);
    ASSERT_TRUE(script.ok()) << script.error().what();
    renders.push_back(test::render(*engine, 48000, block, script->plain()));
    EXPECT_EQ(engine->last_telemetry().commands_applied, script->commands.size());
  }
  ASSERT_GT(dsp::peak(renders[0].channels[0]), 0.01);
  EXPECT_TRUE(identical(renders[0], renders[1]))
      << "64 vs 256 differ at " << first_difference(renders[0], renders[1]);
  EXPECT_TRUE(identical(renders[0], renders[2]))
      << "64 vs 1000 differ at " << first_difference(renders[0], renders[2]);
}

TEST(Engine, PastCommandsApplyAtTheFirstFrameAndFutureOnesWait) {
  auto engine = test::make_engine(cloud_layers(), 128);
  test::render(*engine, 1280, 128);
  CommandSender sender = engine->command_sender(1);
  const std::uint32_t density = index_of(*engine, "/afterglow/cloud1/density");
  ASSERT_TRUE(sender.send(Command::param(5, density, 33.0f)));     // long past
  ASSERT_TRUE(sender.send(Command::param(5000, density, 44.0f)));  // about 29 blocks ahead
  std::vector<float> l(128), r(128);
  engine->process({l, r});
  EXPECT_EQ(engine->param_value(density), 33.0f);
  for (int i = 0; i < 25; ++i) engine->process({l, r});
  EXPECT_EQ(engine->param_value(density), 33.0f);
  for (int i = 0; i < 10; ++i) engine->process({l, r});
  EXPECT_EQ(engine->param_value(density), 44.0f);
}

TEST(Engine, CommandFloodIsAbsorbedWithoutAllocationAndEndsAtTheLastValue) {
  constexpr std::size_t kBlock = 256;
  constexpr std::size_t kSeconds = 5;
  auto engine = test::make_engine(cloud_layers(), kBlock);
  engine->publish_material(test::test_bank(*engine));
  const std::uint32_t pitch = index_of(*engine, "/afterglow/cloud1/pitch");
  const std::uint32_t level = index_of(*engine, "/afterglow/cloud1/level");
  // 10,000 commands per second of audio, spread over every frame, alternating two parameters.
  std::vector<Command> script;
  Random rng(3);
  const std::size_t count = 10000 * kSeconds;
  for (std::size_t i = 0; i < count; ++i) {
    const auto frame = static_cast<std::uint64_t>(i * kRate / 10000.0);
    script.push_back(i % 2 == 0 ? Command::param(frame, pitch, static_cast<float>(rng.uniform(-12.0, 12.0)))
                                : Command::param(frame, level, static_cast<float>(rng.uniform(0.2, 1.0))));
  }
  script.push_back(Command::param(static_cast<std::uint64_t>(kSeconds * kRate) - 10, pitch, 5.5f));
  OfflineOptions options;
  options.block = kBlock;
  OfflineDriver driver(*engine, options);
  driver.set_script(script);
  io::AudioBuffer out;
  out.channels.assign(2, std::vector<float>(kSeconds * static_cast<std::size_t>(kRate) + kBlock));
  // Warm-up block adopts the material (the bank itself was allocated by the test, not here).
  test::render(*engine, 0, kBlock);
  std::size_t allocations = 0;
  for (std::size_t done = 0; done < kSeconds * static_cast<std::size_t>(kRate); done += kBlock) {
    // The driver's feeding happens on the "control side"; only process() is counted.
    CommandSender sender = engine->command_sender(2);
    while (!script.empty() && script.front().frame_time < engine->clock() + kBlock) {
      ASSERT_TRUE(sender.send(script.front()));
      script.erase(script.begin());
    }
    test::start_counting_allocations();
    engine->process({std::span<float>(out.channels[0].data() + done, kBlock),
                     std::span<float>(out.channels[1].data() + done, kBlock)});
    allocations += test::stop_counting_allocations();
  }
  EXPECT_EQ(allocations, 0u);
  EXPECT_EQ(engine->param_value(pitch), 5.5f);
  const Telemetry& t = engine->last_telemetry();
  EXPECT_EQ(t.commands_applied, count + 1);
  EXPECT_EQ(t.commands_dropped, 0u);
  EXPECT_EQ(t.commands_deferred, 0u);
}

TEST(Engine, AFullQueueDropsAndCounts) {
  CommandQueues queues(1, 64);
  CommandSender sender = queues.sender(0);
  std::size_t accepted = 0;
  for (int i = 0; i < 1000; ++i) accepted += sender.send(Command::param(0, 0, 1.0f)) ? 1 : 0;
  EXPECT_GE(accepted, 64u);
  EXPECT_LT(accepted, 1000u);
  EXPECT_EQ(sender.dropped(), 1000u - accepted);
  EXPECT_EQ(queues.dropped(), 1000u - accepted);
  std::size_t drained = queues.drain(100000, [](const Command&) { return true; });
  EXPECT_EQ(drained, accepted);
}

TEST(Engine, TheLimiterCeilingIsNeverExceeded) {
  auto engine = test::make_engine(cloud_layers(2), 512);
  engine->publish_material(test::test_bank(*engine));
  const ParamRegistry& r = engine->registry();
  std::vector<Command> script = {
      Command::param(0, r.find("/afterglow/cloud1/density")->index, 2000.0f),
      Command::param(0, r.find("/afterglow/cloud2/density")->index, 2000.0f),
      Command::param(0, r.find("/afterglow/cloud1/level")->index, 2.0f),
      Command::param(0, r.find("/afterglow/cloud2/level")->index, 2.0f),
      Command::param(0, r.master(ParamTarget::kMasterLevel), 2.0f),
      Command::param(48000, r.master(ParamTarget::kLimiterCeiling), -6.0f),
  };
  const io::AudioBuffer out = test::render(*engine, 96000, 512, script);
  const double first_ceiling = std::pow(10.0, -0.3 / 20.0);
  const double second_ceiling = std::pow(10.0, -6.0 / 20.0);
  const std::size_t switch_at = 48000 + engine->latency_frames();
  double peak_before = 0.0;
  double peak_after = 0.0;
  for (std::size_t i = 0; i < out.frames(); ++i) {
    const double p = std::max(std::fabs(out.channels[0][i]), std::fabs(out.channels[1][i]));
    (i < switch_at ? peak_before : peak_after) = std::max(i < switch_at ? peak_before : peak_after, p);
  }
  EXPECT_LE(peak_before, first_ceiling);
  EXPECT_LE(peak_after, second_ceiling);
  EXPECT_GT(peak_before, first_ceiling * 0.9);  // it was driven into the limiter, not just quiet
  EXPECT_LT(engine->last_telemetry().limiter_gain, 1.0f);
}

TEST(Engine, MaterialArrivingMidRunFadesInWithoutAClick) {
  // The tone layer never pauses: without the engine's material fade its entry would be a step.
  auto engine = test::make_engine({{"tone1", &test::tone_layer_type(), {}}}, 256);
  io::AudioBuffer out = test::render(*engine, 48000, 256);
  EXPECT_EQ(dsp::peak(out.channels[0]), 0.0) << "a layer without material is silent";
  ASSERT_TRUE(engine->publish_material(test::test_bank(*engine)));
  OfflineOptions options;
  options.block = 256;
  OfflineDriver driver(*engine, options);
  driver.run(48000, out);
  EXPECT_GT(dsp::peak(std::span<const float>(out.channels[0]).subspan(60000)), 0.1);
  EXPECT_TRUE(dsp::detect_clicks(out.channels[0]).empty());
  EXPECT_TRUE(dsp::detect_clicks(out.channels[1]).empty());
  EXPECT_EQ(engine->material_generation(), 1u);
}

// A bank due at a frame (a replay adopting where the recording did) is adopted exactly there, whatever
// the block size: the block is split at that frame.
TEST(Engine, ABankDueAtAFrameIsAdoptedThereAtAnyBlockSize) {
  std::vector<io::AudioBuffer> outs;
  for (std::size_t block : {64u, 256u, 1000u}) {
    auto engine = test::make_engine({{"tone1", &test::tone_layer_type(), {}}}, block);
    auto bank = test::test_bank(*engine);
    bank->adopt_frame = 777;
    ASSERT_TRUE(engine->publish_material(std::move(bank)));
    outs.push_back(test::render(*engine, 4000, block));
    const auto& left = outs.back().channels[0];
    for (std::size_t i = 0; i < 777; ++i) ASSERT_EQ(left[i], 0.0f) << "block " << block << " frame " << i;
    EXPECT_GT(dsp::peak(std::span<const float>(left).subspan(777, 100)), 0.0f) << "fading in from 777";
    EXPECT_GT(dsp::peak(std::span<const float>(left).subspan(2000)), 0.05) << "block " << block;
  }
  EXPECT_EQ(outs[0].channels, outs[1].channels);
  EXPECT_EQ(outs[0].channels, outs[2].channels);
}

TEST(Engine, TheMaterialFadeIsWhatPreventsTheClick) {
  // Negative control: the same arrival with no fade time is a step the detector sees.
  EngineSettings settings;
  settings.material_fade_ms = 0.0;
  auto engine = test::make_engine({{"tone1", &test::tone_layer_type(), {}}}, 256, {}, settings);
  io::AudioBuffer out = test::render(*engine, 48000 + 100, 256);
  engine->publish_material(test::test_bank(*engine));
  OfflineOptions options;
  options.block = 256;
  OfflineDriver(*engine, options).run(48000, out);
  EXPECT_FALSE(dsp::detect_clicks(out.channels[0]).empty());
}

TEST(Engine, ReplacedBanksAreHeldThenRetiredOffTheAudioThread) {
  EngineSettings settings;
  settings.retire_hold_seconds = 0.5;
  auto engine = test::make_engine(cloud_layers(), 256, {}, settings);
  engine->publish_material(test::test_bank(*engine));
  test::render(*engine, 4800, 256);
  engine->publish_material(test::test_bank(*engine));
  std::vector<float> l(256), r(256);
  engine->process({l, r});
  EXPECT_EQ(engine->material_generation(), 2u);
  EXPECT_EQ(engine->collect_garbage(), 0u) << "the old bank is still held";
  for (int i = 0; i < 100; ++i) engine->process({l, r});  // > 0.5 s
  EXPECT_EQ(engine->collect_garbage(), 1u);
}

TEST(Engine, WithdrawnMaterialFadesOutAndTheLayerFallsSilent) {
  auto engine = test::make_engine({{"tone1", &test::tone_layer_type(), {}}}, 256);
  engine->publish_material(test::test_bank(*engine));
  io::AudioBuffer out = test::render(*engine, 24000, 256);
  engine->publish_material(MaterialBank::empty(1));
  OfflineOptions options;
  options.block = 256;
  OfflineDriver(*engine, options).run(24000, out);
  EXPECT_TRUE(dsp::detect_clicks(out.channels[0]).empty());
  EXPECT_EQ(dsp::peak(std::span<const float>(out.channels[0]).subspan(24000 + 4800)), 0.0);
}

TEST(Engine, TelemetryReportsEachBlock) {
  auto engine = dense_cloud_engine(128);
  std::vector<float> l(128), r(128);
  for (int i = 0; i < 20; ++i) engine->process({l, r});
  Telemetry t;
  std::size_t n = 0;
  Telemetry last;
  while (engine->pop_telemetry(t)) {
    ++n;
    last = t;
  }
  EXPECT_EQ(n, 20u);
  EXPECT_EQ(last.frame, 128u * 19);
  EXPECT_EQ(last.layer_count, 1u);
  EXPECT_GT(last.layer_voices[0], 0u);
  EXPECT_GT(last.layer_peak[0], 0.0f);
  EXPECT_GT(last.master_peak, 0.0f);
  EXPECT_GT(last.load, 0.0);
}

TEST(Engine, TheOfflineDriverSummarisesTheTelemetry) {
  auto engine = dense_cloud_engine(128);
  OfflineOptions options;
  options.block = 128;
  OfflineDriver driver(*engine, options);
  const io::AudioBuffer out = driver.render(128 * 30);
  EXPECT_EQ(driver.summary().blocks, 30u);
  EXPECT_FLOAT_EQ(driver.summary().master_peak,
                  static_cast<float>(std::max(dsp::peak(out.channels[0]), dsp::peak(out.channels[1]))));
  EXPECT_GT(driver.summary().mean_load, 0.0);
}

}  // namespace
}  // namespace afterglow::engine

namespace afterglow::engine {
namespace {

TEST(Engine, TheAllocationCounterSeesAllocations) {
  // Negative control for the flood test's "no allocation" check.
  test::start_counting_allocations();
  auto* v = new std::vector<float>(16);
  const std::size_t n = test::stop_counting_allocations();
  delete v;
  EXPECT_GE(n, 1u);
}

}  // namespace
}  // namespace afterglow::engine
