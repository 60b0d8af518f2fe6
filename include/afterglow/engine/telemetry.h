#pragma once
// What the audio thread reports, once per block, through a bounded SPSC queue (the status line, OSC
// feedback and the recorder read it on their own threads). A full queue drops the report and counts
// it: telemetry must never hold up the audio.

#include <array>
#include <cstddef>
#include <cstdint>

namespace afterglow::engine {

inline constexpr std::size_t kMaxLayers = 16;

struct Telemetry {
  std::uint64_t frame = 0;                               // absolute engine frame of the block's first sample
  std::uint32_t frames = 0;                              // block length
  double process_seconds = 0.0;                          // wall time spent in Engine::process for this block
  double load = 0.0;                                     // process_seconds / block period
  std::array<float, kMaxLayers> layer_peak{};            // per layer, after its fader and pan (max of L/R)
  std::array<std::uint32_t, kMaxLayers> layer_voices{};  // active grains / voices / bursts
  std::uint32_t layer_count = 0;
  float master_peak = 0.0f;             // after the limiter
  float limiter_gain = 1.0f;            // lowest limiter gain in the block (1 = no reduction)
  std::uint64_t commands_applied = 0;   // running totals
  std::uint64_t commands_dropped = 0;   // full command queues (producers' counts)
  std::uint64_t commands_deferred = 0;  // due but carried to the next block (pending buffer full)
  std::uint64_t telemetry_dropped = 0;
  std::uint64_t material_generation = 0;  // the bank playing (0 = none yet)
  // Control latency: for the commands of this block stamped with their arrival (a control thread's
  // frames_rendered() at the moment the message arrived), how many frames late the first sample they
  // affect is — 0 means the block being rendered then; a block period means the next.
  std::uint32_t stamped_commands = 0;
  std::uint32_t max_command_lateness = 0;  // frames
};

}  // namespace afterglow::engine
