#include "afterglow/engine/offline_driver.h"

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

  const auto period = std::chrono::duration<double>(static_cast<double>(options_.block) / engine_.sample_rate());
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

Result<io::WavWriteReport> write_render(const std::filesystem::path& path, const io::AudioBuffer& audio,
                                        int bit_depth) {
  io::WavWriteOptions options;
  options.bit_depth = bit_depth;
  return io::write_wav(path, audio, options);
}

}  // namespace afterglow::engine
