// The OSC address space: each address does what docs/osc.md says, and every malformed message — a
// wrong type, a missing argument, NaN, an oversized string, an unknown address — is an error with a
// reason, never a command.
#include "afterglow/control/osc_router.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/drone_layer.h"
#include "afterglow/engine/hiss_layer.h"

namespace afterglow::control {
namespace {

using engine::CommandType;
using Kind = OscRoute::Kind;

engine::ParamRegistry registry() {
  return std::move(engine::ParamRegistry::build({{"drone1", &engine::drone_layer_type()},
                                                 {"cloud1", &engine::cloud_layer_type()},
                                                 {"hiss1", &engine::hiss_layer_type()}}))
      .value_or_throw();
}

TEST(OscRouter, AControlPositionGoesThroughTheCurveAndNaturalUnitsAreClipped) {
  const auto reg = registry();
  const OscRouter router(reg);
  const engine::ParamSpec& size = *reg.find("/afterglow/cloud1/size_ms");
  OscRoute r = router.route("/afterglow/cloud1/size_ms", {0.5}, 960);
  ASSERT_EQ(r.kind, Kind::kCommand) << r.error;
  EXPECT_EQ(r.command.type, CommandType::kParam);
  EXPECT_EQ(r.command.target, size.index);
  EXPECT_EQ(r.command.frame_time, 960u);
  EXPECT_FLOAT_EQ(r.command.value, static_cast<float>(size.from_normalised(0.5)));  // log curve: 5 … 4000 ms
  EXPECT_NEAR(r.command.value, std::sqrt(5.0 * 4000.0), 0.01);
  // Ints are accepted; out-of-range positions and natural values are clipped.
  EXPECT_FLOAT_EQ(router.route("/afterglow/cloud1/size_ms", {std::int64_t{1}}).command.value, 4000.0f);
  EXPECT_FLOAT_EQ(router.route("/afterglow/cloud1/size_ms", {7.0}).command.value, 4000.0f);
  EXPECT_FLOAT_EQ(router.route("/afterglow/cloud1/size_ms/value", {250.0}).command.value, 250.0f);
  EXPECT_FLOAT_EQ(router.route("/afterglow/cloud1/size_ms/value", {1e9}).command.value, 4000.0f);
  EXPECT_FLOAT_EQ(router.route("/afterglow/master/level/value", {0.5}).command.value, 0.5f);
}

TEST(OscRouter, LayerEventsScenesRecordingAndQueries) {
  const auto reg = registry();
  const OscRouter router(reg);
  OscRoute on = router.route("/afterglow/drone1/note", {std::int64_t{57}, std::int64_t{127}});
  ASSERT_EQ(on.kind, Kind::kCommand) << on.error;
  EXPECT_EQ(on.command.type, CommandType::kNoteOn);
  EXPECT_EQ(on.command.note, 57);
  EXPECT_FLOAT_EQ(on.command.value, 1.0f);
  EXPECT_EQ(router.route("/afterglow/drone1/note", {std::int64_t{57}, std::int64_t{0}}).command.type,
            CommandType::kNoteOff);
  const OscRoute flicker = router.route("/afterglow/hiss1/flicker", {});
  EXPECT_EQ(flicker.command.type, CommandType::kTrigger);
  EXPECT_EQ(flicker.command.target, *reg.find_layer("hiss1"));
  EXPECT_EQ(router.route("/afterglow/cloud1/all_off", {}).command.type, CommandType::kAllOff);
  EXPECT_EQ(router.route("/afterglow/record/start", {}).command.type, CommandType::kRecord);
  EXPECT_FLOAT_EQ(router.route("/afterglow/record/stop", {}).command.value, 0.0f);

  const OscRoute recall = router.route("/afterglow/scene/recall", {std::string("night"), 3.0});
  EXPECT_EQ(recall.kind, Kind::kSceneRecall);
  EXPECT_EQ(recall.scene, "night");
  EXPECT_DOUBLE_EQ(recall.glide, 3.0);
  EXPECT_LT(router.route("/afterglow/scene/recall", {std::string("night")}).glide, 0.0);
  EXPECT_EQ(router.route("/afterglow/scene/morph", {1.5}).kind, Kind::kSceneGlide);

  EXPECT_EQ(router.route("/afterglow/q/all", {}).kind, Kind::kQueryAll);
  const OscRoute one = router.route("/afterglow/q/cloud1/density", {});
  EXPECT_EQ(one.kind, Kind::kQueryOne);
  EXPECT_EQ(one.param, reg.find("/afterglow/cloud1/density")->index);
  EXPECT_EQ(router.route("/afterglow/ping", {}).kind, Kind::kPing);
  EXPECT_EQ(router.route("/afterglow/subscribe", {std::int64_t{9001}}).port, 9001);
  EXPECT_EQ(router.route("/afterglow/subscribe", {}).port, 0);
  EXPECT_EQ(router.route("/afterglow/unsubscribe", {}).kind, Kind::kUnsubscribe);
}

TEST(OscRouter, MalformedMessagesAreErrorsWithAReason) {
  const auto reg = registry();
  const OscRouter router(reg);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::string huge(64 * 1024, 'x');
  const std::vector<std::pair<std::string, std::vector<OscArg>>> bad = {
      {"/afterglow/cloud1/density", {}},
      {"/afterglow/cloud1/density", {std::string("loud")}},
      {"/afterglow/cloud1/density", {nan}},
      {"/afterglow/cloud1/density", {std::numeric_limits<double>::infinity()}},
      {"/afterglow/cloud1/density", {0.5, 0.5}},
      {"/afterglow/cloud1/density/value", {nan}},
      {"/afterglow/cloud9/density", {0.5}},
      {"/afterglow/cloud1/loudness", {0.5}},
      {"/elsewhere/cloud1/density", {0.5}},
      {"/afterglow/drone1/note", {std::int64_t{57}}},
      {"/afterglow/drone1/note", {std::int64_t{200}, std::int64_t{100}}},
      {"/afterglow/drone1/note", {std::string("A4"), std::int64_t{100}}},
      {"/afterglow/hiss1/trigger", {std::string("hard")}},
      {"/afterglow/scene/recall", {}},
      {"/afterglow/scene/recall", {1.0}},
      {"/afterglow/scene/recall", {huge}},
      {"/afterglow/scene/morph", {-1.0}},
      {"/afterglow/subscribe", {std::int64_t{70000}}},
      {"/afterglow/q/cloud1/nothing", {}},
      {"/afterglow/" + huge, {}},
  };
  for (const auto& [address, args] : bad) {
    const OscRoute r = router.route(address, args);
    EXPECT_EQ(r.kind, Kind::kError) << address.substr(0, 60);
    EXPECT_FALSE(r.error.empty()) << address.substr(0, 60);
    EXPECT_LT(r.error.size(), 400u) << "a reason, not an echo of the input";
  }
}

}  // namespace
}  // namespace afterglow::control
