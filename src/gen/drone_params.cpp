#include "afterglow/gen/drone_params.h"

#include <array>
#include <cmath>

namespace afterglow::gen {

namespace {

// The order of DroneParam. Swell times below 5 ms would turn a note's start into a click on low,
// loud material; a minute is the longest swell anyone has asked of a drone.
constexpr std::array<DroneParamInfo, kDroneParamCount> kInfo{{
    {"tone", 0.0f, 1.0f},
    {"attack", 0.005f, 60.0f},
    {"release", 0.005f, 60.0f},
    {"stretch", 1.0f, kStretchFrozen},
    {"reverse", 0.0f, 1.0f},
    {"level", 0.0f, 2.0f},
    {"width", 0.0f, 1.0f},
    {"fine_tune", -100.0f, 100.0f},
    {"bend", -4800.0f, 4800.0f},
}};

constexpr std::array<float DroneParams::*, kDroneParamCount> kMembers{
    &DroneParams::tone,    &DroneParams::attack, &DroneParams::release, &DroneParams::stretch,
    &DroneParams::reverse, &DroneParams::level,  &DroneParams::width,   &DroneParams::fine_tune,
    &DroneParams::bend,
};

}  // namespace

float& DroneParams::operator[](DroneParam p) {
  return this->*kMembers[static_cast<std::size_t>(p)];
}
float DroneParams::operator[](DroneParam p) const {
  return this->*kMembers[static_cast<std::size_t>(p)];
}

const DroneParamInfo& drone_param_info(DroneParam p) {
  return kInfo[static_cast<std::size_t>(p)];
}

bool clamp_drone_param(DroneParam p, float& value) {
  if (static_cast<std::size_t>(p) >= kDroneParamCount || !std::isfinite(value)) return false;
  const DroneParamInfo& info = kInfo[static_cast<std::size_t>(p)];
  value = value < info.min ? info.min : (value > info.max ? info.max : value);
  if (p == DroneParam::kStretch) value = std::exp2(std::nearbyint(std::log2(value)));
  return true;
}

}  // namespace afterglow::gen
