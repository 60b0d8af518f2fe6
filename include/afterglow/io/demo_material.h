#pragma once
// The embedded demo material: about a minute of deterministic sources generated in code, so the default
// scene, the tests and a first run on a fresh machine have an "archive" to play without any audio file.
//
//   pad   32 s  stereo  a slowly evolving pad in A minor: detuned band-limited saws through a gently
//                       moving low-pass; long sustained chords (Am, Dm, F, E) with soft transitions
//   drums 16 s  stereo  a 110 BPM loop of kick, snare and sixteenth hats: transient-rich, never stable
//   air   12 s  stereo  breathy band-limited noise with slow swells: the material hiss likes
//
// Every kind is a pure function of (kind, sample rate): the same call gives the same samples.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "afterglow/io/audio_buffer.h"

namespace afterglow::io {

enum class DemoKind { kPad, kDrums, kAir };

inline constexpr std::array<DemoKind, 3> kAllDemoKinds = {DemoKind::kPad, DemoKind::kDrums, DemoKind::kAir};

// What the material was made to contain, for tests and for the analysis summary to check against.
struct DemoFacts {
  std::string_view name;  // "pad", "drums", "air": the `demo:` value in a scene
  std::string_view description;
  double duration_seconds;
  std::string_view key;  // "A minor" for the pad, empty otherwise
  double tempo_bpm;      // 110 for the drums, 0 otherwise
};

DemoFacts demo_facts(DemoKind kind);
std::optional<DemoKind> parse_demo_kind(std::string_view name);

// Renders one source at `sample_rate` (8 kHz … 192 kHz).
AudioBuffer render_demo(DemoKind kind, double sample_rate);

// The sustained chord regions of the pad, in seconds [start, end): where a pad miner should find pads.
struct TimeSpan {
  double start;
  double end;
};
std::array<TimeSpan, 6> demo_pad_chord_spans();

}  // namespace afterglow::io
