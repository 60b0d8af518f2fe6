#include "afterglow/analysis/brightness.h"

namespace afterglow::analysis {

std::string_view to_string(Brightness brightness) {
  switch (brightness) {
    case Brightness::kDark:
      return "dark";
    case Brightness::kMid:
      return "mid";
    case Brightness::kBright:
      return "bright";
  }
  return "mid";
}

std::optional<Brightness> parse_brightness(std::string_view text) {
  if (text == "dark") return Brightness::kDark;
  if (text == "mid") return Brightness::kMid;
  if (text == "bright") return Brightness::kBright;
  return std::nullopt;
}

Brightness classify_brightness(double mean_centroid_hz, const BrightnessBounds& bounds) {
  if (mean_centroid_hz < bounds.low_hz) return Brightness::kDark;
  if (mean_centroid_hz > bounds.high_hz) return Brightness::kBright;
  return Brightness::kMid;
}

BrightnessEstimate estimate_brightness(std::span<const float> centroid_hz, const BrightnessBounds& bounds) {
  double sum = 0.0;
  for (float c : centroid_hz) sum += c;
  BrightnessEstimate e;
  e.mean_centroid_hz = centroid_hz.empty() ? 0.0 : sum / static_cast<double>(centroid_hz.size());
  e.brightness = classify_brightness(e.mean_centroid_hz, bounds);
  return e;
}

}  // namespace afterglow::analysis
