#include "afterglow/render/kit_item.h"

namespace afterglow::render {

std::string_view kind_code(SampleKind kind) {
  switch (kind) {
    case SampleKind::kPad:
      return "PD";
    case SampleKind::kDroneLoop:
      return "DR";
    case SampleKind::kSwell:
      return "SW";
    case SampleKind::kCloud:
      return "CL";
    case SampleKind::kHissLoop:
      return "HS";
    case SampleKind::kFlicker:
      return "FL";
    case SampleKind::kReversed:
      return "RV";
    case SampleKind::kDrumSlice:
      return "DM";
    case SampleKind::kRoomTone:
      return "RT";
  }
  return "XX";
}

std::string_view kind_name(SampleKind kind) {
  switch (kind) {
    case SampleKind::kPad:
      return "pad";
    case SampleKind::kDroneLoop:
      return "drone";
    case SampleKind::kSwell:
      return "swell";
    case SampleKind::kCloud:
      return "cloud";
    case SampleKind::kHissLoop:
      return "hiss";
    case SampleKind::kFlicker:
      return "flicker";
    case SampleKind::kReversed:
      return "reversed";
    case SampleKind::kDrumSlice:
      return "drum";
    case SampleKind::kRoomTone:
      return "silence";
  }
  return "unknown";
}

Tr8sCategory category_of(SampleKind kind) {
  switch (kind) {
    case SampleKind::kPad:
      return Tr8sCategory::kPads;
    case SampleKind::kDroneLoop:
    case SampleKind::kReversed:
      return Tr8sCategory::kDrones;
    case SampleKind::kSwell:
      return Tr8sCategory::kSwells;
    case SampleKind::kCloud:
      return Tr8sCategory::kClouds;
    case SampleKind::kHissLoop:
    case SampleKind::kFlicker:
      return Tr8sCategory::kHiss;
    case SampleKind::kDrumSlice:
      return Tr8sCategory::kDrums;
    case SampleKind::kRoomTone:
      return Tr8sCategory::kRoomTone;
  }
  return Tr8sCategory::kPads;
}

}  // namespace afterglow::render
