#include "afterglow/dsp/loop_seam.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "support/signals.h"

namespace afterglow::dsp {
namespace {

TEST(SeamReport, AWholeNumberOfPeriodsIsSeamless) {
  const auto loop = test::sine(441.0, 0.5, 44100);  // 441 whole periods
  const auto report = seam_report(loop, seam_options_for(44100.0, 2205));
  EXPECT_TRUE(report.seamless());
  EXPECT_NEAR(report.seam_min_db, 0.0, 0.1);
  EXPECT_NEAR(report.seam_max_db, 0.0, 0.1);
  EXPECT_NEAR(report.surrounding_rms, 0.5 / std::sqrt(2.0), 1e-3);
}

TEST(SeamReport, AHalfPeriodCutFailsTheStepRule) {
  auto loop = test::sine(440.0, 0.5, 44100);
  loop.resize(44100 - 25);  // ends a quarter period early, at a peak: the wrap jumps back to 0
  const auto report = seam_report(loop, seam_options_for(44100.0, 2205));
  EXPECT_FALSE(report.step_ok());
  EXPECT_GT(report.wrap_step, 5.0 * report.internal_step);
}

TEST(SeamReport, ADipAtTheWrapFailsTheLevelRule) {
  auto loop = test::noise(0.3, 88200);
  for (std::size_t i = 0; i < 2205; ++i) {
    const float g = static_cast<float>(i) / 2205.0f;
    loop[i] *= g;                    // fade in at the start
    loop[loop.size() - 1 - i] *= g;  // and out at the end: no step, but a hole
  }
  const auto report = seam_report(loop, seam_options_for(44100.0, 2205));
  EXPECT_TRUE(report.step_ok());
  EXPECT_FALSE(report.level_ok());
  EXPECT_LT(report.seam_min_db, -3.0);
}

TEST(SeamReport, ABumpAtTheWrapFailsTheLevelRule) {
  auto loop = test::noise(0.1, 88200);
  for (std::size_t i = 0; i < 1000; ++i) loop[i] *= 2.0f;
  EXPECT_GT(seam_report(loop, seam_options_for(44100.0, 2205)).seam_max_db, 1.0);
}

// Two sines 2 Hz apart beat through silence twice a second: the material's own short-term level
// swings far beyond ±1 dB. A wrap that lands in a beat's trough is what the material does anyway.
TEST(SeamReport, MaterialThatBeatsIsJudgedByItsOwnInteriorLevel) {
  std::vector<float> loop(88200);
  for (std::size_t i = 0; i < loop.size(); ++i) {
    const double t = static_cast<double>(i) / 44100.0;
    loop[i] = static_cast<float>(0.25 * std::sin(2.0 * M_PI * 440.0 * t) +
                                 0.25 * std::sin(2.0 * M_PI * 442.0 * t + M_PI));  // trough at the wrap
  }
  const auto report = seam_report(loop, seam_options_for(44100.0, 2205));
  EXPECT_GT(report.excursion_db(), 1.0) << "the wrap sits in a trough";
  EXPECT_GE(report.interior_excursion_db, report.excursion_db());
  EXPECT_TRUE(report.level_ok());

  SeamOptions strict = seam_options_for(44100.0, 2205);
  strict.interior_points = 0;
  EXPECT_FALSE(seam_report(loop, strict).level_ok()) << "without the interior comparison it fails";
}

// On steady material the interior never strays, so a dip is judged by ±1 dB exactly as written.
TEST(SeamReport, SteadyMaterialKeepsThePlainTolerance) {
  auto loop = test::noise(0.3, 88200);
  for (std::size_t i = 0; i < 1500; ++i) loop[i] *= 0.8f;  // about -1.9 dB over 34 ms
  const auto report = seam_report(loop, seam_options_for(44100.0, 2205));
  EXPECT_LT(report.interior_excursion_db, 0.2);
  EXPECT_GT(report.excursion_db(), report.interior_excursion_db);
  EXPECT_FALSE(report.level_ok());
}

TEST(SeamReport, ShortAndSilentLoopsDoNotCrash) {
  EXPECT_TRUE(seam_report(std::vector<float>(1, 0.0f)).seamless());
  EXPECT_TRUE(seam_report(std::vector<float>(100, 0.0f)).seamless());
  const auto tiny = test::sine(1000.0, 0.5, 441);
  const auto report = seam_report(tiny, seam_options_for(44100.0, 2205));
  EXPECT_TRUE(std::isfinite(report.seam_min_db));
}

}  // namespace
}  // namespace afterglow::dsp
