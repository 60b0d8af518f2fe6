#include "afterglow/io/png_writer.h"

#include <png.h>

#include <csetjmp>

#include "afterglow/io/text_file.h"

namespace afterglow::io {
namespace {

// libpng reports errors by longjmp; the encoder keeps no C++ object with a destructor alive across
// the setjmp frame, so nothing leaks when it jumps.
void append_bytes(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), length);
}

void flush_nothing(png_structp) {}

bool encode_into(const RgbImage& image, std::string& out) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, info != nullptr ? &info : nullptr);
    return false;
  }
  png_set_write_fn(png, &out, append_bytes, flush_nothing);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < image.height; ++y) {
    png_write_row(png, const_cast<png_bytep>(image.at(0, y)));
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

Result<std::string> encode_png(const RgbImage& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
    return Error(ErrorKind::kInvalidValue, "PNG image has no pixels or a pixel buffer of the wrong size");
  }
  std::string out;
  if (!encode_into(image, out)) return Error(ErrorKind::kProcessing, "libpng could not encode the image");
  return out;
}

Status write_png(const std::filesystem::path& path, const RgbImage& image, const ExportRoot& root) {
  auto bytes = encode_png(image);
  if (!bytes) {
    Error e = bytes.error();
    return e.with("file", path.string());
  }
  return write_text_file(path, *bytes, root);
}

}  // namespace afterglow::io
