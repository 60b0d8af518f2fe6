// Built only with -DAFTERGLOW_RTSAN=ON (issue 6, acceptance 5). The whole engine — a drone, two clouds
// and a hiss on generated material — is driven for 60 s of audio in 128-frame blocks, each
// Engine::process() call inside RealtimeScope, under a command flood of 10,000 commands per second
// (every registry parameter, notes, triggers, all-offs, past and future frame times), with the
// material bank replaced every 10 s (adopted, held and retired on the audio thread) and a burst that
// overfills the command queue, a scene morph over every parameter every 5 s, and the session recorder on: takes started and stopped every few
// seconds by commands, every applied command logged, every frame copied to its ring (the recorder's
// writer thread writes the files meanwhile). Any allocation, free, lock or I/O on the audio path ends the run with
// "Real-time violation". A negative control proves the guard sees an allocating layer.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <numbers>
#include <vector>

#include "afterglow/core/random.h"
#include "afterglow/core/realtime_guard.h"
#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/drone_layer.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/hiss_layer.h"
#include "afterglow/engine/session_recorder.h"

namespace afterglow::engine {
namespace {

constexpr double kRate = 48000.0;
constexpr std::size_t kBlock = 128;

class EngineRealtime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { realtime_sanitizer_init(); }
};

std::vector<io::AudioBuffer> sources(std::uint64_t seed) {
  const auto frames = static_cast<std::size_t>(2.0 * kRate);
  io::AudioBuffer pad(kRate, 2, frames);
  io::AudioBuffer drums(kRate, 1, frames);
  Random rng(seed);
  const double f = 220.0 * (1.0 + 0.1 * static_cast<double>(seed % 5));
  for (std::size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / kRate;
    const double v =
        0.3 * std::sin(2.0 * std::numbers::pi * f * t) + 0.1 * std::sin(2.0 * std::numbers::pi * 1.5 * f * t);
    pad.channels[0][i] = static_cast<float>(v);
    pad.channels[1][i] = static_cast<float>(v * 0.8 + 0.01 * rng.triangular());
    const double env = std::exp(-static_cast<double>(i % 12000) / 2000.0);
    drums.channels[0][i] = static_cast<float>(0.8 * env * rng.uniform(-1.0, 1.0));
  }
  return {std::move(pad), std::move(drums)};
}

std::unique_ptr<Engine> make_engine() {
  std::vector<EngineLayer> layers = {{"drone1", &drone_layer_type(), {}},
                                     {"cloud1", &cloud_layer_type(), {}},
                                     {"cloud2", &cloud_layer_type(), {}},
                                     {"hiss1", &hiss_layer_type(), {}}};
  EngineSettings settings;
  settings.retire_hold_seconds = 3.0;  // several holds end (and banks retire) inside the run
  auto engine = std::move(Engine::create(std::move(layers), {}, settings)).value_or_throw();
  engine->prepare(kRate, kBlock);
  return engine;
}

std::unique_ptr<MaterialBank> bank(const Engine& engine, std::uint64_t seed) {
  return std::move(MaterialBank::from_audio(sources(seed), engine.layer_bindings(), kRate, {.seed = seed}))
      .value_or_throw();
}

// One random command: any registry parameter at a random normalised position, or a layer event.
Command random_command(const Engine& engine, Random& rng, std::uint64_t now) {
  const ParamRegistry& r = engine.registry();
  // Mostly this block or the next few; some in the past (apply at frame 0), some seconds ahead.
  std::uint64_t frame = now + rng.below(4 * kBlock);
  if (rng.uniform() < 0.05) frame = now > 5000 ? now - 5000 : 0;
  if (rng.uniform() < 0.02) frame = now + rng.below(static_cast<std::uint32_t>(3 * kRate));
  const double u = rng.uniform();
  const auto layer = static_cast<std::uint32_t>(rng.below(static_cast<std::uint32_t>(r.layers().size())));
  if (u < 0.85) {
    const ParamSpec& p = r[static_cast<std::uint32_t>(rng.below(static_cast<std::uint32_t>(r.size())))];
    // Keep the master audible and the clouds from running at 40,000 grains/s the whole minute.
    double n = rng.uniform();
    if (p.target == ParamTarget::kMasterLevel || p.target == ParamTarget::kLimiterCeiling) n = 0.5 + 0.5 * n;
    return Command::param(frame, p.index, static_cast<float>(p.from_normalised(n)));
  }
  if (u < 0.93) return Command::note_on(frame, layer, 36 + static_cast<int>(rng.below(48)), 0.8f);
  if (u < 0.98) return Command::note_off(frame, layer, 36 + static_cast<int>(rng.below(48)));
  if (u < 0.995) return Command::trigger(frame, layer, 0.7f);
  return Command::all_off(frame, layer);
}

TEST_F(EngineRealtime, SixtySecondsOfTheWholeEngineUnderFloodsAndMaterialSwaps) {
  auto engine = make_engine();
  CommandSender sender = engine->command_sender(1);
  const std::filesystem::path export_dir =
      std::filesystem::temp_directory_path() / ("afterglow-rt-" + std::to_string(::getpid()));
  SessionSettings session;
  session.sample_rate = kRate;
  session.block = kBlock;
  session.max_block = kBlock;
  session.engine = engine->settings();
  RecorderOptions recorder_options;
  recorder_options.export_dir = export_dir;
  auto recorder = std::make_unique<SessionRecorder>(engine->registry(), session, recorder_options);
  engine->attach_recorder(recorder.get());
  CommandSender takes = engine->command_sender(2);
  // Prepared off the audio thread: the banks the "worker" will publish during the run.
  std::vector<std::unique_ptr<MaterialBank>> banks;
  for (std::uint64_t s = 1; s <= 6; ++s) banks.push_back(bank(*engine, s));
  ASSERT_TRUE(engine->publish_material(std::move(banks[0])));

  std::vector<float> left(kBlock), right(kBlock);
  Random rng(2024);
  const auto total_blocks = static_cast<std::size_t>(60.0 * kRate / kBlock);
  const double commands_per_block = 10000.0 * kBlock / kRate;
  double owed = 0.0;
  std::size_t next_bank = 1;
  bool finite = true;
  double energy = 0.0;
  for (std::size_t b = 0; b < total_blocks; ++b) {
    // Control side (outside the guard), as an OSC/MIDI thread would.
    owed += commands_per_block;
    for (; owed >= 1.0; owed -= 1.0) sender.send(random_command(*engine, rng, engine->clock()));
    if (b % 3000 == 1500) {  // an overfull burst: the queue drops and counts, nothing blocks
      for (int k = 0; k < 20000; ++k) sender.send(random_command(*engine, rng, engine->clock()));
    }
    // A take of 4 s every 7 s, its bounds at frames inside blocks.
    if (b % 2625 == 10) takes.send(Command::record(engine->clock() + 37, true));
    if (b % 2625 == 1510) takes.send(Command::record(engine->clock() + 91, false));
    // A scene morph every 5 s (2 s glides over every parameter), some starting inside the block.
    if (b % 1875 == 900) {
      auto target = std::make_unique<MorphTarget>();
      for (const ParamSpec& p : engine->registry().params()) {
        double n = rng.uniform();
        if (p.target == ParamTarget::kMasterLevel || p.target == ParamTarget::kLimiterCeiling) n = 0.5 + 0.5 * n;
        target->values.push_back(static_cast<float>(p.from_normalised(n)));
      }
      target->glide_seconds = 2.0;
      target->start_frame = engine->clock() + 200;
      ASSERT_TRUE(engine->publish_morph(std::move(target)));
    }
    if (b > 0 && b % static_cast<std::size_t>(10.0 * kRate / kBlock) == 0 && next_bank < banks.size()) {
      ASSERT_TRUE(engine->publish_material(std::move(banks[next_bank++])));
    }
    {
      RealtimeScope scope;
      engine->process({left, right});
    }
    engine->collect_garbage();
    for (std::size_t i = 0; i < kBlock; ++i) {
      finite = finite && std::isfinite(left[i]) && std::isfinite(right[i]);
      energy += static_cast<double>(left[i]) * left[i];
    }
    Telemetry t;
    while (engine->pop_telemetry(t)) {
    }
  }
  EXPECT_TRUE(finite);
  EXPECT_GT(energy, 0.0);
  const Telemetry& t = engine->last_telemetry();
  EXPECT_GE(t.commands_applied, 590000u);
  EXPECT_GT(t.commands_dropped, 0u) << "the bursts should have overfilled the queue";
  EXPECT_EQ(engine->material_generation(), banks.size());
  recorder->finish();
  engine->attach_recorder(nullptr);
  const SessionRecorder::Report report = recorder->report();
  EXPECT_EQ(report.sessions.size(), 9u) << "a take every 7 s of the 60";
  EXPECT_FALSE(report.error.has_value()) << report.error->what();
  EXPECT_GT(report.frames_written, 8u * 4u * 48000u);
  std::filesystem::remove_all(export_dir);
}

// Negative control: a layer that allocates in process() is caught through the engine.
class AllocatingLayer final : public Layer {
 public:
  void prepare(double, std::size_t) override {}
  void reset(std::uint64_t) noexcept override {}
  void set_param(std::uint16_t, float) noexcept override {}
  void set_material(const LayerMaterial*) noexcept override {}
  void process(StereoBlock out, gen::EventSpan) noexcept override {
    auto* v = new std::vector<float>(out.frames());
    sink_ = v;
    out.clear();
  }
  std::size_t active_voices() const noexcept override { return 0; }
  std::vector<float>* sink_ = nullptr;
};

std::unique_ptr<LayerMaterial> no_material(const MaterialContext&) {
  return nullptr;
}

const LayerType& allocating_type() {
  static const LayerType type{config::LayerType::kCloud,
                              "alloc",
                              {},
                              {},
                              []() -> std::unique_ptr<Layer> { return std::make_unique<AllocatingLayer>(); },
                              &no_material};
  return type;
}

void process_allocating_engine() {
  std::vector<EngineLayer> layers;
  layers.push_back({"a", &allocating_type(), {}});
  auto engine = std::move(Engine::create(std::move(layers))).value_or_throw();
  engine->prepare(kRate, kBlock);
  std::vector<float> l(kBlock), r(kBlock);
  RealtimeScope scope;
  engine->process({l, r});
}

TEST_F(EngineRealtime, AnAllocatingLayerIsCaught) {
  EXPECT_EXIT(process_allocating_engine(), ::testing::ExitedWithCode(1), "Real-time violation");
}

}  // namespace
}  // namespace afterglow::engine
