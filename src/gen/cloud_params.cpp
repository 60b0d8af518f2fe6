#include "afterglow/gen/cloud_params.h"

#include <array>
#include <cmath>

namespace afterglow::gen {

namespace {

// The order of CloudParam. Density tops out near one grain per sample at 48 kHz (the scheduler never
// starts two grains on the same sample); sizes below 5 ms are clicks rather than grains.
constexpr std::array<CloudParamInfo, kCloudParamCount> kInfo{{
    {"density", 0.0f, 40000.0f, false},
    {"regularity", 0.0f, 1.0f, false},
    {"size_ms", 5.0f, 4000.0f, false},
    {"size_spread", 0.0f, 1.0f, false},
    {"position", 0.0f, 1.0f, false},
    {"spray", 0.0f, 1.0f, false},
    {"scan", -4.0f, 4.0f, false},
    {"source", 0.0f, 1023.0f, true},
    {"target_amount", 0.0f, 1.0f, false},
    {"target_brightness", 0.0f, 1.0f, false},
    {"target_stability", 0.0f, 1.0f, false},
    {"target_loudness", 0.0f, 1.0f, false},
    {"min_quality", 0.0f, 1.0f, false},
    {"pitch", -24.0f, 24.0f, false},
    {"pitch_scatter", 0.0f, 24.0f, false},
    {"scale_mode", 0.0f, 2.0f, true},
    {"scale_root", 0.0f, 11.0f, true},
    {"reverse", 0.0f, 1.0f, false},
    {"stereo_spread", 0.0f, 1.0f, false},
    {"window_shape", 0.0f, 1.0f, false},
    {"freeze", 0.0f, 1.0f, false},
    {"level", 0.0f, 2.0f, false},
}};

}  // namespace

namespace {
// Enum order, so the enum and the struct stay one table.
constexpr std::array<float CloudParams::*, kCloudParamCount> kMembers{
    &CloudParams::density,
    &CloudParams::regularity,
    &CloudParams::size_ms,
    &CloudParams::size_spread,
    &CloudParams::position,
    &CloudParams::spray,
    &CloudParams::scan,
    &CloudParams::source,
    &CloudParams::target_amount,
    &CloudParams::target_brightness,
    &CloudParams::target_stability,
    &CloudParams::target_loudness,
    &CloudParams::min_quality,
    &CloudParams::pitch,
    &CloudParams::pitch_scatter,
    &CloudParams::scale_mode,
    &CloudParams::scale_root,
    &CloudParams::reverse,
    &CloudParams::stereo_spread,
    &CloudParams::window_shape,
    &CloudParams::freeze,
    &CloudParams::level,
};
}  // namespace

float& CloudParams::operator[](CloudParam p) {
  return this->*kMembers[static_cast<std::size_t>(p)];
}
float CloudParams::operator[](CloudParam p) const {
  return this->*kMembers[static_cast<std::size_t>(p)];
}

const CloudParamInfo& cloud_param_info(CloudParam p) {
  return kInfo[static_cast<std::size_t>(p)];
}

bool clamp_cloud_param(CloudParam p, float& value) {
  if (static_cast<std::size_t>(p) >= kCloudParamCount || !std::isfinite(value)) return false;
  const CloudParamInfo& info = kInfo[static_cast<std::size_t>(p)];
  if (info.integer) value = std::nearbyint(value);
  value = value < info.min ? info.min : (value > info.max ? info.max : value);
  return true;
}

}  // namespace afterglow::gen
