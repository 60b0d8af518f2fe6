#include "afterglow/io/png_writer.h"

#include <gtest/gtest.h>
#include <png.h>

#include <cstring>

#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::io {
namespace {

RgbImage pattern(int w, int h) {
  RgbImage image(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = image.at(x, y);
      p[0] = static_cast<std::uint8_t>(x * 40);
      p[1] = static_cast<std::uint8_t>(y * 90);
      p[2] = static_cast<std::uint8_t>((x + y) * 17 + 3);
    }
  }
  return image;
}

// Decodes with libpng's simplified API: an independent reader of what the writer produced.
RgbImage decode(const std::string& bytes) {
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  EXPECT_NE(png_image_begin_read_from_memory(&img, bytes.data(), bytes.size()), 0) << img.message;
  img.format = PNG_FORMAT_RGB;
  RgbImage out(static_cast<int>(img.width), static_cast<int>(img.height));
  EXPECT_NE(png_image_finish_read(&img, nullptr, out.pixels.data(), 0, nullptr), 0) << img.message;
  return out;
}

std::uint32_t be32(const std::string& b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

TEST(PngWriter, SignatureAndHeaderDescribeTheImage) {
  const auto bytes = encode_png(pattern(7, 3));
  ASSERT_TRUE(bytes.ok());
  ASSERT_GT(bytes->size(), 33u);
  EXPECT_EQ(bytes->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(bytes->substr(12, 4), "IHDR");
  EXPECT_EQ(be32(*bytes, 16), 7u);  // width
  EXPECT_EQ(be32(*bytes, 20), 3u);  // height
  EXPECT_EQ((*bytes)[24], 8);       // bit depth
  EXPECT_EQ((*bytes)[25], 2);       // colour type: RGB
}

TEST(PngWriter, DecodedPixelsRoundTrip) {
  const RgbImage image = pattern(6, 3);
  const auto bytes = encode_png(image);
  ASSERT_TRUE(bytes.ok());
  const RgbImage back = decode(*bytes);
  EXPECT_EQ(back.width, 6);
  EXPECT_EQ(back.height, 3);
  EXPECT_EQ(back.pixels, image.pixels);
}

TEST(PngWriter, RejectsAnEmptyOrMismatchedImage) {
  EXPECT_EQ(encode_png(RgbImage{}).error().kind(), ErrorKind::kInvalidValue);
  RgbImage wrong(4, 4);
  wrong.pixels.pop_back();
  EXPECT_EQ(encode_png(wrong).error().kind(), ErrorKind::kInvalidValue);
}

TEST(PngWriter, WritesTheFileInsideTheRootOnly) {
  test::TempDir dir;
  const ExportRoot root(dir.path() / "export");
  ASSERT_TRUE(write_png(dir.path() / "export/img/a.png", pattern(5, 5), root).ok());
  EXPECT_EQ(decode(test::read_bytes(dir.path() / "export/img/a.png")).pixels, pattern(5, 5).pixels);
  const auto refused = write_png(dir.path() / "elsewhere/b.png", pattern(5, 5), root);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind(), ErrorKind::kPermission);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "elsewhere"));
}

}  // namespace
}  // namespace afterglow::io
