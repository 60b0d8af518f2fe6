#include "afterglow/engine/param_registry.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "afterglow/config/scene_loader.h"
#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/drone_layer.h"
#include "afterglow/engine/hiss_layer.h"
#include "afterglow/engine/param_docs.h"
#include "afterglow/gen/cloud_params.h"
#include "afterglow/gen/drone_params.h"
#include "afterglow/gen/hiss_params.h"

namespace afterglow::engine {
namespace {

TEST(ParamRegistry, EveryCloudParameterIsPresentWithTheGeneratorsRange) {
  const ParamRegistry r = ParamRegistry::default_layers();
  const gen::CloudParams defaults;
  const LayerType& type = cloud_layer_type();
  for (std::size_t i = 0; i < gen::kCloudParamCount; ++i) {
    const auto p = static_cast<gen::CloudParam>(i);
    const gen::CloudParamInfo& info = gen::cloud_param_info(p);
    const bool superseded = std::find(type.superseded.begin(), type.superseded.end(),
                                      static_cast<std::uint16_t>(i)) != type.superseded.end();
    const ParamSpec* spec = r.find(param_address("cloud1", info.name));
    if (superseded) {
      // The generator's own level is the mixer's fader: that address is the mixer's, not the generator's.
      ASSERT_NE(spec, nullptr);
      EXPECT_EQ(spec->target, ParamTarget::kLayerLevel) << info.name;
      continue;
    }
    ASSERT_NE(spec, nullptr) << info.name;
    EXPECT_EQ(spec->target, ParamTarget::kGenerator);
    EXPECT_EQ(spec->generator_id, i);
    EXPECT_EQ(spec->min, info.min) << info.name;
    EXPECT_EQ(spec->max, info.max) << info.name;
    EXPECT_EQ(spec->default_value, defaults[p]) << info.name;
    EXPECT_EQ(spec->kind != ParamKind::kContinuous, info.integer || p == gen::CloudParam::kFreeze)
        << info.name;
  }
  // Only the level is superseded.
  ASSERT_EQ(type.superseded.size(), 1u);
  EXPECT_EQ(type.superseded[0], static_cast<std::uint16_t>(gen::CloudParam::kLevel));
}

// The same check for every generator table: `info(i)` gives name/min/max, `def(i)` the default.
template <typename Info, typename Default>
void expect_matches_generator(const LayerType& type, std::size_t count, Info info, Default def) {
  const std::string layer = std::string(type.name) + "1";
  const ParamRegistry r = ParamRegistry::default_layers();
  ASSERT_TRUE(r.find_layer(layer).has_value()) << layer;
  for (std::size_t i = 0; i < count; ++i) {
    const auto [name, min, max] = info(i);
    const ParamSpec* spec = r.find(param_address(layer, name));
    ASSERT_NE(spec, nullptr) << layer << "." << name;
    if (std::find(type.superseded.begin(), type.superseded.end(), i) != type.superseded.end()) {
      EXPECT_EQ(spec->target, ParamTarget::kLayerLevel) << name;
      continue;
    }
    EXPECT_EQ(spec->target, ParamTarget::kGenerator) << name;
    EXPECT_EQ(spec->generator_id, i) << name;
    EXPECT_EQ(spec->min, min) << name;
    EXPECT_EQ(spec->max, max) << name;
    EXPECT_EQ(spec->default_value, def(i)) << name;
  }
  // Nothing else claims to be a generator parameter of this layer.
  std::size_t generator_params = 0;
  for (const ParamSpec& p : r.params())
    generator_params += p.layer == layer && p.target == ParamTarget::kGenerator;
  EXPECT_EQ(generator_params, count - type.superseded.size());
}

TEST(ParamRegistry, EveryHissParameterIsPresentWithTheGeneratorsRange) {
  const gen::HissParams defaults;
  expect_matches_generator(
      hiss_layer_type(), gen::kHissParamCount,
      [](std::size_t i) {
        const auto& in = gen::hiss_param_info(static_cast<gen::HissParam>(i));
        return std::tuple{in.name, in.min, in.max};
      },
      [&](std::size_t i) { return defaults[static_cast<gen::HissParam>(i)]; });
}

TEST(ParamRegistry, EveryDroneParameterIsPresentWithTheGeneratorsRange) {
  const gen::DroneParams defaults;
  expect_matches_generator(
      drone_layer_type(), gen::kDroneParamCount,
      [](std::size_t i) {
        const auto& in = gen::drone_param_info(static_cast<gen::DroneParam>(i));
        return std::tuple{in.name, in.min, in.max};
      },
      [&](std::size_t i) { return defaults[static_cast<gen::DroneParam>(i)]; });
}

TEST(ParamRegistry, EveryCloudParameterMatchesTheGenericCheckToo) {
  const gen::CloudParams defaults;
  expect_matches_generator(
      cloud_layer_type(), gen::kCloudParamCount,
      [](std::size_t i) {
        const auto& in = gen::cloud_param_info(static_cast<gen::CloudParam>(i));
        return std::tuple{in.name, in.min, in.max};
      },
      [&](std::size_t i) { return defaults[static_cast<gen::CloudParam>(i)]; });
}

TEST(ParamRegistry, EveryLayerTypeDeclaresEachGeneratorIdOnce) {
  for (const LayerType* type : layer_types()) {
    std::set<std::uint16_t> ids;
    for (const ParamDecl& d : type->params) {
      EXPECT_TRUE(ids.insert(d.generator_id).second) << type->name << "." << d.name;
      EXPECT_LE(d.min, d.default_value) << d.name;
      EXPECT_GE(d.max, d.default_value) << d.name;
      if (d.curve == ParamCurve::kLog) {
        EXPECT_GT(d.min, 0.0f) << d.name;
      }
    }
  }
}

TEST(ParamRegistry, AddressesAndIdsAreUniqueAndIndexed) {
  auto r = ParamRegistry::build({{"cloud1", &cloud_layer_type()}, {"cloud2", &cloud_layer_type()}});
  ASSERT_TRUE(r.ok());
  std::set<std::string> addresses;
  std::set<std::string> ids;
  for (std::uint32_t i = 0; i < r->size(); ++i) {
    const ParamSpec& p = (*r)[i];
    EXPECT_EQ(p.index, i);
    EXPECT_TRUE(addresses.insert(p.address).second) << p.address;
    EXPECT_TRUE(ids.insert(p.id).second) << p.id;
    EXPECT_EQ(r->find(p.address), &p);
    EXPECT_EQ(p.address.rfind("/afterglow/", 0), 0u);
  }
  EXPECT_EQ(r->find("/afterglow/cloud3/density"), nullptr);
  EXPECT_EQ((*r)[r->control(1, ParamTarget::kLayerPan)].address, "/afterglow/cloud2/pan");
  EXPECT_EQ((*r)[r->master(ParamTarget::kLimiterCeiling)].address, "/afterglow/master/ceiling");
}

TEST(ParamRegistry, RefusesDuplicateAndMalformedLayerNames) {
  EXPECT_FALSE(ParamRegistry::build({{"a", &cloud_layer_type()}, {"a", &cloud_layer_type()}}).ok());
  EXPECT_FALSE(ParamRegistry::build({{"Cloud 1", &cloud_layer_type()}}).ok());
  EXPECT_FALSE(ParamRegistry::build({{"master", &cloud_layer_type()}}).ok());
}

TEST(ParamRegistry, NormalisedRoundTripsEveryParameter) {
  const ParamRegistry r = ParamRegistry::default_layers();
  for (const ParamSpec& p : r.params()) {
    for (int k = 0; k <= 20; ++k) {
      const double n = k / 20.0;
      const double natural = p.from_normalised(n);
      EXPECT_GE(natural, p.min);
      EXPECT_LE(natural, p.max);
      if (p.kind == ParamKind::kContinuous) {
        EXPECT_NEAR(p.to_normalised(natural), n, 1e-9) << p.id << " at " << n;
      } else {
        EXPECT_EQ(natural, std::round(natural)) << p.id;
        EXPECT_EQ(p.from_normalised(p.to_normalised(natural)), natural) << p.id;
      }
    }
    // Natural → normalised → natural, at the ends and the default.
    for (double v :
         {static_cast<double>(p.min), static_cast<double>(p.max), static_cast<double>(p.default_value)}) {
      EXPECT_NEAR(p.from_normalised(p.to_normalised(v)), v, 1e-6 * std::max(1.0, std::fabs(v))) << p.id;
    }
    EXPECT_EQ(p.from_normalised(-1.0), p.min);
    EXPECT_EQ(p.from_normalised(2.0), p.max);
    EXPECT_EQ(p.to_normalised(std::nan("")), 0.0);
  }
}

TEST(ParamRegistry, CurvesSpendTheControlWhereTheEarNeedsIt) {
  const ParamRegistry r = ParamRegistry::default_layers();
  const ParamSpec* size = r.find("/afterglow/cloud1/size_ms");
  ASSERT_NE(size, nullptr);
  ASSERT_EQ(size->curve, ParamCurve::kLog);
  // Log: the middle of the control is the geometric middle of the range.
  EXPECT_NEAR(size->from_normalised(0.5), std::sqrt(5.0 * 4000.0), 1e-3);
  const ParamSpec* density = r.find("/afterglow/cloud1/density");
  ASSERT_EQ(density->curve, ParamCurve::kExp);
  EXPECT_NEAR(density->from_normalised(0.5), 40000.0 / 8.0, 1e-2);
}

TEST(ParamRegistry, SceneValuesAreCheckedWithFileLineAndColumn) {
  const std::string yaml = R"(sources:
  - {demo: pad, role: pads}
layers:
  - type: cloud
    name: cloud1
    params:
      density: 50
      densty: 3
      pitch: 99
)";
  config::SceneLoad load = config::load_scene_string(yaml, "s.yaml", "/tmp");
  ASSERT_TRUE(load.ok()) << load.to_error().what();
  auto r = ParamRegistry::for_scene(*load.scene);
  ASSERT_TRUE(r.ok());
  auto values = r->initial_values(*load.scene);
  ASSERT_FALSE(values.ok());
  const std::string message = values.error().what();
  EXPECT_NE(message.find("s.yaml:8:"), std::string::npos) << message;
  EXPECT_NE(message.find("densty"), std::string::npos) << message;
  EXPECT_NE(message.find("s.yaml:9:"), std::string::npos) << message;
  EXPECT_EQ(message.find("s.yaml:7:"), std::string::npos) << message;
}

TEST(ParamRegistry, SceneValuesBecomeInitialValues) {
  const std::string yaml = R"(layers:
  - {type: cloud, name: c, level: 0.5, pan: -0.25, mute: true, params: {density: 50, freeze: true}}
)";
  config::SceneLoad load = config::load_scene_string(yaml, "s.yaml", "/tmp");
  ASSERT_TRUE(load.ok()) << load.to_error().what();
  auto r = ParamRegistry::for_scene(*load.scene);
  ASSERT_TRUE(r.ok());
  auto values = r->initial_values(*load.scene);
  ASSERT_TRUE(values.ok()) << values.error().what();
  auto value_of = [&](const std::string& address) {
    const ParamSpec* p = r->find(address);
    float v = -1.0f;
    for (const InitialValue& iv : *values) {
      if (iv.param == p->index) v = iv.value;
    }
    return v;
  };
  EXPECT_EQ(value_of("/afterglow/c/level"), 0.5f);
  EXPECT_EQ(value_of("/afterglow/c/pan"), -0.25f);
  EXPECT_EQ(value_of("/afterglow/c/mute"), 1.0f);
  EXPECT_EQ(value_of("/afterglow/c/density"), 50.0f);
  EXPECT_EQ(value_of("/afterglow/c/freeze"), 1.0f);
}

TEST(ParamRegistry, DocsOscMdIsUpToDate) {
  const std::filesystem::path path = std::filesystem::path(AFTERGLOW_SOURCE_DIR) / "docs" / "osc.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path << " is missing: run `afterglow params --markdown > docs/osc.md`";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), registry_markdown(ParamRegistry::default_layers()))
      << "docs/osc.md differs from the registry: run `afterglow params --markdown > docs/osc.md`";
}

TEST(ParamRegistry, JsonListsEveryParameter) {
  const ParamRegistry r = ParamRegistry::default_layers();
  const std::string json = registry_json(r);
  for (const ParamSpec& p : r.params()) EXPECT_NE(json.find("\"" + p.address + "\""), std::string::npos);
}

}  // namespace
}  // namespace afterglow::engine
