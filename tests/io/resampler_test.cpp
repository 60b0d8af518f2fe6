#include "afterglow/io/resampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "io_test_util.h"
#include "support/signals.h"

namespace afterglow::io {
namespace {

using testing::mono;
using testing::stereo;

const ResampleQuality kAll[] = {ResampleQuality::kSincBest, ResampleQuality::kSincMedium,
                                ResampleQuality::kSincFastest, ResampleQuality::kLinear};

double rms(const std::vector<float>& x, std::size_t from, std::size_t to) {
  double s = 0.0;
  for (std::size_t i = from; i < to; ++i) s += double(x[i]) * x[i];
  return std::sqrt(s / static_cast<double>(to - from));
}

TEST(Resampler, LengthIsCeilOfScaledLength) {
  EXPECT_EQ(resampled_length(44100, 44100.0, 48000.0), 48000u);
  EXPECT_EQ(resampled_length(1000, 44100.0, 48000.0), 1089u);  // 1088.43 -> 1089
  EXPECT_EQ(resampled_length(1, 48000.0, 44100.0), 1u);
  EXPECT_EQ(resampled_length(0, 44100.0, 48000.0), 0u);
  EXPECT_EQ(resampled_length(26460000, 44100.0, 48000.0), 28800000u);  // 10 minutes
}

TEST(Resampler, OutputHasExactlyTheNominalLength) {
  for (auto q : kAll) {
    for (std::size_t frames : {1u, 7u, 1000u, 8192u, 8193u, 44100u}) {
      auto r = resample(mono(test::sine(440.0, 0.5, frames)), 48000.0, q);
      ASSERT_TRUE(r.ok()) << r.error().what();
      EXPECT_EQ(r->frames(), resampled_length(frames, 44100.0, 48000.0)) << to_string(q) << " " << frames;
      EXPECT_EQ(r->sample_rate, 48000.0);
    }
  }
}

TEST(Resampler, StereoOutputHasExactlyTheNominalLength) {
  for (auto q : kAll) {
    for (std::size_t frames : {1u, 7u, 8192u, 8193u, 30000u}) {
      const auto x = test::sine(440.0, 0.5, frames);
      auto up = resample(stereo(x, x), 48000.0, q);
      ASSERT_TRUE(up.ok());
      EXPECT_EQ(up->frames(), resampled_length(frames, 44100.0, 48000.0)) << to_string(q) << " " << frames;
      EXPECT_EQ(up->channels[1].size(), up->frames());
      auto down = resample(stereo(x, x, 96000.0), 44100.0, q);
      ASSERT_TRUE(down.ok());
      EXPECT_EQ(down->frames(), resampled_length(frames, 96000.0, 44100.0)) << to_string(q) << " " << frames;
    }
  }
}

TEST(Resampler, SinePitchAndLevelArePreserved) {
  const auto in = test::sine(1000.0, 0.5, 44100);
  for (auto q : kAll) {
    auto r = resample(mono(in), 48000.0, q);
    ASSERT_TRUE(r.ok());
    const auto expected = test::sine(1000.0, 0.5, 48000, 48000.0);
    double max_err = 0.0;
    for (std::size_t i = 1000; i < 47000; ++i) {
      max_err = std::max(max_err, std::fabs(double(r->channels[0][i]) - expected[i]));
    }
    // Sinc converters are accurate to well under 1e-3 in the passband; libsamplerate's linear converter
    // is off by a fraction of a sample as well as interpolating coarsely.
    EXPECT_LT(max_err, q == ResampleQuality::kLinear ? 0.1 : 1e-3) << to_string(q);
  }
}

TEST(Resampler, SincConvertersRemoveContentAboveTheNewNyquist) {
  // 23 kHz exists at 48 kHz but not at 44.1 kHz: it must be filtered, not folded to 21.1 kHz.
  const auto in = test::sine(23000.0, 0.5, 48000, 48000.0);
  for (auto q : {ResampleQuality::kSincBest, ResampleQuality::kSincMedium, ResampleQuality::kSincFastest}) {
    auto r = resample(mono(in, 48000.0), 44100.0, q);
    ASSERT_TRUE(r.ok());
    EXPECT_LT(rms(r->channels[0], 2000, 42000), 0.01 * 0.5) << to_string(q);
  }
}

TEST(Resampler, StereoChannelsStayIndependent) {
  const auto left = test::sine(1000.0, 0.5, 20000);
  auto r = resample(stereo(left, test::silence(20000)), 48000.0);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->channel_count(), 2u);
  EXPECT_GT(rms(r->channels[0], 0, r->frames()), 0.3);
  EXPECT_EQ(rms(r->channels[1], 0, r->frames()), 0.0);
  auto mono_left = resample(mono(left), 48000.0);
  ASSERT_TRUE(mono_left.ok());
  // The stereo converter gives the mono converter's result (to rounding: it sums in another order).
  // The very last frame may differ: libsamplerate's mono converter stops one frame short of the nominal
  // length there and that frame is padded with silence.
  ASSERT_EQ(r->frames(), mono_left->frames());
  for (std::size_t i = 0; i + 1 < r->frames(); ++i)
    ASSERT_NEAR(r->channels[0][i], mono_left->channels[0][i], 1e-6) << i;
}

TEST(Resampler, SameRateIsAnExactCopy) {
  const auto x = test::uniform_noise(0.5, 1000, 4);
  auto r = resample(mono(x), 44100.0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->channels[0], x);
}

TEST(Resampler, EmptyBufferGivesEmptyOutputAtTheNewRate) {
  auto r = resample(mono({}), 48000.0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->frames(), 0u);
  EXPECT_EQ(r->sample_rate, 48000.0);
}

TEST(Resampler, InvalidRatesAreRejected) {
  const auto audio = mono({0.1f, 0.2f});
  for (double rate : {0.0, -48000.0, std::numeric_limits<double>::quiet_NaN(),
                      std::numeric_limits<double>::infinity(), 44100.0 * 300.0, 44100.0 / 300.0}) {
    auto r = resample(audio, rate);
    ASSERT_FALSE(r.ok()) << rate;
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidValue);
  }
  auto unknown_source = resample(mono({0.1f}, 0.0), 48000.0);
  ASSERT_FALSE(unknown_source.ok());
  EXPECT_EQ(unknown_source.error().kind(), ErrorKind::kInvalidValue);
}

TEST(Resampler, QualityNames) {
  for (auto q : kAll) EXPECT_EQ(*parse_resample_quality(to_string(q)), q);
  EXPECT_EQ(*parse_resample_quality("SINC_BEST"), ResampleQuality::kSincBest);
  auto bad = parse_resample_quality("soxr_hq");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("sinc_fastest"), std::string::npos);
}

TEST(Resampler, DefaultIsASincConverter) {
  EXPECT_NE(kDefaultResampleQuality, ResampleQuality::kLinear);
}

}  // namespace
}  // namespace afterglow::io
