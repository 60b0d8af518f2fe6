#pragma once
// The sections only the live engine has: audio engine settings, the sources to analyse, the layers
// that play, MIDI and OSC control, and the TR-8S export budget. Parsed and validated now, before the
// code that uses them exists, so that the scene format is one thing from the start.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/config/value.h"

namespace afterglow::config {

enum class AudioBackend { kAuto, kJack, kPulse, kAlsa, kOffline };
std::string_view to_string(AudioBackend backend);

struct EngineConfig {
  int sample_rate = 48000;  // Hz, 8000–192000
  int block_size = 256;     // frames, a power of two 16–4096
  AudioBackend backend = AudioBackend::kAuto;
  std::optional<std::string> device_name;  // `device: "Scarlett 2i2"`
  std::optional<int> device_index;         // `device: 3`
  std::optional<long long> seed;
};

enum class SourceRole { kSource, kPads, kDrums, kAny };
std::string_view to_string(SourceRole role);

// The embedded demo material (generated in code, no file on disk).
enum class DemoMaterial { kPad, kDrums, kAir };
std::string_view to_string(DemoMaterial demo);

struct SourceSpec {
  std::string path;                  // as written; Scene::resolve() makes it absolute. Empty for demo.
  std::optional<DemoMaterial> demo;  // set instead of path
  SourceRole role = SourceRole::kAny;
  std::vector<std::string> tags;
  bool recursive = true;
  bool from_paths_section = false;  // derived from the original's paths.*_dir keys
  SourceLocation where;
};

enum class LayerType { kDrone, kCloud, kHiss };
std::string_view to_string(LayerType type);

struct LayerSpec {
  LayerType type = LayerType::kDrone;
  std::string name;                  // unique; defaults to type + index within the type ("cloud2")
  std::vector<std::string> sources;  // source roles or tags; empty = every source
  double level = 1.0;                // linear gain, 0–2
  double pan = 0.0;                  // −1 (left) … 1 (right)
  bool mute = false;
  FieldList params;  // checked later by the parameter registry
  SourceLocation where;
};

enum class Takeover { kJump, kPickup, kScale };
std::string_view to_string(Takeover takeover);

struct MidiMapping {
  std::optional<int> cc;    // 0–127
  std::optional<int> note;  // 0–127
  int channel = 0;          // 1–16, 0 = any
  std::string target;       // a parameter id or OSC-style address; checked by the registry
  Takeover takeover = Takeover::kPickup;
  FieldList fields;  // every key as written, including the ones above
  SourceLocation where;
};

struct MidiConfig {
  std::vector<std::string> inputs;  // port names (substring match is the MIDI layer's business)
  std::vector<MidiMapping> mappings;
};

struct OscFeedback {
  std::string host;
  int port = 0;
};

struct OscConfig {
  bool enabled = true;
  int port = 9000;                 // 1–65535
  std::vector<std::string> allow;  // IPv4/IPv6 addresses or CIDR blocks; empty = everyone
  std::vector<OscFeedback> feedback;
};

struct Tr8sConfig {
  std::string kit_name = "AFTERGLOW";  // ≤ 16 of [A-Z0-9_-]
  int sample_rate = 44100;             // 44100 or 48000
  int bit_depth = 16;                  // 16 or 24
  bool stereo = false;
  double loop_length_sec = 8.0;  // > 0, ≤ 180
  double headroom = 0.10;        // linear fraction below full scale, 0–0.5
  int max_samples = 400;         // 1–400
  double max_total_sec = 600.0;  // > 0, ≤ 600
  double max_file_sec = 180.0;   // > 0, ≤ 180
  bool dither = true;
};

}  // namespace afterglow::config
