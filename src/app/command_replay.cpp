// `afterglow replay SESSION_DIR [--out FILE]`: renders a recorded session again offline (the engine,
// the scene snapshot, the seed and the recorded events) and compares it with the session's own
// session.wav. Exit 0 when they are identical sample for sample, 1 when they differ or the replay
// failed, 2 when the folder is not a readable session.

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/core/log.h"
#include "afterglow/engine/session_replay.h"
#include "afterglow/io/export_root.h"
#include "afterglow/io/streaming_wav.h"

namespace afterglow::app {
namespace {

namespace fs = std::filesystem;

struct ReplayCommandOptions {
  std::string session;
  std::string out;
  std::size_t jobs = 2;
};

// Reads the recorded session.wav piece by piece alongside the replay.
class RecordedTake {
 public:
  explicit RecordedTake(const fs::path& path) {
    SF_INFO info{};
    file_ = sf_open(path.c_str(), SFM_READ, &info);
    if (file_ != nullptr) {
      channels_ = info.channels;
      frames_ = static_cast<std::uint64_t>(info.frames);
    }
  }
  ~RecordedTake() {
    if (file_ != nullptr) sf_close(file_);
  }
  RecordedTake(const RecordedTake&) = delete;
  RecordedTake& operator=(const RecordedTake&) = delete;

  bool open() const { return file_ != nullptr && channels_ == 2; }
  std::uint64_t frames() const { return frames_; }

  // Compares the next piece; remembers the first difference and the largest.
  void compare(const io::AudioBuffer& piece) {
    const std::size_t n = piece.frames();
    buffer_.resize(2 * n);
    const auto got = static_cast<std::size_t>(sf_readf_float(file_, buffer_.data(), static_cast<sf_count_t>(n)));
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t c = 0; c < 2; ++c) {
        const float recorded = i < got ? buffer_[2 * i + c] : 0.0f;
        const float replayed = piece.channels[c][i];
        if (recorded != replayed || i >= got) {
          if (!first_difference_) first_difference_ = compared_ + i;
          max_difference_ = std::max(max_difference_, std::fabs(static_cast<double>(recorded) - replayed));
        }
      }
    }
    compared_ += n;
  }
  std::optional<std::uint64_t> first_difference() const { return first_difference_; }
  double max_difference() const { return max_difference_; }

 private:
  SNDFILE* file_ = nullptr;
  int channels_ = 0;
  std::uint64_t frames_ = 0;
  std::vector<float> buffer_;
  std::uint64_t compared_ = 0;
  std::optional<std::uint64_t> first_difference_;
  double max_difference_ = 0.0;
};

int run_replay(const ReplayCommandOptions& options) {
  auto session = engine::read_session(options.session);
  if (!session) {
    log::error("{}", session.error().what());
    return kExitUsage;
  }
  if (!session->complete) {
    log::warn("the session is marked incomplete ({}): the replay may differ from session.wav",
              session->stopped_by.empty() ? "dropped frames or lost commands" : session->stopped_by);
  }
  const fs::path out = options.out.empty() ? fs::path(options.session) / "replay.wav" : fs::path(options.out);
  const io::ExportRoot root = io::ExportRoot::from_environment(fs::absolute(out).parent_path());
  auto target = root.check(out);
  if (!target) {
    log::error("{}", target.error().what());
    return kExitFailure;
  }
  auto writer = io::StreamingWavWriter::create(*target, {session->sample_rate, 2, {}});
  if (!writer) {
    log::error("{}", writer.error().what());
    return kExitFailure;
  }
  RecordedTake recorded(fs::path(options.session) / "session.wav");
  if (!recorded.open()) log::warn("no readable stereo session.wav to compare with");

  engine::ReplayOptions replay;
  replay.threads = std::max<std::size_t>(1, options.jobs);
  std::vector<float> interleaved;
  Status s = engine::replay_session(*session, replay, [&](const io::AudioBuffer& piece) -> Status {
    interleaved.resize(2 * piece.frames());
    for (std::size_t i = 0; i < piece.frames(); ++i) {
      interleaved[2 * i] = piece.channels[0][i];
      interleaved[2 * i + 1] = piece.channels[1][i];
    }
    if (recorded.open()) recorded.compare(piece);
    return (*writer)->write(interleaved);
  });
  if (Status closed = (*writer)->close(); s && !closed) s = closed;
  if (!s) {
    log::error("replay failed: {}", s.error().what());
    return kExitFailure;
  }
  const double seconds = static_cast<double>((*writer)->frames()) / session->sample_rate;
  std::printf("afterglow replay: %.2f s from %s written to %s\n", seconds, options.session.c_str(),
              target->string().c_str());
  if (!recorded.open()) return kExitOk;
  if (recorded.frames() != (*writer)->frames()) {
    std::printf("  differs from session.wav: %llu recorded frames, %llu replayed\n",
                static_cast<unsigned long long>(recorded.frames()),
                static_cast<unsigned long long>((*writer)->frames()));
    return kExitFailure;
  }
  if (recorded.first_difference()) {
    std::printf("  differs from session.wav from frame %llu on (largest difference %.3g)\n",
                static_cast<unsigned long long>(*recorded.first_difference()), recorded.max_difference());
    return kExitFailure;
  }
  std::printf("  identical to session.wav, sample for sample\n");
  return kExitOk;
}

}  // namespace

void register_replay_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<ReplayCommandOptions>();
  auto* cmd = root.add_subcommand("replay", "Render a recorded session again and compare it with its recording");
  cmd->footer(
      R"(Rebuilds the engine from the session's scene snapshot, seed and settings, analyses the scene's
sources again, plays the recorded events at their frames and writes the take as 32-bit float WAV.
Exit 0 when the replay equals session.wav sample for sample, 1 when it differs or fails, 2 when the
folder is not a readable session. See docs/live.md.

Examples:
  afterglow replay export/sessions/20261127-201500
  afterglow replay export/sessions/20261127-201500 --out take.wav)");
  cmd->add_option("session", options->session, "A session folder (<export>/sessions/<YYYYmmdd-HHMMSS>)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", options->out, "Where to write the replay (default SESSION/replay.wav)");
  cmd->add_option("--jobs", options->jobs, "Analysis threads (default 2)")->check(CLI::Range(1, 64));
  cmd->callback([options, &exit_code] { exit_code = run_replay(*options); });
}

}  // namespace afterglow::app
