#include "afterglow/analysis/stft.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "support/signals.h"

namespace afterglow::analysis {
namespace {

// Records what the STFT hands out, for checks on framing.
class Recorder final : public FrameConsumer {
 public:
  void begin(const StftLayout& layout) override {
    layout_ = layout;
    ++begins;
  }
  void consume(const StftFrame& frame) override {
    indices.push_back(frame.index);
    first_samples.push_back(frame.samples.front());
    centre_samples.push_back(frame.samples[frame.samples.size() / 2]);
    const auto peak = std::max_element(frame.magnitude.begin(), frame.magnitude.end());
    peak_bins.push_back(static_cast<std::size_t>(peak - frame.magnitude.begin()));
    power_matches = power_matches && std::abs(frame.power[5] - frame.magnitude[5] * frame.magnitude[5]) <=
                                         1e-3f * (1.0f + frame.power[5]);
  }
  void finish() override { ++finishes; }

  StftLayout layout_;
  int begins = 0;
  int finishes = 0;
  bool power_matches = true;
  std::vector<std::size_t> indices;
  std::vector<float> first_samples;
  std::vector<float> centre_samples;
  std::vector<std::size_t> peak_bins;
};

TEST(Stft, FrameCountAndCentringFollowLibrosa) {
  auto stft = Stft::create();
  ASSERT_TRUE(stft.ok());
  std::vector<float> ramp(5000);
  for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<float>(i + 1);
  Recorder r;
  FrameConsumer* consumers[] = {&r};
  ASSERT_TRUE(stft->run(ramp, 44100.0, consumers).ok());
  EXPECT_EQ(r.begins, 1);
  EXPECT_EQ(r.finishes, 1);
  ASSERT_EQ(r.indices.size(), 1u + 5000u / 512u);
  EXPECT_EQ(r.layout_.frame_count, 10u);
  for (std::size_t t = 0; t < r.indices.size(); ++t) {
    EXPECT_EQ(r.indices[t], t);
    // Frame t is centred on sample 512 t (value 512 t + 1 in the ramp), zero-padded before the start.
    const std::size_t centre = 512 * t;
    EXPECT_EQ(r.centre_samples[t], centre < ramp.size() ? ramp[centre] : 0.0f) << t;
    EXPECT_EQ(r.first_samples[t], centre >= 1024 ? ramp[centre - 1024] : 0.0f) << t;
  }
  EXPECT_TRUE(r.power_matches);
}

TEST(Stft, ToneOf440HzPeaksWithinTwoBins) {
  auto stft = Stft::create();
  ASSERT_TRUE(stft.ok());
  const auto x = test::sine(440.0, 0.5, 44100);
  Recorder r;
  FrameConsumer* consumers[] = {&r};
  ASSERT_TRUE(stft->run(x, 44100.0, consumers).ok());
  const double bin_hz = 44100.0 / 2048.0;
  for (std::size_t t = 2; t + 2 < r.peak_bins.size(); ++t) {
    EXPECT_NEAR(r.peak_bins[t] * bin_hz, 440.0, 2.0 * bin_hz) << t;
  }
}

TEST(Stft, RejectsBadParametersAndRates) {
  EXPECT_FALSE(Stft::create({2047, 512}).ok());
  EXPECT_FALSE(Stft::create({2048, 0}).ok());
  EXPECT_EQ(Stft::create({2048, 0}).error().kind(), ErrorKind::kInvalidValue);
  auto stft = Stft::create({256, 64});
  ASSERT_TRUE(stft.ok());
  std::vector<float> x(1000, 0.1f);
  EXPECT_FALSE(stft->run(x, 0.0, {}).ok());
  EXPECT_FALSE(stft->run(x, -44100.0, {}).ok());
}

TEST(Stft, EmptySignalGivesOneSilentFrame) {
  auto stft = Stft::create();
  ASSERT_TRUE(stft.ok());
  Recorder r;
  FrameConsumer* consumers[] = {&r};
  ASSERT_TRUE(stft->run({}, 44100.0, consumers).ok());
  ASSERT_EQ(r.indices.size(), 1u);
  EXPECT_EQ(r.centre_samples[0], 0.0f);
}

}  // namespace
}  // namespace afterglow::analysis
