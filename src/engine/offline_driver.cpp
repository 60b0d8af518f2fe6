#include "afterglow/engine/offline_driver.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace afterglow::engine {

OfflineDriver::OfflineDriver(Engine& engine, const OfflineOptions& options)
    : engine_(engine), options_(options), sender_(engine.command_sender(options.producer)) {
  options_.block = std::max<std::size_t>(1, options_.block);
}

void OfflineDriver::set_script(std::vector<Command> commands) {
  std::stable_sort(commands.begin(), commands.end(),
                   [](const Command& a, const Command& b) { return a.frame_time < b.frame_time; });
  script_ = std::move(commands);
  next_ = 0;
}

void OfflineDriver::feed(std::uint64_t until) noexcept {
  while (next_ < script_.size() && script_[next_].frame_time < until) {
    if (!sender_.send(script_[next_])) {
      // The queue is full: the engine drains it this block; the rest follows on the next one.
      ++retried_;
      return;
    }
    ++next_;
  }
}

void OfflineDriver::run(std::size_t frames, io::AudioBuffer& out, const std::atomic<bool>* stop) {
  if (out.channels.size() != 2) out.channels.assign(2, {});
  out.sample_rate = engine_.sample_rate();
  const std::size_t start = out.frames();
  out.channels[0].resize(start + frames, 0.0f);
  out.channels[1].resize(start + frames, 0.0f);

  const auto period =
      std::chrono::duration<double>(static_cast<double>(options_.block) / engine_.sample_rate());
  auto deadline = std::chrono::steady_clock::now();
  std::size_t done = 0;
  std::size_t blocks = 0;
  while (done < frames) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) break;
    const std::size_t n = std::min(options_.block, frames - done);
    feed(engine_.clock() + n);
    const StereoBlock block{std::span<float>(out.channels[0].data() + start + done, n),
                            std::span<float>(out.channels[1].data() + start + done, n)};
    engine_.process(block);
    done += n;
    Telemetry t;
    while (engine_.pop_telemetry(t)) {
      ++summary_.blocks;
      summary_.master_peak = std::max(summary_.master_peak, t.master_peak);
      summary_.max_load = std::max(summary_.max_load, t.load);
      if (t.load > 1.0) ++summary_.deadline_misses;
      summary_.min_limiter_gain = std::min(summary_.min_limiter_gain, t.limiter_gain);
      load_sum_ += t.load;
      summary_.mean_load = load_sum_ / static_cast<double>(summary_.blocks);
    }
    // Banks the engine retired are freed here, between blocks, as a non-realtime thread would.
    if (++blocks % 64 == 0) engine_.collect_garbage();
    if (options_.paced) {
      deadline += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
      std::this_thread::sleep_until(deadline);
    }
  }
  if (done < frames) {
    out.channels[0].resize(start + done);
    out.channels[1].resize(start + done);
  }
  engine_.collect_garbage();
}

io::AudioBuffer OfflineDriver::render(std::size_t frames) {
  io::AudioBuffer out;
  run(frames, out);
  return out;
}

Result<std::vector<io::WavWriteReport>> OfflineDriver::render_wav(const std::filesystem::path& path,
                                                                  std::size_t frames, int bit_depth,
                                                                  double max_file_seconds) {
  const auto part_frames = std::max<std::size_t>(
      options_.block, static_cast<std::size_t>(std::max(1.0, max_file_seconds) * engine_.sample_rate()));
  std::vector<io::WavWriteReport> reports;
  if (frames <= part_frames) {
    auto written = write_render(path, render(frames), bit_depth);
    if (!written) return written.error();
    reports.push_back(*written);
    return reports;
  }
  std::size_t done = 0;
  for (int part = 1; done < frames; ++part) {
    const std::size_t n = std::min(part_frames, frames - done);
    std::filesystem::path part_path = path;
    part_path.replace_filename(path.stem().string() + fmt::format("_{:03d}", part) +
                               path.extension().string());
    auto written = write_render(part_path, render(n), bit_depth);
    if (!written) return written.error();
    reports.push_back(*written);
    done += n;
  }
  return reports;
}

Result<io::WavWriteReport> write_render(const std::filesystem::path& path, const io::AudioBuffer& audio,
                                        int bit_depth) {
  io::WavWriteOptions options;
  options.bit_depth = bit_depth;
  return io::write_wav(path, audio, options);
}

}  // namespace afterglow::engine
