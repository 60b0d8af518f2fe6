// Scene morphs (issue 6): continuous parameters glide through their curve and land exactly on the
// target at the glide's end; discrete ones switch exactly at its midpoint; a parameter the performer
// moves during the glide, or moved just before it, is left alone; the sound does not depend on the
// block size; a recall maps onto the running engine (defaults for what it leaves out, fading out the
// layers it does not name) and reports what it cannot do.
#include "afterglow/engine/scene_morph.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "afterglow/config/scene_loader.h"
#include "afterglow/dsp/click_detector.h"
#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/engine.h"
#include "engine_test_util.h"

namespace afterglow::engine {
namespace {

constexpr double kRate = 48000.0;

std::unique_ptr<Engine> cloud_engine(std::size_t block) {
  auto engine = test::make_engine({{"cloud1", &cloud_layer_type(), {}}}, block);
  EXPECT_TRUE(engine->publish_material(test::test_bank(*engine)));
  return engine;
}

std::uint32_t index_of(const Engine& e, const std::string& address) {
  return e.registry().find(address)->index;
}

// A target that moves density from its default (20) to 2000 grains/s and scale_mode 0 → 2.
std::unique_ptr<MorphTarget> target(const Engine& e, double glide, std::uint64_t start = 0) {
  auto t = std::make_unique<MorphTarget>();
  t->values.assign(e.registry().size(), std::numeric_limits<float>::quiet_NaN());
  t->values[index_of(e, "/afterglow/cloud1/density")] = 2000.0f;
  t->values[index_of(e, "/afterglow/cloud1/scale_mode")] = 2.0f;
  t->glide_seconds = glide;
  t->start_frame = start;
  return t;
}

TEST(SceneMorph, ContinuousGlideThroughTheCurveDiscreteSwitchAtTheMidpoint) {
  auto e = cloud_engine(64);
  const std::uint32_t density = index_of(*e, "/afterglow/cloud1/density");
  const std::uint32_t scale = index_of(*e, "/afterglow/cloud1/scale_mode");
  const ParamSpec& spec = e->registry()[density];
  ASSERT_TRUE(e->publish_morph(target(*e, 1.0, 4800)));
  std::vector<float> l(64), r(64);
  double last_n = spec.to_normalised(20.0);
  for (std::uint64_t frame = 0; frame < 4800 + 48000 + 1024; frame += 64) {
    e->process({l, r});
    const std::uint64_t now = e->clock();
    const double n = spec.to_normalised(e->param_value(density));
    EXPECT_GE(n + 1e-6, last_n) << "monotonic at " << now;
    last_n = n;
    if (now <= 4800) {
      EXPECT_EQ(e->param_value(density), 20.0f) << now;
    }
    if (now == 4800 + 24064) {
      // Halfway in time is halfway along the control curve (within one 256-frame tick).
      EXPECT_NEAR(n, 0.5 * (spec.to_normalised(20.0) + spec.to_normalised(2000.0)), 0.01);
    }
    if (now <= 4800 + 24000) {
      EXPECT_EQ(e->param_value(scale), 0.0f) << "before the midpoint, at " << now;
    } else {
      EXPECT_EQ(e->param_value(scale), 2.0f) << "after the midpoint, at " << now;
    }
  }
  EXPECT_EQ(e->param_value(density), 2000.0f) << "exactly the target at the end";
}

TEST(SceneMorph, ThePerformerIsNotFought) {
  auto e = cloud_engine(64);
  const std::uint32_t density = index_of(*e, "/afterglow/cloud1/density");
  const std::uint32_t scale = index_of(*e, "/afterglow/cloud1/scale_mode");
  CommandSender performer = e->command_sender(1);
  // Moved 0.2 s before the recall: still in the performer's hands, the morph leaves it alone …
  ASSERT_TRUE(performer.send(Command::param(4800, density, 300.0f)));
  ASSERT_TRUE(e->publish_morph(target(*e, 1.0, 14400)));
  (void)test::render(*e, 14400 + 48000, 64);
  EXPECT_EQ(e->param_value(density), 300.0f);
  EXPECT_EQ(e->param_value(scale), 2.0f) << "the rest of the scene arrived";

  // … and one grabbed in the middle of a glide stays where the performer put it.
  auto f = cloud_engine(64);
  ASSERT_TRUE(f->publish_morph(target(*f, 1.0, 0)));
  ASSERT_TRUE(f->command_sender(1).send(Command::param(20000, density, 50.0f)));
  (void)test::render(*f, 60000, 64);
  EXPECT_EQ(f->param_value(density), 50.0f);
}

TEST(SceneMorph, TheSoundDoesNotDependOnTheBlockSize) {
  std::vector<io::AudioBuffer> outs;
  for (std::size_t block : {64u, 256u, 1000u}) {
    auto e = cloud_engine(block);
    ASSERT_TRUE(e->publish_morph(target(*e, 0.5, 1234)));
    outs.push_back(test::render(*e, 48000, block));
  }
  for (std::size_t k = 1; k < outs.size(); ++k) {
    std::size_t first = 0;
    while (first < 48000 && outs[0].channels[0][first] == outs[k].channels[0][first]) ++first;
    EXPECT_EQ(first, 48000u) << "block size " << k << " differs from frame " << first;
  }
  EXPECT_EQ(outs[0].channels, outs[1].channels);
  EXPECT_EQ(outs[0].channels, outs[2].channels);
  EXPECT_TRUE(dsp::detect_clicks(outs[0].channels[0]).empty());
}

TEST(SceneMorph, AGlideOfZeroSwitchesAtOnce) {
  auto e = cloud_engine(64);
  ASSERT_TRUE(e->publish_morph(target(*e, 0.0, 640)));
  (void)test::render(*e, 704, 64);
  EXPECT_EQ(e->param_value(index_of(*e, "/afterglow/cloud1/density")), 2000.0f);
}

config::Scene scene_from(const std::string& text) {
  config::SceneLoad load = config::load_scene_string(text, "next.yaml", "/tmp");
  EXPECT_TRUE(load.ok()) << load.to_error().what();
  return *load.scene;
}

TEST(SceneMorph, ARecallMapsOntoTheRunningEngine) {
  auto registry = std::move(ParamRegistry::build({{"cloud1", &cloud_layer_type()}, {"cloud2", &cloud_layer_type()}}))
                      .value_or_throw();
  const config::Scene current = scene_from("layers:\n  - {type: cloud, name: cloud1}\n  - {type: cloud, name: cloud2}\n");
  const config::Scene next = scene_from(
      "layers:\n  - type: cloud\n    name: cloud1\n    level: 0.5\n    params: {density: 80}\n"
      "  - {type: cloud, name: cloud3}\n");
  std::vector<std::string> warnings;
  auto t = morph_target_for(next, current, registry, &warnings);
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ((*t)->values[registry.find("/afterglow/cloud1/density")->index], 80.0f);
  EXPECT_EQ((*t)->values[registry.find("/afterglow/cloud1/level")->index], 0.5f);
  EXPECT_EQ((*t)->values[registry.find("/afterglow/cloud1/size_ms")->index], 120.0f) << "unset: its default";
  EXPECT_EQ((*t)->values[registry.find("/afterglow/cloud2/level")->index], 0.0f) << "not in the scene: fades out";
  EXPECT_TRUE(std::isnan((*t)->values[registry.find("/afterglow/cloud2/density")->index]));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("cloud3"), std::string::npos) << warnings[0];

  const config::Scene bad = scene_from("layers:\n  - type: cloud\n    name: cloud1\n    params: {density: -5}\n");
  auto refused = morph_target_for(bad, current, registry);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(std::string(refused.error().what()).find("next.yaml:4"), std::string::npos) << refused.error().what();
}

}  // namespace
}  // namespace afterglow::engine
