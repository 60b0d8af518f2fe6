#pragma once
// The Cloud's parameters: an id per control (used as Event::id), a plain struct of values in natural
// units, and each control's range. Values arriving by event are clamped to their range (a non-finite
// value is ignored), so nothing a controller sends can drive the generator out of its design space.

#include <cstdint>
#include <string_view>

namespace afterglow::gen {

enum class CloudParam : std::uint16_t {
  kDensity,           // grains per second
  kRegularity,        // 0 random (Poisson) spawning … 1 periodic
  kSizeMs,            // mean grain length
  kSizeSpread,        // 0 … 1: each grain's length × 2^(±2·spread)
  kPosition,          // 0 … 1 across the selected source
  kSpray,             // 0 … 1: random offset of each start, as a fraction of the source
  kScan,              // playhead speed through the source (1 = real time, 0 = still, < 0 backwards)
  kSource,            // index of the source that position/spray starts read from
  kTargetAmount,      // 0 … 1: share of grains whose start is chosen by descriptors (needs a picker)
  kTargetBrightness,  // 0 dark … 1 bright
  kTargetStability,   // 0 anything … 1 only the steadiest material
  kTargetLoudness,    // 0 quiet … 1 loud
  kMinQuality,        // 0 … 1: windows below this grain-quality score (reference §7.4) are skipped
  kPitch,             // semitones, −24 … +24
  kPitchScatter,      // semitones: each grain's pitch ± scatter
  kScaleMode,         // 0 off, 1 major, 2 minor: grain pitches snap to the scale
  kScaleRoot,         // pitch class of the scale's root, 0 (C) … 11 (B), from the analysed key
  kReverse,           // probability that a grain plays backwards
  kStereoSpread,      // 0 all centred … 1 each grain panned anywhere (equal power)
  kWindowShape,       // 0 square, 0.5 triangle, 1 Hann
  kFreeze,            // > 0.5: the playhead stops (grains keep flowing from where it stands)
  kLevel,             // output gain, linear (1 = unity)
  kCount
};

inline constexpr std::size_t kCloudParamCount = static_cast<std::size_t>(CloudParam::kCount);

enum class ScaleMode : std::uint8_t { kOff = 0, kMajor = 1, kMinor = 2 };

struct CloudParams {
  float density = 20.0f;
  float regularity = 0.0f;
  float size_ms = 120.0f;
  float size_spread = 0.0f;
  float position = 0.5f;
  float spray = 0.05f;
  float scan = 1.0f;
  float source = 0.0f;
  float target_amount = 0.0f;
  float target_brightness = 0.5f;
  float target_stability = 0.5f;
  float target_loudness = 0.5f;
  float min_quality = 0.4f;
  float pitch = 0.0f;
  float pitch_scatter = 0.0f;
  float scale_mode = 0.0f;
  float scale_root = 0.0f;
  float reverse = 0.0f;
  float stereo_spread = 0.5f;
  float window_shape = 1.0f;
  float freeze = 0.0f;
  float level = 1.0f;

  float& operator[](CloudParam p);
  float operator[](CloudParam p) const;
};

struct CloudParamInfo {
  std::string_view name;
  float min;
  float max;
  bool integer;  // rounded to the nearest whole value (source, scale mode, scale root)
};

const CloudParamInfo& cloud_param_info(CloudParam p);

// Clamps `value` into p's range (rounding integer controls); returns false for a non-finite value.
bool clamp_cloud_param(CloudParam p, float& value);

}  // namespace afterglow::gen
