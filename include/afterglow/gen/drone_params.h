#pragma once
// The Drone's parameters: an id per control (used as Event::id), a plain struct of values in natural
// units, and each control's range. Values arriving by event are clamped to their range (a non-finite
// value is ignored), so nothing a controller sends can drive the generator out of its design space.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace afterglow::gen {

enum class DroneParam : std::uint16_t {
  kTone,  // 0 dark (low-pass ~1.35 kHz) … 1/3 warm (low-pass ~3.25 kHz) … 2/3 neutral … 1 airy (high-pass
          // ~5.75 kHz)
  kAttack,    // swell attack, seconds
  kRelease,   // swell release, seconds
  kStretch,   // 1, 2, 4, 8 (nearest power of two); 16 = frozen
  kReverse,   // > 0.5 plays the loops backwards
  kLevel,     // output gain, linear (1 = unity)
  kWidth,     // 0 mono … 1 the loop's full stereo image
  kFineTune,  // cents, added to every voice's pitch
  kBend,      // cents, the pitch wheel's bend, added to fine_tune (±48 semitones reach)
  kCount
};

inline constexpr std::size_t kDroneParamCount = static_cast<std::size_t>(DroneParam::kCount);

// Points of the tone control where the original tool's variants sit.
inline constexpr float kToneDark = 0.0f;
inline constexpr float kToneWarm = 1.0f / 3.0f;
inline constexpr float kToneNeutral = 2.0f / 3.0f;
inline constexpr float kToneAiry = 1.0f;

inline constexpr float kStretchFrozen = 16.0f;

struct DroneParams {
  float tone = kToneNeutral;
  float attack = 2.0f;
  float release = 4.0f;
  float stretch = 1.0f;
  float reverse = 0.0f;
  float level = 1.0f;
  float width = 1.0f;
  float fine_tune = 0.0f;
  float bend = 0.0f;

  float& operator[](DroneParam p);
  float operator[](DroneParam p) const;
};

struct DroneParamInfo {
  std::string_view name;
  float min;
  float max;
};

const DroneParamInfo& drone_param_info(DroneParam p);

// Clamps `value` into p's range (the stretch snaps to 1, 2, 4, 8 or 16); false for a non-finite value.
bool clamp_drone_param(DroneParam p, float& value);

}  // namespace afterglow::gen
