#include "afterglow/config/live_sections.h"

namespace afterglow::config {

std::string_view to_string(AudioBackend backend) {
  switch (backend) {
    case AudioBackend::kAuto:
      return "auto";
    case AudioBackend::kJack:
      return "jack";
    case AudioBackend::kPulse:
      return "pulse";
    case AudioBackend::kAlsa:
      return "alsa";
    case AudioBackend::kOffline:
      return "offline";
  }
  return "auto";
}

std::string_view to_string(SourceRole role) {
  switch (role) {
    case SourceRole::kSource:
      return "source";
    case SourceRole::kPads:
      return "pads";
    case SourceRole::kDrums:
      return "drums";
    case SourceRole::kAny:
      return "any";
  }
  return "any";
}

std::string_view to_string(DemoMaterial demo) {
  switch (demo) {
    case DemoMaterial::kPad:
      return "pad";
    case DemoMaterial::kDrums:
      return "drums";
    case DemoMaterial::kAir:
      return "air";
  }
  return "pad";
}

std::string_view to_string(LayerType type) {
  switch (type) {
    case LayerType::kDrone:
      return "drone";
    case LayerType::kCloud:
      return "cloud";
    case LayerType::kHiss:
      return "hiss";
  }
  return "drone";
}

std::string_view to_string(Takeover takeover) {
  switch (takeover) {
    case Takeover::kJump:
      return "jump";
    case Takeover::kPickup:
      return "pickup";
    case Takeover::kScale:
      return "scale";
  }
  return "pickup";
}

}  // namespace afterglow::config
