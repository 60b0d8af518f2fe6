#pragma once
// 8-bit RGB PNG images, encoded by libpng: the contact sheet's spectrogram thumbnails. The encoded bytes
// are built in memory and then written atomically, so an image on disk is complete or absent and a
// browser never shows half a thumbnail.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/io/export_root.h"

namespace afterglow::io {

// Row-major, top row first, 3 bytes (R, G, B) per pixel.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height * 3

  RgbImage() = default;
  RgbImage(int w, int h) : width(w), height(h), pixels(static_cast<std::size_t>(w) * h * 3, 0) {}

  std::uint8_t* at(int x, int y) { return pixels.data() + (static_cast<std::size_t>(y) * width + x) * 3; }
  const std::uint8_t* at(int x, int y) const {
    return pixels.data() + (static_cast<std::size_t>(y) * width + x) * 3;
  }
};

// The PNG file's bytes. kInvalidValue for an empty image or a pixel buffer of the wrong size;
// kProcessing if libpng fails.
Result<std::string> encode_png(const RgbImage& image);

// encode_png, then io::prepare_write (containment, free space, parent folders) and an atomic write.
Status write_png(const std::filesystem::path& path, const RgbImage& image, const ExportRoot& root);

}  // namespace afterglow::io
