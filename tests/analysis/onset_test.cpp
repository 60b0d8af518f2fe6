// Onset strength and peak picking.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "afterglow/analysis/frame_features.h"
#include "afterglow/analysis/onset_detect.h"
#include "support/signals.h"

namespace afterglow::analysis {
namespace {

TEST(PeakPickParams, ScaleWithRateAndHop) {
  const auto p = PeakPickParams::for_rate(44100.0, 512);
  EXPECT_EQ(p.pre_max, 2u);
  EXPECT_EQ(p.post_max, 1u);
  EXPECT_EQ(p.pre_avg, 8u);
  EXPECT_EQ(p.post_avg, 9u);
  EXPECT_EQ(p.wait, 2u);
  EXPECT_FLOAT_EQ(p.delta, 0.07f);
  const auto q = PeakPickParams::for_rate(96000.0, 256);  // 30 ms = 11.25 frames, 100 ms = 37.5
  EXPECT_EQ(q.pre_max, 11u);
  EXPECT_EQ(q.pre_avg, 37u);
  EXPECT_EQ(q.post_avg, 38u);
  EXPECT_EQ(q.wait, 11u);
}

TEST(PickOnsets, FindsIsolatedPeaksAndDropsWeakOnes) {
  std::vector<float> env(100, 0.0f);
  env[10] = 1.0f;
  env[40] = 0.8f;   // the max of env[38:41]: 42 lies outside its pre_max/post_max window
  env[42] = 0.9f;   // a local max too, but within `wait` (2) of 40: thinned
  env[70] = 0.05f;  // a local max, but below the local mean + delta (0.07)
  EXPECT_EQ(pick_onsets(env, PeakPickParams{}), (std::vector<std::size_t>{10, 40}));
  // Without the delta margin the weak one counts.
  PeakPickParams no_delta;
  no_delta.delta = 0.0f;
  EXPECT_EQ(pick_onsets(env, no_delta), (std::vector<std::size_t>{10, 40, 70}));
}

TEST(PickOnsets, WaitThinsGreedily) {
  std::vector<float> env(60, 0.0f);
  env[20] = 1.0f;
  env[23] = 1.0f;  // 23 > 20 + 2: kept
  env[25] = 1.0f;  // 25 <= 23 + 2: thinned
  const auto onsets = pick_onsets(env, PeakPickParams{});
  EXPECT_EQ(onsets, (std::vector<std::size_t>{20, 23}));
}

TEST(PickOnsets, SilentOrNonFiniteEnvelopeHasNoOnsets) {
  EXPECT_TRUE(pick_onsets(std::vector<float>(50, 0.0f), PeakPickParams{}).empty());
  std::vector<float> env(50, 0.0f);
  env[10] = 1.0f;
  env[20] = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(pick_onsets(env, PeakPickParams{}).empty());
  EXPECT_TRUE(pick_onsets({}, PeakPickParams{}).empty());
}

TEST(BacktrackOnsets, MovesToThePrecedingMinimum) {
  //                       0    1    2    3    4    5    6    7    8    9
  const std::vector<float> e{0.5f, 0.4f, 0.6f, 0.9f, 0.3f, 0.2f, 0.2f, 0.8f, 1.0f, 0.1f};
  const std::vector<std::size_t> onsets{3, 8, 0};
  // Minima: 1 (0.4 <= 0.5, < 0.6) and 6 (0.2 <= 0.2, < 0.8); 0 always.
  EXPECT_EQ(backtrack_onsets(onsets, e), (std::vector<std::size_t>{1, 6, 0}));
}

TEST(Onsets, ClickTrainAt4HzGives4PerSecond) {
  const double sr = 44100.0;
  const double seconds = 10.0;
  const auto x =
      test::clicks(static_cast<std::size_t>(seconds * sr), static_cast<std::size_t>(sr / 4.0), 1.0f);
  auto f = compute_frame_features(x, sr);
  ASSERT_TRUE(f.ok());
  const double rate = static_cast<double>(f->onset_frames.size()) / seconds;
  EXPECT_NEAR(rate, 4.0, 0.5);
  // Each click is found shortly after it happens (librosa's 3-frame lag: within ~2 frames).
  for (std::size_t i = 0; i < f->onset_frames.size(); ++i) {
    const double onset_s = static_cast<double>(f->onset_sample(i)) / sr;
    const double nearest_click = std::round(onset_s * 4.0) / 4.0;
    EXPECT_NEAR(onset_s, nearest_click, 0.06) << i;
  }
}

TEST(Onsets, SteadyToneHasNone) {
  // A tone that starts at the first sample: no attack anywhere.
  auto f = compute_frame_features(test::sine(440.0, 0.3, 5 * 44100), 44100.0);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->onset_frames.empty());
}

TEST(Onsets, LibrosaPickerAloneTurnsShimmerIntoOnsets) {
  // Why onset_min_rise_db exists: normalised by the file maximum, a steady tone's tiny leakage
  // shimmer passes delta many times a second.
  FrameFeatureParams librosa;
  librosa.onset_min_rise_db = 0.0f;
  auto f = compute_frame_features(test::sine(440.0, 0.3, 5 * 44100), 44100.0, librosa);
  ASSERT_TRUE(f.ok());
  EXPECT_GT(f->onset_frames.size(), 20u);
}

TEST(Onsets, MinRiseKeepsRealAttacks) {
  // A 220 Hz tone that jumps to 294 Hz at 2.5 s, and bursts on a tone: found with and without the rise floor.
  auto x = test::sine(220.0, 0.2, 5 * 44100);
  const auto y = test::sine(293.66, 0.2, 5 * 44100);
  std::copy(y.begin() + 2 * 44100 + 22050, y.end(), x.begin() + 2 * 44100 + 22050);
  auto f = compute_frame_features(x, 44100.0);
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->onset_frames.size(), 1u);
  EXPECT_NEAR(static_cast<double>(f->onset_sample(0)) / 44100.0, 2.5, 0.06);
}

TEST(OnsetStrength, EnvelopeHasLibrosaLagAndNoNegativeValues) {
  const auto x = test::clicks(44100, 22050, 1.0f);
  auto f = compute_frame_features(x, 44100.0);
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->onset_strength.size(), f->frame_count());
  for (std::size_t t = 0; t < 3; ++t) EXPECT_EQ(f->onset_strength[t], 0.0f);
  for (float v : f->onset_strength) EXPECT_GE(v, 0.0f);
  // The click at sample 22050 (frame 43) first enters frame 42; its rise shows 2 frames later.
  std::size_t argmax = 0;
  for (std::size_t t = 20; t < f->frame_count(); ++t) {
    if (f->onset_strength[t] > f->onset_strength[argmax]) argmax = t;
  }
  EXPECT_GE(argmax, 43u);
  EXPECT_LE(argmax, 46u);
}

}  // namespace
}  // namespace afterglow::analysis
