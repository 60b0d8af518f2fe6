#include "afterglow/render/waveform_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace afterglow::render {

std::string waveform_svg(std::span<const float> mono, const WaveformOptions& options) {
  const int w = std::max(options.width, 1);
  const int h = std::max(options.height, 2);
  const double mid = h / 2.0;
  const double half_line = 0.5;  // silence still draws a 1-pixel line
  std::vector<double> top(static_cast<std::size_t>(w), mid - half_line);
  std::vector<double> bottom(static_cast<std::size_t>(w), mid + half_line);
  const std::size_t n = mono.size();
  for (int c = 0; c < w && n > 0; ++c) {
    const std::size_t begin = static_cast<std::size_t>(c) * n / static_cast<std::size_t>(w);
    const std::size_t end =
        std::max(begin + 1, static_cast<std::size_t>(c + 1) * n / static_cast<std::size_t>(w));
    float lo = 0.0f;
    float hi = 0.0f;
    for (std::size_t i = begin; i < std::min(end, n); ++i) {
      lo = std::min(lo, mono[i]);
      hi = std::max(hi, mono[i]);
    }
    top[static_cast<std::size_t>(c)] = std::min(mid - half_line, mid - std::clamp(hi, -1.0f, 1.0f) * mid);
    bottom[static_cast<std::size_t>(c)] = std::max(mid + half_line, mid - std::clamp(lo, -1.0f, 1.0f) * mid);
  }
  std::string path = fmt::format("M0 {:.1f}", top[0]);
  for (int c = 0; c < w; ++c) path += fmt::format("L{} {:.1f}", c + 1, top[static_cast<std::size_t>(c)]);
  for (int c = w - 1; c >= 0; --c) path += fmt::format("L{} {:.1f}", c, bottom[static_cast<std::size_t>(c)]);
  path += "Z";
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">"
      "<line x1=\"0\" y1=\"{2}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#444\" stroke-width=\"1\"/>"
      "<path d=\"{3}\" fill=\"{4}\"/></svg>\n",
      w, h, mid, path, options.colour);
}

}  // namespace afterglow::render
