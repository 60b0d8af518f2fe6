#pragma once
// `afterglow replay`: a recorded session (session_recorder.h) rendered again offline from its scene
// snapshot, seed, engine settings and events — the same samples as its session.wav. The material is
// analysed again from the scene's sources (through the analysis cache when given) and each bank is
// adopted at the frame the recording logged, so layers fade in exactly where they did live.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "afterglow/analysis/analysis_cache.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/engine.h"
#include "afterglow/io/audio_buffer.h"

namespace afterglow::engine {

// session.json, as written by the recorder.
struct SessionDescription {
  std::filesystem::path dir;
  std::filesystem::path scene_base_dir;
  EngineSettings engine;  // the seed and the settings the session ran with
  double sample_rate = 48000.0;
  std::size_t block = 256;
  std::size_t max_block = 256;
  std::uint64_t start_frame = 0;
  std::uint64_t end_frame = 0;  // the take's last frame + 1
  bool complete = false;        // no dropped frames or lost commands, ended cleanly
  std::string stopped_by;
};

// kNotFound / kInvalidConfig with the file's name when session.json is missing or malformed.
Result<SessionDescription> read_session(const std::filesystem::path& dir);

struct ReplayOptions {
  std::size_t threads = 1;  // analysis threads
  std::shared_ptr<const analysis::AnalysisCache> cache;
};

// Renders the session from frame 0 and hands the take's frames [start_frame, end_frame) to `sink` in
// consecutive pieces (stereo at the session's rate), so memory stays bounded by one piece. A sink
// error stops the replay and is returned.
using ReplaySink = std::function<Status(const io::AudioBuffer& piece)>;
Status replay_session(const SessionDescription& session, const ReplayOptions& options, const ReplaySink& sink);
// The whole take in memory (tests, short takes).
Result<io::AudioBuffer> replay_session(const SessionDescription& session, const ReplayOptions& options = {});

}  // namespace afterglow::engine
