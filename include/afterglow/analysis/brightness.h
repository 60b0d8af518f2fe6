#pragma once
// Brightness class of a sound from its mean spectral centroid (reference §2.9): the plain mean of the
// magnitude-weighted (librosa) centroid over every frame, edge frames included. Below `low_hz` is dark,
// above `high_hz` bright, anything in between — both boundaries included — mid. The bounds come from the
// scene's brightness_tags section (1500 / 3500 Hz by default).

#include <optional>
#include <span>
#include <string_view>

namespace afterglow::analysis {

enum class Brightness { kDark, kMid, kBright };

std::string_view to_string(Brightness brightness);  // "dark", "mid", "bright"
std::optional<Brightness> parse_brightness(std::string_view text);

struct BrightnessBounds {
  double low_hz = 1500.0;
  double high_hz = 3500.0;
};

struct BrightnessEstimate {
  Brightness brightness = Brightness::kMid;
  double mean_centroid_hz = 0.0;
};

Brightness classify_brightness(double mean_centroid_hz, const BrightnessBounds& bounds = {});

// Mean of `centroid_hz` (per-frame magnitude centroids) and its class; an empty span is 0 Hz.
BrightnessEstimate estimate_brightness(std::span<const float> centroid_hz,
                                       const BrightnessBounds& bounds = {});

}  // namespace afterglow::analysis
