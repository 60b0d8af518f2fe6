// Reference §13.1 downmix cases, mapped to tests below:
//   ensure_mono with an unknown method -> "Unknown stereo conversion method"   UnknownMethodIsRejected
//   ensure_mono on a 3-D array -> error: not representable here (AudioBuffer is planar 1-2 channel;
//     the reader folds or drops extra channels, see audio_reader_test ExtraChannels…)
// Plus the §13 properties (mono passthrough exact, average = (L+R)/2) and the golden fixtures
// stereo_to_mono_average / stereo_to_mono_sum, read with the project's reader.
#include "afterglow/io/downmix.h"

#include <gtest/gtest.h>

#include <cmath>

#include "afterglow/io/audio_reader.h"
#include "io_test_util.h"
#include "support/signals.h"

namespace afterglow::io {
namespace {

using testing::mono;
using testing::stereo;

double rms(const std::vector<float>& x) {
  double s = 0.0;
  for (float v : x) s += double(v) * v;
  return std::sqrt(s / static_cast<double>(x.size()));
}

void expect_matches_golden(const std::vector<float>& out, const std::string& name) {
  const auto path = test::golden_file(name);
  ASSERT_FALSE(path.empty());
  auto golden = read_audio(path);
  ASSERT_TRUE(golden.ok()) << golden.error().what();
  ASSERT_EQ(golden->channel_count(), 1u);
  ASSERT_EQ(golden->frames(), out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double expected = golden->channels[0][i];
    ASSERT_NEAR(out[i], expected, 1e-6 + 1e-5 * std::fabs(expected)) << name << " frame " << i;
  }
}

AudioBuffer golden_input() {
  return stereo(test::sine(440.0, 0.6, 22050), test::sine(880.0, 0.4, 22050));
}

TEST(Downmix, AverageMatchesGolden) {
  expect_matches_golden(downmix(golden_input(), DownmixMethod::kAverage), "stereo_to_mono_average.wav");
}

TEST(Downmix, SumMatchesGoldenAndIsLouder) {
  const auto sum = downmix(golden_input(), DownmixMethod::kSum);
  expect_matches_golden(sum, "stereo_to_mono_sum.wav");
  EXPECT_GT(rms(sum), 1.2 * rms(downmix(golden_input(), DownmixMethod::kAverage)));
}

TEST(Downmix, Methods) {
  const auto audio = stereo({0.2f, -0.4f}, {0.6f, 0.4f});
  EXPECT_EQ(downmix(audio, DownmixMethod::kAverage), (std::vector<float>{0.4f, 0.0f}));
  EXPECT_EQ(downmix(audio, DownmixMethod::kLeft), (std::vector<float>{0.2f, -0.4f}));
  EXPECT_EQ(downmix(audio, DownmixMethod::kRight), (std::vector<float>{0.6f, 0.4f}));
  const auto sum = downmix(audio, DownmixMethod::kSum);
  EXPECT_NEAR(sum[0], 0.8 / std::sqrt(2.0), 1e-7);
  EXPECT_NEAR(sum[1], 0.0, 1e-7);
}

TEST(Downmix, AverageIsHalfTheSumToHighPrecision) {
  const auto l = test::uniform_noise(1.0, 5000, 1);
  const auto r = test::uniform_noise(1.0, 5000, 2);
  const auto avg = downmix(stereo(l, r), DownmixMethod::kAverage);
  for (std::size_t i = 0; i < l.size(); ++i) {
    const double expected = (double(l[i]) + r[i]) / 2.0;
    ASSERT_NEAR(avg[i], expected, 1e-7 * std::max(1.0, std::fabs(expected)));
  }
}

TEST(Downmix, MonoPassesThroughExactlyWhateverTheMethod) {
  const auto x = test::uniform_noise(1.0, 1000, 3);
  for (auto m : {DownmixMethod::kAverage, DownmixMethod::kSum, DownmixMethod::kLeft, DownmixMethod::kRight}) {
    EXPECT_EQ(downmix(mono(x), m), x) << to_string(m);
  }
}

TEST(Downmix, EmptyBuffersGiveEmptyOutput) {
  EXPECT_TRUE(downmix(AudioBuffer{}).empty());
  EXPECT_TRUE(downmix(stereo({}, {})).empty());
}

TEST(Downmix, ParsesMethodNames) {
  EXPECT_EQ(*parse_downmix_method("average"), DownmixMethod::kAverage);
  EXPECT_EQ(*parse_downmix_method("sum"), DownmixMethod::kSum);
  EXPECT_EQ(*parse_downmix_method("Left"), DownmixMethod::kLeft);
  EXPECT_EQ(*parse_downmix_method("RIGHT"), DownmixMethod::kRight);
  for (auto m : {DownmixMethod::kAverage, DownmixMethod::kSum, DownmixMethod::kLeft, DownmixMethod::kRight}) {
    EXPECT_EQ(*parse_downmix_method(to_string(m)), m);
  }
}

TEST(Downmix, UnknownMethodIsRejected) {
  for (const char* bad : {"mid", "", "avg", "side"}) {
    auto r = parse_downmix_method(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidValue);
    EXPECT_NE(r.error().message().find("Unknown stereo conversion method"), std::string::npos);
  }
}

}  // namespace
}  // namespace afterglow::io
