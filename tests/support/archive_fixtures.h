#pragma once
// Generated recordings with known answers for the archive tools: a drum loop whose hits sit at known,
// irregular times, and a recording whose quiet stretches are known to the sample.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace afterglow::test {

struct DrumLoop {
  double rate = 0.0;
  std::vector<float> audio;
  std::vector<std::size_t> hits;  // sample of each hit's attack, ascending
};

// 16 hits — decaying noise bursts, some with a pitched body (kick/tom-like) — at irregular intervals
// of 0.42-0.71 s, peaks 0.35-0.9, over a steady background at about -60 dBFS RMS. Deterministic.
DrumLoop drum_loop(double rate, std::uint64_t seed = 7);

struct QuietStretch {
  std::size_t start = 0;
  std::size_t end = 0;  // exclusive
};

struct RoomToneRecording {
  double rate = 0.0;
  std::vector<float> audio;
  std::vector<QuietStretch> quiet;  // ascending
};

// 12 s of loud music (chords with tremolo and noise, about -12 dBFS RMS) broken by 3 quiet stretches of
// steady noise at -55 dBFS RMS, 1.0 s, 0.8 s and 1.6 s long. Deterministic.
RoomToneRecording room_tone_recording(double rate, std::uint64_t seed = 11);

}  // namespace afterglow::test
