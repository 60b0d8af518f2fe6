#include "afterglow/render/spectrogram_image.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "support/signals.h"

namespace afterglow::render {
namespace {

// Mean brightness (R+G+B) of each row, top first.
std::vector<double> row_brightness(const io::RgbImage& image) {
  std::vector<double> rows(static_cast<std::size_t>(image.height), 0.0);
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const std::uint8_t* p = image.at(x, y);
      rows[static_cast<std::size_t>(y)] += p[0] + p[1] + p[2];
    }
    rows[static_cast<std::size_t>(y)] /= image.width;
  }
  return rows;
}

class SineLine : public ::testing::TestWithParam<double> {};

TEST_P(SineLine, IsABrightHorizontalLineAtItsRow) {
  const double hz = GetParam();
  SpectrogramOptions options;
  options.width = 200;
  options.height = 100;
  const auto image = render_spectrogram(test::sine(hz, 0.5, 44100), test::kTestRate, options);
  ASSERT_TRUE(image.ok());
  ASSERT_EQ(image->width, 200);
  ASSERT_EQ(image->height, 100);
  const auto rows = row_brightness(*image);
  const auto brightest = std::max_element(rows.begin(), rows.end()) - rows.begin();
  const int expected = spectrogram_row(hz, test::kTestRate, options);
  EXPECT_NEAR(brightest, expected, 1) << hz << " Hz";
  // A line: every column is bright on that row, and rows well away from it are dark.
  for (int x = 0; x < image->width; ++x) {
    const std::uint8_t* p = image->at(x, expected);
    EXPECT_GT(p[0] + p[1] + p[2], 450) << "column " << x;
  }
  EXPECT_LT(rows[static_cast<std::size_t>(std::min(expected + 20, 99))],
            rows[static_cast<std::size_t>(expected)] / 2);
  EXPECT_LT(rows[static_cast<std::size_t>(std::max(expected - 20, 0))],
            rows[static_cast<std::size_t>(expected)] / 2);
}

INSTANTIATE_TEST_SUITE_P(Frequencies, SineLine, ::testing::Values(110.0, 1000.0, 6000.0));

TEST(SpectrogramImage, HigherFrequenciesAreHigherUp) {
  SpectrogramOptions options;
  EXPECT_LT(spectrogram_row(4000.0, 44100.0, options), spectrogram_row(400.0, 44100.0, options));
  EXPECT_EQ(spectrogram_row(22050.0, 44100.0, options), 0);
  EXPECT_EQ(spectrogram_row(10.0, 44100.0, options), options.height - 1);
}

TEST(SpectrogramImage, SilenceIsBlackAndAShortFileFillsTheWidth) {
  SpectrogramOptions options;
  options.width = 64;
  options.height = 32;
  const auto silent = render_spectrogram(test::silence(4410), test::kTestRate, options);
  ASSERT_TRUE(silent.ok());
  for (const std::uint8_t v : silent->pixels) EXPECT_LE(v, 5);
  // 300 samples = 1 STFT frame, stretched over every column.
  const auto tiny = render_spectrogram(test::sine(2000.0, 0.5, 300), test::kTestRate, options);
  ASSERT_TRUE(tiny.ok());
  const int row = spectrogram_row(2000.0, test::kTestRate, options);
  for (int x = 0; x < options.width; ++x) EXPECT_GT(tiny->at(x, row)[0], 100) << x;
}

}  // namespace
}  // namespace afterglow::render
