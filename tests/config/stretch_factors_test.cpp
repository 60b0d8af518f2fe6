// drones.stretch_factors: explicit length factors (2.0 = twice as long) next to the original's
// time_stretch_factors (playback rates, 2.0 = half as long). When both are given stretch_factors wins and
// time_stretch_factors is reported as having no effect.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::find;
using testing::has_error;
using testing::has_warning;
using testing::load;

TEST(StretchFactors, AbsentByDefaultAndTheRatesKeepTheirMeaning) {
  SceneLoad l = load("drones:\n  time_stretch_factors: [1.0, 2.0]\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_FALSE(l.scene->drones.stretch_factors.has_value());
  EXPECT_EQ(l.scene->drones.time_stretch_factors, (std::vector<double>{1.0, 2.0}));
  EXPECT_FALSE(has_warning(l, "drones.time_stretch_factors")) << dump(l);
  EXPECT_FALSE(has_warning(l, "drones.stretch_factors")) << dump(l);
}

TEST(StretchFactors, ReadAsLengthFactors) {
  SceneLoad l = load("drones:\n  stretch_factors: [1.0, 2.0, 0.5, 8, 0.25]\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  ASSERT_TRUE(l.scene->drones.stretch_factors.has_value());
  EXPECT_EQ(*l.scene->drones.stretch_factors, (std::vector<double>{1.0, 2.0, 0.5, 8.0, 0.25}));
  // A known key: no "unknown key, did you mean time_stretch_factors".
  EXPECT_FALSE(has_warning(l, "drones.stretch_factors", "unknown key")) << dump(l);
}

TEST(StretchFactors, AnEmptyListIsAllowedAndMeansNoStretchedVariants) {
  SceneLoad l = load("drones:\n  stretch_factors: []\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  ASSERT_TRUE(l.scene->drones.stretch_factors.has_value());
  EXPECT_TRUE(l.scene->drones.stretch_factors->empty());
}

TEST(StretchFactors, OutOfRangeFactorsAreErrorsAtTheirOwnLineAndColumn) {
  SceneLoad l = load("drones:\n  stretch_factors: [2.0, 0, 9, -1, 0.2]\n");
  EXPECT_FALSE(l.ok());
  EXPECT_EQ(l.diagnostics.error_count(), 4u) << dump(l);
  for (const char* key : {"drones.stretch_factors[1]", "drones.stretch_factors[2]",
                          "drones.stretch_factors[3]", "drones.stretch_factors[4]"}) {
    EXPECT_TRUE(has_error(l, key, "between 0.25 and 8")) << key << "\n" << dump(l);
  }
  const auto zero = find(l, Severity::kError, "drones.stretch_factors[1]");
  ASSERT_EQ(zero.size(), 1u);
  EXPECT_EQ(zero[0].line, 2);
  EXPECT_EQ(zero[0].column, 26);  // `0` in "  stretch_factors: [2.0, 0, ..."
  const auto nine = find(l, Severity::kError, "drones.stretch_factors[2]");
  ASSERT_EQ(nine.size(), 1u);
  EXPECT_EQ(nine[0].line, 2);
  EXPECT_EQ(nine[0].column, 29);
  EXPECT_NE(zero[0].format().find("scene.yaml:2:26: error: drones.stretch_factors[1]"), std::string::npos)
      << zero[0].format();
}

TEST(StretchFactors, NonNumbersAndNonListsAreErrors) {
  SceneLoad text = load("drones:\n  stretch_factors: [2.0, twice]\n");
  EXPECT_FALSE(text.ok());
  EXPECT_TRUE(has_error(text, "drones.stretch_factors[1]", "must be a number")) << dump(text);

  SceneLoad nan = load("drones:\n  stretch_factors: [.nan]\n");
  EXPECT_FALSE(nan.ok());
  EXPECT_TRUE(has_error(nan, "drones.stretch_factors[0]", "must be a number")) << dump(nan);

  SceneLoad scalar = load("drones:\n  stretch_factors: 2.0\n");
  EXPECT_FALSE(scalar.ok());
  EXPECT_TRUE(has_error(scalar, "drones.stretch_factors", "list of numbers")) << dump(scalar);
  const auto where = find(scalar, Severity::kError, "drones.stretch_factors");
  ASSERT_EQ(where.size(), 1u);
  EXPECT_EQ(where[0].line, 2);
}

TEST(StretchFactors, WhenBothAreGivenStretchFactorsWinsAndTheRatesAreReportedAsUnused) {
  SceneLoad l = load("drones:\n  time_stretch_factors: [1.0, 1.5, 2.0]\n  stretch_factors: [2.0]\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(*l.scene->drones.stretch_factors, (std::vector<double>{2.0}));
  EXPECT_TRUE(
      has_warning(l, "drones.time_stretch_factors", "no effect here because stretch_factors is given"))
      << dump(l);
  const auto w = find(l, Severity::kWarning, "drones.time_stretch_factors");
  ASSERT_FALSE(w.empty());
  EXPECT_EQ(w[0].line, 2);  // points at the key that is ignored
}

TEST(StretchFactors, ARepeatedFactorIsAWarning) {
  SceneLoad l = load("drones:\n  stretch_factors: [2.0, 2]\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_TRUE(has_warning(l, "drones.stretch_factors", "listed twice")) << dump(l);
}

TEST(StretchFactors, ABadStretchFactorsListDoesNotSilenceTheRates) {
  // The list failed, so nothing replaces the rates: no "has no effect" warning on time_stretch_factors.
  SceneLoad l = load("drones:\n  time_stretch_factors: [2.0]\n  stretch_factors: [0]\n");
  EXPECT_FALSE(l.ok());
  EXPECT_FALSE(has_warning(l, "drones.time_stretch_factors", "no effect")) << dump(l);
}

}  // namespace
}  // namespace afterglow::config
