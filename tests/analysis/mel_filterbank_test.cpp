#include "afterglow/analysis/mel_filterbank.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace afterglow::analysis {
namespace {

TEST(MelScale, SlaneyIsLinearBelow1kHzAndLogAbove) {
  EXPECT_NEAR(hz_to_mel_slaney(0.0), 0.0, 1e-12);
  EXPECT_NEAR(hz_to_mel_slaney(500.0), 7.5, 1e-12);
  EXPECT_NEAR(hz_to_mel_slaney(1000.0), 15.0, 1e-12);
  EXPECT_NEAR(hz_to_mel_slaney(6400.0), 42.0, 1e-9);  // 15 + 27 steps of log(6.4)/27
  for (double hz : {20.0, 440.0, 999.0, 1000.0, 4000.0, 22050.0}) {
    EXPECT_NEAR(mel_to_hz_slaney(hz_to_mel_slaney(hz)), hz, 1e-9 * hz);
  }
}

TEST(MelFilterbank, TrianglesHaveSlaneyAreaNormAndAscendingCentres) {
  const double sr = 44100.0;
  const MelFilterbank fb(sr, 2048, 128);
  ASSERT_EQ(fb.bands(), 128u);
  ASSERT_EQ(fb.bins(), 1025u);
  const double bin_hz = sr / 2048.0;
  double previous_peak = -1.0;
  for (std::size_t b = 20; b < fb.bands(); ++b) {  // upper bands are wide enough to sample well
    double area = 0.0;
    std::size_t peak = 0;
    for (std::size_t k = 0; k < fb.bins(); ++k) {
      EXPECT_GE(fb.weight(b, k), 0.0f);
      area += fb.weight(b, k) * bin_hz;
      if (fb.weight(b, k) > fb.weight(b, peak)) peak = k;
    }
    // Slaney norm: 2 / bandwidth, so each triangle's area is 1 (to the sampling of its sides).
    EXPECT_NEAR(area, 1.0, 0.15) << b;
    EXPECT_GE(static_cast<double>(peak), previous_peak) << b;
    previous_peak = static_cast<double>(peak);
  }
}

TEST(MelFilterbank, SparseApplyEqualsDenseProduct) {
  const MelFilterbank fb(22050.0, 1024, 64);
  std::vector<float> power(fb.bins());
  for (std::size_t k = 0; k < power.size(); ++k) power[k] = static_cast<float>(1.0 + std::sin(0.05 * k));
  std::vector<float> mel(fb.bands());
  fb.apply(power, mel);
  for (std::size_t b = 0; b < fb.bands(); ++b) {
    double dense = 0.0;
    for (std::size_t k = 0; k < fb.bins(); ++k) dense += fb.weight(b, k) * power[k];
    EXPECT_NEAR(mel[b], dense, 1e-4 * (1.0 + dense)) << b;
  }
}

}  // namespace
}  // namespace afterglow::analysis
