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

TEST(SeamReport, ShortAndSilentLoopsDoNotCrash) {
  EXPECT_TRUE(seam_report(std::vector<float>(1, 0.0f)).seamless());
  EXPECT_TRUE(seam_report(std::vector<float>(100, 0.0f)).seamless());
  const auto tiny = test::sine(1000.0, 0.5, 441);
  const auto report = seam_report(tiny, seam_options_for(44100.0, 2205));
  EXPECT_TRUE(std::isfinite(report.seam_min_db));
}

}  // namespace
}  // namespace afterglow::dsp
