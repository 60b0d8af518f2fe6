#pragma once
// Session recording (design §4, issue 6): what the engine plays, written to
// <export>/sessions/<YYYYmmdd-HHMMSS>/ as session.wav (32-bit float; RF64 past 4 GB), events.jsonl
// (every command the engine applied, at the frame it applied it, and the frame each material bank was
// adopted), scene.yaml (the scene as it was loaded) and session.json (seed, rate, block, engine
// settings, the take's first and last frame). `afterglow replay` renders the same samples from them.
//
// Threads. The audio thread only copies: applied commands into a log queue, output frames into a
// ring of ring_seconds (≥ 10 s), start/stop into a marker queue — never blocking; a full ring drops
// the frames and counts them, a full log queue drops and counts the entry. A writer thread drains all
// three every poll interval, writes the files, and rewrites the WAV header at least every
// header_interval, so a killed process loses at most that much. A write that fails (a full disk)
// ends the take with a message; the audio thread is not told and plays on.
//
// A take starts and stops with a kRecord command (from `--record`, an events file, OSC or MIDI), so it
// begins and ends at an exact frame. Every take's events.jsonl holds the whole command history from
// frame 0, because the sound at the take's first frame depends on everything before it; the writer
// keeps that history in a temporary file (std::tmpfile), not in memory.

#include <readerwriterqueue/readerwriterqueue.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "afterglow/core/error.h"
#include "afterglow/core/spsc_ring.h"
#include "afterglow/engine/command.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/events_file.h"
#include "afterglow/engine/param_registry.h"

namespace afterglow::io {
class StreamingWavWriter;
}

namespace afterglow::engine {

// What session.json records so that a replay can rebuild the engine.
struct SessionSettings {
  std::string scene_text;                 // written as scene.yaml
  std::filesystem::path scene_path;       // where it was loaded from (for the user)
  std::filesystem::path scene_base_dir;   // where its relative paths resolve
  double sample_rate = 48000.0;
  std::size_t block = 256;      // frames per process() call
  std::size_t max_block = 256;  // the engine's split size
  std::string backend;
  EngineSettings engine;
};

struct RecorderOptions {
  std::filesystem::path export_dir;  // sessions/ is created below it (containment checked)
  double ring_seconds = 20.0;
  double header_interval_seconds = 0.5;
  std::chrono::milliseconds poll{20};
  std::size_t log_capacity = 1 << 16;  // applied commands between two polls
  std::size_t history_limit = 1 << 26;  // commands kept for later takes (32 bytes each, on disk)
  std::function<int(std::uint64_t)> write_fault;  // test seam (io::StreamingWavOptions)
};

class SessionRecorder {
 public:
  struct Report {
    std::vector<std::filesystem::path> sessions;  // one folder per take, in order
    bool recording = false;
    std::uint64_t frames_written = 0;  // by all takes
    std::uint64_t dropped_frames = 0;  // the ring was full
    std::uint64_t lost_commands = 0;   // the log queue was full or the history limit reached
    std::optional<Error> error;        // the last failure (the take it hit was ended)
  };

  // Allocates the ring and starts the writer thread. Not realtime.
  SessionRecorder(const ParamRegistry& registry, SessionSettings settings, RecorderOptions options);
  ~SessionRecorder();
  SessionRecorder(const SessionRecorder&) = delete;
  SessionRecorder& operator=(const SessionRecorder&) = delete;

  // Audio thread (called by the Engine). Realtime safe.
  void on_command(std::uint64_t frame, const Command& command) noexcept;
  void on_material(std::uint64_t frame, MaterialStage stage) noexcept;
  // The block's output, first frame `first`; takes start and stop inside it at their commands' frames.
  void capture(std::uint64_t first, const float* left, const float* right, std::size_t frames) noexcept;

  // Control side, after the audio has stopped: ends an open take at the last captured frame, writes
  // everything, joins the writer. Safe to call twice (the destructor calls it).
  void finish();
  Report report() const;

 private:
  struct Marker {
    bool start = false;
    std::uint64_t frame = 0;
    std::uint64_t position = 0;  // ring total (floats) at the marker
    std::uint64_t dropped = 0;   // dropped frames and lost entries so far, at the marker
    std::uint64_t lost = 0;
  };
  struct LogEntry {
    Command command;
    bool material = false;
  };
  struct Toggle {
    std::uint64_t frame = 0;
    bool start = false;
  };
  struct Take;

  void push_frames(const float* left, const float* right, std::size_t frames) noexcept;
  void run();
  void pump();
  void drain_audio(std::uint64_t until);
  void open_take(const Marker& start);
  void close_take(const Marker& stop, const std::string& stopped_by);
  void fail_take(const Error& error);
  void write_session_json(const Take& take, bool final, const std::string& stopped_by);
  std::string entry_line(const LogEntry& entry) const;

  const ParamRegistry& registry_;
  SessionSettings settings_;
  RecorderOptions options_;

  // Audio-thread state.
  SpscRing<float> ring_;
  std::vector<float> interleave_;
  moodycamel::ReaderWriterQueue<Marker> markers_{64};
  moodycamel::ReaderWriterQueue<LogEntry> log_;
  static constexpr std::size_t kMaxToggles = 16;
  Toggle toggles_[kMaxToggles];
  std::size_t toggle_count_ = 0;
  bool armed_ = false;
  std::atomic<std::uint64_t> dropped_frames_{0};
  std::atomic<std::uint64_t> lost_entries_{0};
  std::atomic<std::uint64_t> captured_end_{0};  // frame after the last captured block

  // Writer-thread state.
  // Every applied command since frame 0, for the takes to come: spooled to an anonymous temporary file,
  // so a long evening of control floods costs disk, not memory.
  std::FILE* history_ = nullptr;
  std::size_t history_count_ = 0;
  std::vector<float> chunk_;
  std::unique_ptr<Take> take_;
  std::chrono::steady_clock::time_point last_header_;

  mutable std::mutex report_mutex_;  // never taken by the audio thread
  Report report_;
  std::atomic<bool> stop_{false};
  std::thread writer_;
  bool finished_ = false;
};

}  // namespace afterglow::engine
