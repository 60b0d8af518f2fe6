#include "afterglow/app/progress.h"

#include <unistd.h>

#include <algorithm>

#include "afterglow/core/log.h"

namespace afterglow::app {
namespace {
constexpr int kBarWidth = 28;
constexpr auto kPlainInterval = std::chrono::seconds(2);
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
}  // namespace

Progress::Progress(std::string label, std::size_t total, std::FILE* stream)
    : label_(std::move(label)),
      total_(total),
      stream_(stream),
      interactive_(::isatty(::fileno(stream)) != 0),
      // Quiet runs (-q, or level above info) show no progress at all.
      enabled_(log::enabled(log::Level::kInfo)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - std::chrono::hours(1)) {}

Progress::~Progress() {
  finish();
}

void Progress::advance(const std::string& item, std::size_t count) {
  done_ = std::min(total_, done_ + count);
  const auto now = std::chrono::steady_clock::now();
  const bool last = done_ == total_;
  const auto interval = interactive_
                            ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(kRedrawInterval)
                            : std::chrono::duration_cast<std::chrono::steady_clock::duration>(kPlainInterval);
  if (last || now - last_draw_ >= interval) {
    draw(item);
    last_draw_ = now;
  }
}

void Progress::draw(const std::string& item) {
  if (!enabled_ || total_ == 0) return;
  const double fraction = static_cast<double>(done_) / static_cast<double>(total_);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (interactive_) {
    const int filled = static_cast<int>(fraction * kBarWidth + 0.5);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kBarWidth, '.');
    std::fprintf(stream_, "\r%s [%s] %zu/%zu %3.0f%% %.1fs\x1b[K", label_.c_str(), bar.c_str(), done_, total_,
                 fraction * 100.0, elapsed);
  } else {
    std::fprintf(stream_, "%s: %zu/%zu (%.0f%%, %.1fs)%s%s\n", label_.c_str(), done_, total_,
                 fraction * 100.0, elapsed, item.empty() ? "" : " ", item.c_str());
  }
  std::fflush(stream_);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (enabled_ && interactive_ && total_ > 0) {
    std::fputc('\n', stream_);
    std::fflush(stream_);
  }
}

}  // namespace afterglow::app
