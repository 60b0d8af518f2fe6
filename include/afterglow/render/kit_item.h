#pragma once
// One rendered sound offered to the TR-8S exporter: the audio as a phase produced it, and what the kit
// needs to know about it to name, file, grade and budget it.

#include <optional>
#include <string>
#include <string_view>

#include "afterglow/io/audio_buffer.h"
#include "afterglow/render/grading.h"
#include "afterglow/render/manifest.h"
#include "afterglow/render/tr8s_limits.h"

namespace afterglow::render {

enum class SampleKind {
  kPad,        // mined pad loop
  kDroneLoop,  // drone loop: base, pitch, stretch and tonal variants
  kSwell,
  kCloud,
  kHissLoop,
  kFlicker,
  kReversed,  // reversed drone loop
  kDrumSlice,
  kRoomTone,  // a quiet, steady stretch of a recording (mine_silences.py's "silence")
};

// The two-letter code that opens a sample's TR-8S name: PD, DR, SW, CL, HS, FL, RV, DM, RT.
std::string_view kind_code(SampleKind kind);
// The reference's manifest `type`: pad, drone, swell, cloud, hiss, flicker, reversed, drum, silence.
std::string_view kind_name(SampleKind kind);
// The kit folder: pads -> PADS; drone loops and reversed loops -> DRONES; swells -> SWELLS; clouds ->
// CLOUDS; hiss loops and flickers -> HISS; drum slices -> DRUMS; room tone -> ROOMTONE (its own folder:
// a bed laid under a pattern is chosen differently from a hiss loop, and it must not eat HISS's
// 256-file folder limit).
Tr8sCategory category_of(SampleKind kind);

struct KitItem {
  io::AudioBuffer audio;  // 1 or 2 channels at any rate; the exporter converts
  SampleKind kind = SampleKind::kPad;
  std::string source_stem;  // the source file's stem, or "synthetic"
  // Variant words as the afterglow layout spells them, separated by '_' or spaces: "dark", "warm",
  // "airy", "neutral", "bright", "mid", "original", "tuned", "pitch_+7", "stretch_2.0x"... Empty for none.
  std::string variant;
  std::string descriptive_name;  // the afterglow layout's file name, kept in the manifest as `filename`
  std::optional<Grade> grade;    // computed by the exporter from the audio when absent
  ManifestRow metadata;          // the afterglow manifest row of this sound, extended by the exporter
  bool is_loop = false;          // a seamless loop: exported repeated to the loop length, with fades
};

}  // namespace afterglow::render
