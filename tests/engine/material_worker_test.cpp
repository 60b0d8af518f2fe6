#include "afterglow/engine/material_worker.h"

#include <gtest/gtest.h>

#include "afterglow/config/scene_loader.h"
#include "afterglow/dsp/levels.h"

namespace afterglow::engine {
namespace {

config::Scene default_scene() {
  config::SceneLoad load =
      config::load_scene_file(std::string(AFTERGLOW_SOURCE_DIR) + "/scenes/default.yaml");
  EXPECT_TRUE(load.ok());
  return *load.scene;
}

TEST(MaterialWorker, TheStreamRunsFromTheStartAndLayersFadeInAsMaterialArrives) {
  const config::Scene scene = default_scene();
  auto engine = std::move(Engine::create(scene)).value_or_throw();
  engine->prepare(48000.0, 256);
  engine->command_sender(0).send(Command::note_on(0, *engine->registry().find_layer("drone1"), 57, 0.9f));
  MaterialWorker worker(*engine, scene);
  worker.start();
  std::vector<float> l(256), r(256);
  double before = 0.0;
  engine->process({l, r});  // the audio thread does not wait for the worker
  before = std::max(dsp::peak(l), dsp::peak(r));
  EXPECT_EQ(before, 0.0);
  // The "audio thread": keep processing while the worker analyses and publishes.
  bool quick_seen = false;
  for (int i = 0; i < 200000 && engine->material_generation() < 2; ++i) {
    engine->process({l, r});
    quick_seen = quick_seen || engine->material_generation() == 1;
    if (worker.stage() == MaterialWorker::Stage::kFailed) break;
    if (i % 64 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(worker.wait_complete(std::chrono::seconds(60)));
  ASSERT_EQ(worker.stage(), MaterialWorker::Stage::kComplete)
      << (worker.error() ? worker.error()->what() : "");
  for (int i = 0; i < 10 && engine->material_generation() < 2; ++i) engine->process({l, r});
  EXPECT_EQ(engine->material_generation(), 2u);
  EXPECT_TRUE(quick_seen) << "the quick bank played before the complete one";
  double peak = 0.0;
  for (int i = 0; i < 400; ++i) {
    engine->process({l, r});
    peak = std::max({peak, dsp::peak(l), dsp::peak(r)});
  }
  EXPECT_GT(peak, 0.01);
  worker.stop();
}

TEST(MaterialWorker, AMissingSourceIsReportedAndTheStreamPlaysOn) {
  const std::string yaml = R"(sources:
  - {path: does-not-exist.wav, role: pads}
layers:
  - {type: cloud, name: cloud1}
)";
  config::SceneLoad load = config::load_scene_string(yaml, "s.yaml", "/tmp");
  ASSERT_TRUE(load.ok()) << load.to_error().what();
  auto engine = std::move(Engine::create(*load.scene)).value_or_throw();
  engine->prepare(48000.0, 256);
  MaterialWorker worker(*engine, *load.scene);
  worker.start();
  ASSERT_TRUE(worker.wait_complete(std::chrono::seconds(30)));
  std::vector<float> l(256), r(256);
  engine->process({l, r});
  EXPECT_EQ(worker.stage(), MaterialWorker::Stage::kComplete);  // an empty bank: the cloud stays silent
  EXPECT_EQ(dsp::peak(l), 0.0);
}

}  // namespace
}  // namespace afterglow::engine
