#pragma once
// Drives an Engine without an audio device: pulls process() in a loop of a fixed block size, either as
// fast as possible (rendering, tests) or paced to the block period (a headless run). A scripted
// command list (an events file) is fed through the engine's own command queue a block ahead of its
// frames, exactly as a control thread would, so a render exercises the live path.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/engine/engine.h"
#include "afterglow/io/audio_buffer.h"
#include "afterglow/io/wav_writer.h"

namespace afterglow::engine {

struct OfflineOptions {
  std::size_t block = 256;   // frames per process() call
  bool paced = false;        // sleep to the block period between calls (a headless live run)
  std::size_t producer = 0;  // the engine command queue the script uses
};

// What the engine reported over the driver's runs (the driver consumes the telemetry queue).
struct RunSummary {
  std::uint64_t blocks = 0;
  float master_peak = 0.0f;  // after the limiter
  double mean_load = 0.0;    // time in process() / block period
  double max_load = 0.0;
  float min_limiter_gain = 1.0f;
  std::uint64_t deadline_misses = 0;  // blocks whose process() took longer than the block period
};

class OfflineDriver {
 public:
  // The engine must be prepared with max_block ≥ 1 (blocks longer than its max_block are split by it).
  OfflineDriver(Engine& engine, const OfflineOptions& options);

  // Commands to play, any order (sorted here by frame, stable). Replaces the previous script.
  void set_script(std::vector<Command> commands);

  // Renders `frames` more frames, appended to `out` (stereo at the engine rate; allocated up front).
  // `stop` (optional) ends a paced run early from another thread.
  void run(std::size_t frames, io::AudioBuffer& out, const std::atomic<bool>* stop = nullptr);
  // Renders `frames` frames into a new buffer.
  io::AudioBuffer render(std::size_t frames);

  // Renders `frames` and writes them as WAV (io::write_wav, after each part is rendered). A run that
  // fits in `max_file_seconds` is one file at `path`; a longer one is written in consecutive parts,
  // <stem>_001.wav, <stem>_002.wav …, so memory stays bounded by one part (sample-continuous: the
  // parts concatenate to the single render).
  Result<std::vector<io::WavWriteReport>> render_wav(const std::filesystem::path& path, std::size_t frames,
                                                     int bit_depth = 24, double max_file_seconds = 1800.0);

  // Commands the queue refused (full) and that were retried on a later block.
  std::uint64_t retried() const { return retried_; }
  std::size_t remaining_script() const { return script_.size() - next_; }
  const RunSummary& summary() const { return summary_; }

 private:
  void feed(std::uint64_t until) noexcept;

  Engine& engine_;
  OfflineOptions options_;
  CommandSender sender_;
  std::vector<Command> script_;
  std::size_t next_ = 0;
  std::uint64_t retried_ = 0;
  RunSummary summary_;
  double load_sum_ = 0.0;
};

// Writes a rendered buffer as 24-bit WAV (io::write_wav: atomic, export-root contained).
Result<io::WavWriteReport> write_render(const std::filesystem::path& path, const io::AudioBuffer& audio,
                                        int bit_depth = 24);

}  // namespace afterglow::engine
