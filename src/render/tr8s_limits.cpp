#include "afterglow/render/tr8s_limits.h"

namespace afterglow::render {

std::string_view folder_name(Tr8sCategory category) {
  switch (category) {
    case Tr8sCategory::kPads:
      return "PADS";
    case Tr8sCategory::kDrones:
      return "DRONES";
    case Tr8sCategory::kSwells:
      return "SWELLS";
    case Tr8sCategory::kClouds:
      return "CLOUDS";
    case Tr8sCategory::kHiss:
      return "HISS";
    case Tr8sCategory::kDrums:
      return "DRUMS";
    case Tr8sCategory::kRoomTone:
      return "ROOMTONE";
  }
  return "PADS";
}

double mono_equivalent_seconds(double duration_sec, std::size_t channels, double sample_rate) {
  return duration_sec * static_cast<double>(channels) * (sample_rate / kTr8sReferenceRate);
}

bool is_tr8s_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_valid_tr8s_name(std::string_view name) {
  if (name.empty() || name.size() > kTr8sMaxNameLength) return false;
  for (char c : name) {
    if (!is_tr8s_name_char(c)) return false;
  }
  return true;
}

}  // namespace afterglow::render
