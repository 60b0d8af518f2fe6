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

// What a mapping listens to. Exactly one per mapping.
enum class MidiSource {
  kCc,       // `cc: 21`: a controller → a parameter
  kNote,     // `note: 41`: one key → a parameter (toggle/momentary), a layer's trigger or its note
  kNotes,    // `notes: [36, 96]` or `notes: all`: a key range → a drone layer's voices
  kBend,     // `bend: true`: pitch bend → a drone's fine tune
  kProgram,  // `program: true`: Program Change (+ bank select CC 0/32) → a scene
  kClock,    // `clock: true`: MIDI clock → a tempo parameter
};
std::string_view to_string(MidiSource source);

// How a 0–1 control moves through the mapping's range; kParam: the parameter's own curve.
enum class MidiCurve { kParam, kLinear, kLog, kExp };
std::string_view to_string(MidiCurve curve);

// Key velocity → note strength: linear, soft (√: quiet playing sounds louder), hard (²), fixed (1).
enum class VelocityCurve { kLinear, kSoft, kHard, kFixed };
std::string_view to_string(VelocityCurve curve);

// A key mapped to a parameter: kAuto toggles a true/false parameter and is momentary otherwise;
// kLearn starts MIDI learn for the parameter (pressed again: confirms).
enum class NoteAction { kAuto, kMomentary, kToggle, kLearn };
std::string_view to_string(NoteAction action);

struct MidiMapping {
  MidiSource source = MidiSource::kCc;
  std::optional<int> cc;    // 0–127
  std::optional<int> note;  // 0–127
  int key_low = 0;          // notes: the key range (note: both equal `note`)
  int key_high = 127;
  int channel = 0;     // 1–16, 0 = any
  std::string target;  // a parameter id, OSC-style address or layer name; checked by the MIDI layer
  Takeover takeover = Takeover::kPickup;
  std::optional<double> range_min;  // natural units; absent: the parameter's own range
  std::optional<double> range_max;
  MidiCurve curve = MidiCurve::kParam;
  bool invert = false;
  bool fourteen_bit = false;  // cc 0–31 as MSB with cc+32 as LSB
  VelocityCurve velocity_curve = VelocityCurve::kLinear;
  bool sustain = true;      // notes: the sustain pedal (CC 64) holds note-offs
  double bend_range = 2.0;  // semitones each way
  NoteAction action = NoteAction::kAuto;
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
  std::vector<std::string> allow;  // IPv4/IPv6 addresses or CIDR blocks; empty = this machine only
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
