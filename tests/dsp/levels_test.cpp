#include "afterglow/dsp/levels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "support/signals.h"

namespace afterglow::dsp {
namespace {

TEST(Levels, LinToDbFloorsOnlyAtZeroAndBelow) {
  EXPECT_EQ(lin_to_db(0.0), kSilenceDb);
  EXPECT_EQ(lin_to_db(-0.5), kSilenceDb);
  EXPECT_NEAR(lin_to_db(1e-6), -120.0, 1e-9);  // below the floor value, yet not floored
  EXPECT_NEAR(lin_to_db(1.0), 0.0, 1e-12);
  EXPECT_NEAR(lin_to_db(0.5), -6.0206, 1e-4);
}

TEST(Levels, DbToLinInvertsLinToDb) {
  EXPECT_NEAR(db_to_lin(-6.0), 0.501187, 1e-6);
  EXPECT_NEAR(db_to_lin(0.0), 1.0, 1e-12);
  for (double db : {-60.0, -20.0, -3.0, 6.0}) EXPECT_NEAR(lin_to_db(db_to_lin(db)), db, 1e-9);
}

TEST(Levels, RmsAndPeakOfASine) {
  const auto x = test::sine(440.0, 0.5, 44100);
  EXPECT_NEAR(rms(x), 0.5 / std::sqrt(2.0), 1e-4);
  EXPECT_NEAR(peak(x), 0.5, 5e-4);
  EXPECT_NEAR(rms_db(x), 20.0 * std::log10(0.5 / std::sqrt(2.0)), 1e-3);
}

TEST(Levels, EmptyAndSilentInputs) {
  const std::vector<float> empty;
  EXPECT_EQ(rms(empty), 0.0);
  EXPECT_EQ(peak(empty), 0.0);
  EXPECT_EQ(rms_db(test::silence(100)), kSilenceDb);
}

TEST(Levels, PeakCountsNegativeExcursions) {
  const std::vector<float> x = {0.1f, -0.9f, 0.3f};
  EXPECT_FLOAT_EQ(static_cast<float>(peak(x)), 0.9f);
}

// Property from the original's suite: scaling by s shifts rms_db by 20*log10(s).
TEST(Levels, ScalingShiftsRmsDbByTheGainInDb) {
  const auto x = test::uniform_noise(0.5, 5000, 7);
  const double base = rms_db(x);
  for (double s : {0.1, 0.5, 2.0, 10.0}) {
    std::vector<float> y(x);
    for (auto& v : y) v = static_cast<float>(v * s);
    EXPECT_NEAR(rms_db(y) - base, 20.0 * std::log10(s), 1e-3) << "scale " << s;
  }
  EXPECT_LE(base, 0.0);
  EXPECT_GT(base, -120.0);
}

}  // namespace
}  // namespace afterglow::dsp
