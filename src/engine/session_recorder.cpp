#include "afterglow/engine/session_recorder.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "afterglow/core/log.h"
#include "afterglow/io/export_root.h"
#include "afterglow/io/streaming_wav.h"

namespace afterglow::engine {
namespace {

constexpr std::size_t kChannels = 2;
constexpr std::size_t kChunkFrames = 8192;

std::string timestamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return text;
}

}  // namespace

struct SessionRecorder::Take {
  std::filesystem::path dir;
  std::unique_ptr<io::StreamingWavWriter> wav;
  std::FILE* events = nullptr;
  std::uint64_t start_frame = 0;
  std::uint64_t dropped_at_start = 0;
  std::uint64_t lost_at_start = 0;
  std::optional<std::uint64_t> stop_frame;  // known once its stop marker is read
  std::uint64_t dropped_at_stop = 0;
  std::uint64_t lost_at_stop = 0;
  bool failed = false;                      // a write failed: drain and discard until the stop marker
};

SessionRecorder::SessionRecorder(const ParamRegistry& registry, SessionSettings settings,
                                 RecorderOptions options)
    : registry_(registry),
      settings_(std::move(settings)),
      options_(std::move(options)),
      ring_(kChannels * static_cast<std::size_t>(std::max(10.0, options_.ring_seconds) *
                                                 settings_.sample_rate)),
      interleave_(kChannels * 1024),
      log_(options_.log_capacity) {
  chunk_.resize(kChannels * kChunkFrames);
  history_ = std::tmpfile();
  if (history_ == nullptr) log::warn("recording: no temporary file for the command history; later takes may not replay");
  writer_ = std::thread([this] { run(); });
}

SessionRecorder::~SessionRecorder() {
  finish();
  if (history_ != nullptr) std::fclose(history_);
}

// ---------------------------------------------------------------------------------------------------
// Audio thread.

void SessionRecorder::on_command(std::uint64_t frame, const Command& command) noexcept {
  if (command.type == CommandType::kRecord && toggle_count_ < kMaxToggles) {
    toggles_[toggle_count_++] = {frame, command.value > 0.5f};
  }
  LogEntry entry{command, false};
  entry.command.frame_time = frame;
  if (!log_.try_enqueue(entry)) lost_entries_.fetch_add(1, std::memory_order_relaxed);
}

void SessionRecorder::on_material(std::uint64_t frame, MaterialStage stage) noexcept {
  LogEntry entry;
  entry.material = true;
  entry.command.frame_time = frame;
  entry.command.note = static_cast<std::int16_t>(stage);
  if (!log_.try_enqueue(entry)) lost_entries_.fetch_add(1, std::memory_order_relaxed);
}

void SessionRecorder::push_frames(const float* left, const float* right, std::size_t frames) noexcept {
  const std::size_t per_pass = interleave_.size() / kChannels;
  for (std::size_t done = 0; done < frames;) {
    const std::size_t n = std::min(per_pass, frames - done);
    const std::size_t fits = std::min(n, ring_.room() / kChannels);
    for (std::size_t i = 0; i < fits; ++i) {
      interleave_[kChannels * i] = left[done + i];
      interleave_[kChannels * i + 1] = right[done + i];
    }
    ring_.write(std::span<const float>(interleave_.data(), kChannels * fits));
    if (fits < n) dropped_frames_.fetch_add(n - fits, std::memory_order_relaxed);
    done += n;
  }
}

void SessionRecorder::capture(std::uint64_t first, const float* left, const float* right,
                              std::size_t frames) noexcept {
  const std::uint64_t end = first + frames;
  std::uint64_t at = first;
  std::size_t used = 0;
  for (; used < toggle_count_ && toggles_[used].frame < end; ++used) {
    const Toggle& t = toggles_[used];
    const std::uint64_t frame = std::max(t.frame, first);
    if (armed_ && frame > at) push_frames(left + (at - first), right + (at - first), frame - at);
    at = std::max(at, frame);
    if (t.start != armed_) {
      // A full marker queue (64 toggles unread) loses the toggle: the take's bounds stay consistent.
      const Marker marker{t.start, frame, ring_.written(), dropped_frames_.load(std::memory_order_relaxed),
                          lost_entries_.load(std::memory_order_relaxed)};
      if (markers_.try_enqueue(marker)) armed_ = t.start;
    }
  }
  if (armed_ && end > at) push_frames(left + (at - first), right + (at - first), end - at);
  // Toggles for later blocks move to the front.
  std::copy(toggles_ + used, toggles_ + toggle_count_, toggles_);
  toggle_count_ -= used;
  captured_end_.store(end, std::memory_order_release);
}

// ---------------------------------------------------------------------------------------------------
// Writer thread.

void SessionRecorder::run() {
  while (true) {
    const bool stopping = stop_.load(std::memory_order_acquire);
    pump();
    if (stopping) break;
    std::this_thread::sleep_for(options_.poll);
  }
}

std::string SessionRecorder::entry_line(const LogEntry& entry) const {
  if (entry.material) {
    return format_material_line(
        {entry.command.frame_time, static_cast<MaterialStage>(entry.command.note)});
  }
  return format_event_line(entry.command, registry_);
}

void SessionRecorder::pump() {
  // Markers first: everything the audio thread logged or wrote before a marker is visible after it.
  std::vector<Marker> markers;
  Marker m;
  while (markers_.try_dequeue(m)) markers.push_back(m);

  std::optional<std::uint64_t> closing;  // the open take ends in this round
  if (take_) {
    for (const Marker& k : markers) {
      if (!k.start) {
        closing = k.frame;
        break;
      }
    }
  }
  LogEntry entry;
  while (log_.try_dequeue(entry)) {
    if (history_ != nullptr && history_count_ < options_.history_limit &&
        std::fwrite(&entry, sizeof entry, 1, history_) == 1) {
      ++history_count_;
    } else {
      lost_entries_.fetch_add(1, std::memory_order_relaxed);
    }
    if (take_ && take_->events != nullptr && !take_->failed &&
        (!closing || entry.command.frame_time < *closing)) {
      const std::string line = entry_line(entry);
      if (!line.empty()) std::fprintf(take_->events, "%s\n", line.c_str());
    }
  }

  for (const Marker& k : markers) {
    drain_audio(k.position);
    if (k.start) {
      if (take_) close_take(k, "stop");
      open_take(k);
    } else if (take_) {
      close_take(k, "stop");
    }
  }
  drain_audio(ring_.readable_end());

  const auto now = std::chrono::steady_clock::now();
  if (take_ && !take_->failed &&
      now - last_header_ >= std::chrono::duration<double>(options_.header_interval_seconds)) {
    last_header_ = now;
    if (Status s = take_->wav->update_header(); !s) {
      fail_take(s.error());
    } else if (take_->events != nullptr && std::fflush(take_->events) != 0) {
      fail_take(Error(ErrorKind::kFilesystem, "could not write events.jsonl",
                      {{"path", (take_->dir / "events.jsonl").string()}}));
    }
  }
}

void SessionRecorder::drain_audio(std::uint64_t until) {
  while (ring_.read_position() < until) {
    const std::size_t n = ring_.read(chunk_, until);
    if (n == 0) break;
    if (!take_ || take_->failed) continue;  // no take, or one that failed: discard
    if (Status s = take_->wav->write(std::span<const float>(chunk_.data(), n)); !s) {
      fail_take(s.error());
      continue;
    }
    std::lock_guard lock(report_mutex_);
    report_.frames_written += n / kChannels;
  }
}

void SessionRecorder::open_take(const Marker& start) {
  take_ = std::make_unique<Take>();
  take_->start_frame = start.frame;
  take_->dropped_at_start = start.dropped;
  take_->lost_at_start = start.lost;
  last_header_ = std::chrono::steady_clock::now();

  const io::ExportRoot root = io::ExportRoot::from_environment(options_.export_dir);
  const std::string stamp = timestamp_now();
  std::filesystem::path dir;
  for (int n = 1; n < 1000; ++n) {
    dir = options_.export_dir / "sessions" / (n == 1 ? stamp : fmt::format("{}-{}", stamp, n));
    if (!std::filesystem::exists(dir)) break;
  }
  auto checked = root.check(dir);
  if (!checked) {
    fail_take(checked.error());
    return;
  }
  take_->dir = *checked;
  std::error_code ec;
  std::filesystem::create_directories(take_->dir, ec);
  if (ec) {
    fail_take(Error(ErrorKind::kFilesystem, "could not create the session folder: " + ec.message(),
                    {{"path", take_->dir.string()}}));
    return;
  }
  {
    std::lock_guard lock(report_mutex_);
    report_.sessions.push_back(take_->dir);
    report_.recording = true;
  }
  {
    std::ofstream scene(take_->dir / "scene.yaml", std::ios::binary);
    scene << settings_.scene_text;
    if (!scene.flush()) {
      fail_take(Error(ErrorKind::kFilesystem, "could not write scene.yaml",
                      {{"path", (take_->dir / "scene.yaml").string()}}));
      return;
    }
  }
  write_session_json(*take_, false, "");
  take_->events = std::fopen((take_->dir / "events.jsonl").c_str(), "w");
  if (take_->events == nullptr) {
    fail_take(Error(ErrorKind::kFilesystem, "could not create events.jsonl",
                    {{"path", (take_->dir / "events.jsonl").string()}}));
    return;
  }
  std::fprintf(take_->events, "# afterglow session: frames at %.0f Hz; every command from frame 0\n",
               settings_.sample_rate);
  if (history_ != nullptr) {
    std::fflush(history_);
    std::rewind(history_);
    std::vector<LogEntry> batch(4096);
    for (std::size_t left = history_count_; left > 0;) {
      const std::size_t n = std::fread(batch.data(), sizeof(LogEntry), std::min(left, batch.size()), history_);
      if (n == 0) break;
      for (std::size_t i = 0; i < n; ++i) {
        const std::string line = entry_line(batch[i]);
        if (!line.empty()) std::fprintf(take_->events, "%s\n", line.c_str());
      }
      left -= n;
    }
    std::fseek(history_, 0, SEEK_END);  // appending goes on after the last entry
  }
  std::fflush(take_->events);

  io::StreamingWavOptions wav;
  wav.sample_rate = settings_.sample_rate;
  wav.channels = static_cast<int>(kChannels);
  wav.write_fault = options_.write_fault;
  auto writer = io::StreamingWavWriter::create(take_->dir / "session.wav", wav);
  if (!writer) {
    fail_take(writer.error());
    return;
  }
  take_->wav = std::move(*writer);
  log::info("recording to {}", take_->dir.string());
}

void SessionRecorder::fail_take(const Error& error) {
  log::error("recording stopped: {} (the music plays on)", error.what());
  {
    std::lock_guard lock(report_mutex_);
    report_.error = error;
    report_.recording = false;
  }
  if (!take_) return;
  take_->failed = true;
  take_->dropped_at_stop = std::max(take_->dropped_at_start, dropped_frames_.load());
  take_->lost_at_stop = std::max(take_->lost_at_start, lost_entries_.load());
  if (take_->wav) (void)take_->wav->close();
  if (take_->events != nullptr) {
    std::fclose(take_->events);
    take_->events = nullptr;
  }
  if (!take_->dir.empty() && std::filesystem::exists(take_->dir))
    write_session_json(*take_, true, std::string(error.message()));
}

void SessionRecorder::close_take(const Marker& stop, const std::string& stopped_by) {
  const std::uint64_t end_frame = stop.frame;
  take_->stop_frame = end_frame;
  take_->dropped_at_stop = stop.dropped;
  take_->lost_at_stop = stop.lost;
  if (!take_->failed) {
    if (take_->wav) {
      if (Status s = take_->wav->close(); !s) log::error("recording: {}", s.error().what());
    }
    if (take_->events != nullptr) {
      std::fclose(take_->events);
      take_->events = nullptr;
    }
    write_session_json(*take_, true, stopped_by);
    const double seconds =
        static_cast<double>(end_frame - take_->start_frame) / std::max(1.0, settings_.sample_rate);
    log::info("recorded {:.1f} s to {}", seconds, (take_->dir / "session.wav").string());
  }
  take_.reset();
  std::lock_guard lock(report_mutex_);
  report_.recording = false;
}

void SessionRecorder::write_session_json(const Take& take, bool final, const std::string& stopped_by) {
  nlohmann::ordered_json j;
  j["format"] = 1;
  j["scene"] = "scene.yaml";
  j["scene_path"] = settings_.scene_path.string();
  j["scene_base_dir"] = settings_.scene_base_dir.string();
  j["seed"] = settings_.engine.seed;
  j["sample_rate"] = settings_.sample_rate;
  j["block"] = settings_.block;
  j["max_block"] = settings_.max_block;
  j["backend"] = settings_.backend;
  j["engine"] = {{"material_fade_ms", settings_.engine.material_fade_ms},
                 {"retire_hold_seconds", settings_.engine.retire_hold_seconds},
                 {"limiter_lookahead_ms", settings_.engine.limiter_lookahead_ms},
                 {"max_events_per_block", settings_.engine.max_events_per_block},
                 {"pending_capacity", settings_.engine.pending_capacity}};
  j["start_frame"] = take.start_frame;
  j["audio"] = "session.wav";
  j["events"] = "events.jsonl";
  if (final) {
    const std::uint64_t written = take.wav ? take.wav->frames() : 0;
    const std::uint64_t dropped = take.dropped_at_stop - take.dropped_at_start;
    const std::uint64_t lost = take.lost_at_stop - take.lost_at_start;
    j["end_frame"] = take.stop_frame.value_or(take.start_frame + written + dropped);
    j["frames"] = written;
    j["dropped_frames"] = dropped;
    j["lost_commands"] = lost;
    j["stopped_by"] = stopped_by;
    j["complete"] = !take.failed && dropped == 0 && lost == 0;
  } else {
    j["complete"] = false;
    j["stopped_by"] = "still recording (or the process was killed)";
  }
  // Rewritten in place and padded to whole 4 KB blocks with spaces (JSON allows trailing
  // whitespace): the final version needs no new blocks, so it still lands on a disk that is full.
  const std::filesystem::path path = take.dir / "session.json";
  std::string text = j.dump(2);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    log::error("recording: could not write {}: {}", path.string(), std::strerror(errno));
    return;
  }
  struct stat st {};
  const auto existing = ::fstat(fd, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  constexpr std::size_t kBlock = 4096;
  const std::size_t size = std::max(existing, (text.size() + 1 + kBlock - 1) / kBlock * kBlock);
  text.resize(size - 1, ' ');
  text.push_back('\n');
  const ssize_t written = ::pwrite(fd, text.data(), text.size(), 0);
  if (written != static_cast<ssize_t>(text.size()))
    log::error("recording: could not write {}: {}", path.string(), std::strerror(errno));
  ::fsync(fd);
  ::close(fd);
}

void SessionRecorder::finish() {
  if (finished_) return;
  finished_ = true;
  stop_.store(true, std::memory_order_release);
  if (writer_.joinable()) writer_.join();
  pump();  // whatever arrived after the writer's last round
  if (take_) {
    const Marker end{false, captured_end_.load(std::memory_order_acquire), ring_.readable_end(),
                     dropped_frames_.load(), lost_entries_.load()};
    const bool failed = take_->failed;
    close_take(end, failed ? "error" : "shutdown");
  }
  std::lock_guard lock(report_mutex_);
  report_.dropped_frames = dropped_frames_.load();
  report_.lost_commands = lost_entries_.load();
}

SessionRecorder::Report SessionRecorder::report() const {
  std::lock_guard lock(report_mutex_);
  Report r = report_;
  r.dropped_frames = dropped_frames_.load(std::memory_order_relaxed);
  r.lost_commands = lost_entries_.load(std::memory_order_relaxed);
  return r;
}

}  // namespace afterglow::engine
