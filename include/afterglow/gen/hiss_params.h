#pragma once
// The Hiss's parameters: an id per control (used as Event::id), a plain struct of values in natural
// units, and each control's range. Values arriving by event are clamped to their range (a non-finite
// value is ignored), so nothing a controller sends can drive the generator out of its design space.
// Defaults are the original tool's hiss settings (reference §8, §10.1).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace afterglow::gen {

enum class HissParam : std::uint16_t {
  kSource,           // 0 white, 1 pink, 2 drum-derived loops (white when no drum material is set)
  kSlice,            // which drum loop plays (wraps around the loop count)
  kFilterMode,       // 0 band-pass (low … high), 1 high-pass
  kLowHz,            // band-pass lower edge
  kHighHz,           // band-pass upper edge
  kHighpassHz,       // high-pass cutoff
  kTremoloRateHz,    // free-running tremolo rate
  kTremoloDepth,     // 0 … 1: the gain swings between 1 − depth and 1 (reference §2.3)
  kTremoloSync,      // 0 free (rate in Hz), 1 tempo-synced (tempo × division)
  kTempoBpm,         // beats per minute, for the synced tremolo
  kTremoloDivision,  // synced tremolo cycles per beat: 0.25 one per 4/4 bar, 1 quarters, 4 sixteenths
  kBedLevel,         // the continuous hiss, linear (0 leaves only the flickers)
  kFlickerRate,      // random flicker bursts per second (Poisson); triggers come on top
  kFlickerMinMs,     // shortest burst
  kFlickerMaxMs,     // longest burst
  kFlickerGain,      // burst gain, linear
  kFlickerScatter,   // 0 bursts centred … 1 each burst panned anywhere (equal power)
  kLevel,            // output gain, linear (1 = unity)
  kCount
};

inline constexpr std::size_t kHissParamCount = static_cast<std::size_t>(HissParam::kCount);

enum class HissSource : std::uint8_t { kWhite = 0, kPink = 1, kDrums = 2 };
enum class HissFilterMode : std::uint8_t { kBandPass = 0, kHighPass = 1 };

struct HissParams {
  float source = 0.0f;
  float slice = 0.0f;
  float filter_mode = 0.0f;
  float low_hz = 5000.0f;
  float high_hz = 14000.0f;
  float highpass_hz = 6000.0f;
  float tremolo_rate_hz = 3.0f;
  float tremolo_depth = 0.6f;
  float tremolo_sync = 0.0f;
  float tempo_bpm = 120.0f;
  float tremolo_division = 1.0f;
  float bed_level = 1.0f;
  float flicker_rate = 0.0f;
  float flicker_min_ms = 50.0f;
  float flicker_max_ms = 300.0f;
  // The original normalises flickers to −3 dBFS and loops to −6 dBFS: bursts sit 3 dB above the bed.
  float flicker_gain = 1.4125375f;
  float flicker_scatter = 0.5f;
  float level = 1.0f;

  float& operator[](HissParam p);
  float operator[](HissParam p) const;
};

struct HissParamInfo {
  std::string_view name;
  float min;
  float max;
  bool integer;  // rounded to the nearest whole value (source, slice, modes)
};

const HissParamInfo& hiss_param_info(HissParam p);

// Clamps `value` into p's range (rounding integer controls); returns false for a non-finite value.
bool clamp_hiss_param(HissParam p, float& value);

}  // namespace afterglow::gen
