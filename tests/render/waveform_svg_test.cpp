#include "afterglow/render/waveform_svg.h"

#include <gtest/gtest.h>

#include "support/signals.h"

namespace afterglow::render {
namespace {

TEST(WaveformSvg, DeclaresItsNaturalSize) {
  const std::string svg = waveform_svg(test::sine(100.0, 0.5, 1000), {200, 30});
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"30\"", 0), 0u) << svg;
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

TEST(WaveformSvg, FullScaleTouchesBothEdgesAndSilenceIsAThinLine) {
  std::vector<float> square(400);
  for (std::size_t i = 0; i < square.size(); ++i) square[i] = (i / 5) % 2 == 0 ? 1.0f : -1.0f;
  const std::string loud = waveform_svg(square, {10, 40});
  EXPECT_NE(loud.find("L1 0.0"), std::string::npos) << loud;  // +1 at the top edge
  EXPECT_NE(loud.find(" 40.0"), std::string::npos) << loud;   // -1 at the bottom edge
  const std::string quiet = waveform_svg(test::silence(400), {10, 40});
  EXPECT_NE(quiet.find("L1 19.5"), std::string::npos) << quiet;
  EXPECT_NE(quiet.find(" 20.5"), std::string::npos) << quiet;
  EXPECT_EQ(quiet.find(" 0.0"), std::string::npos) << quiet;
}

TEST(WaveformSvg, EmptyAudioStillDrawsAValidPicture) {
  const std::string svg = waveform_svg({}, {16, 8});
  EXPECT_NE(svg.find("<path d=\"M0 3.5"), std::string::npos) << svg;
}

}  // namespace
}  // namespace afterglow::render
