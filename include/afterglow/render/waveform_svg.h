#pragma once
// A waveform thumbnail as a small standalone SVG: per pixel column the lowest and highest sample, drawn
// as one filled outline at full scale (+1 at the top edge, -1 at the bottom), so a quiet sample looks
// quiet and a clipped one touches both edges — the level is part of what a musician scans for. A column
// that is silent still shows a 1-pixel line, so silence reads as silence, not as a missing image.

#include <span>
#include <string>

namespace afterglow::render {

struct WaveformOptions {
  int width = 320;
  int height = 40;
  const char* colour = "#f6b26b";
};

// The SVG document (with width/height attributes, so a browser knows its natural size).
std::string waveform_svg(std::span<const float> mono, const WaveformOptions& options = {});

}  // namespace afterglow::render
