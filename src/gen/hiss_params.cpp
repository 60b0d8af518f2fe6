#include "afterglow/gen/hiss_params.h"

#include <array>
#include <cmath>

namespace afterglow::gen {

namespace {

// The order of HissParam. Bursts are 30–500 ms as the issue asks; the flicker rate tops out where
// bursts of half a second would overlap some 25 deep, far past any musical use.
constexpr std::array<HissParamInfo, kHissParamCount> kInfo{{
    {"source", 0.0f, 2.0f, true},
    {"slice", 0.0f, 1023.0f, true},
    {"filter_mode", 0.0f, 1.0f, true},
    {"low_hz", 20.0f, 20000.0f, false},
    {"high_hz", 20.0f, 20000.0f, false},
    {"highpass_hz", 20.0f, 20000.0f, false},
    {"tremolo_rate_hz", 0.0f, 40.0f, false},
    {"tremolo_depth", 0.0f, 1.0f, false},
    {"tremolo_sync", 0.0f, 1.0f, true},
    {"tempo_bpm", 20.0f, 300.0f, false},
    {"tremolo_division", 0.0625f, 16.0f, false},
    {"bed_level", 0.0f, 2.0f, false},
    {"flicker_rate", 0.0f, 50.0f, false},
    {"flicker_min_ms", 30.0f, 500.0f, false},
    {"flicker_max_ms", 30.0f, 500.0f, false},
    {"flicker_gain", 0.0f, 4.0f, false},
    {"flicker_scatter", 0.0f, 1.0f, false},
    {"level", 0.0f, 2.0f, false},
}};

// Enum order, so the enum and the struct stay one table.
constexpr std::array<float HissParams::*, kHissParamCount> kMembers{
    &HissParams::source,           &HissParams::slice,
    &HissParams::filter_mode,      &HissParams::low_hz,
    &HissParams::high_hz,          &HissParams::highpass_hz,
    &HissParams::tremolo_rate_hz,  &HissParams::tremolo_depth,
    &HissParams::tremolo_sync,     &HissParams::tempo_bpm,
    &HissParams::tremolo_division, &HissParams::bed_level,
    &HissParams::flicker_rate,     &HissParams::flicker_min_ms,
    &HissParams::flicker_max_ms,   &HissParams::flicker_gain,
    &HissParams::flicker_scatter,  &HissParams::level,
};

}  // namespace

float& HissParams::operator[](HissParam p) {
  return this->*kMembers[static_cast<std::size_t>(p)];
}
float HissParams::operator[](HissParam p) const {
  return this->*kMembers[static_cast<std::size_t>(p)];
}

const HissParamInfo& hiss_param_info(HissParam p) {
  return kInfo[static_cast<std::size_t>(p)];
}

bool clamp_hiss_param(HissParam p, float& value) {
  if (static_cast<std::size_t>(p) >= kHissParamCount || !std::isfinite(value)) return false;
  const HissParamInfo& info = kInfo[static_cast<std::size_t>(p)];
  if (info.integer) value = std::nearbyint(value);
  value = value < info.min ? info.min : (value > info.max ? info.max : value);
  return true;
}

}  // namespace afterglow::gen
