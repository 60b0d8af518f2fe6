#include "afterglow/core/log.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <mutex>

namespace afterglow::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::mutex g_mutex;  // serialises writers and guards g_sink
Sink g_sink;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) {
  const std::string t = lower(text);
  if (t == "debug" || t == "trace") return Level::kDebug;
  if (t == "info") return Level::kInfo;
  if (t == "success") return Level::kSuccess;
  if (t == "warning" || t == "warn") return Level::kWarning;
  if (t == "error" || t == "critical") return Level::kError;
  if (t == "off" || t == "quiet" || t == "none") return Level::kOff;
  return std::nullopt;
}

std::string_view prefix(Level level) {
  switch (level) {
    case Level::kDebug:
      return "[·]";
    case Level::kInfo:
      return "[*]";
    case Level::kSuccess:
      return "[✓]";
    case Level::kWarning:
      return "[!]";
    case Level::kError:
      return "[✗]";
    case Level::kOff:
      break;
  }
  return "[?]";
}

void set_level(Level level) {
  g_level.store(level, std::memory_order_relaxed);
}
Level level() {
  return g_level.load(std::memory_order_relaxed);
}
bool enabled(Level l) {
  return l != Level::kOff && static_cast<int>(l) >= static_cast<int>(level());
}

void set_sink(Sink sink) {
  std::lock_guard lock(g_mutex);
  g_sink = std::move(sink);
}

void write(Level level, std::string_view message) {
  std::lock_guard lock(g_mutex);
  if (g_sink) {
    g_sink(level, message);
    return;
  }
  const std::string_view p = prefix(level);
  std::fprintf(stderr, "%.*s %.*s\n", static_cast<int>(p.size()), p.data(), static_cast<int>(message.size()),
               message.data());
  std::fflush(stderr);
}

ScopedCapture::ScopedCapture() : saved_level_(level()) {
  set_level(Level::kDebug);
  set_sink([this](Level l, std::string_view m) {
    text_ += std::string(prefix(l)) + " " + std::string(m) + "\n";
    ++counts_[static_cast<int>(l)];
  });
}

ScopedCapture::~ScopedCapture() {
  set_sink({});
  set_level(saved_level_);
}

int ScopedCapture::count(Level l) const {
  return counts_[static_cast<int>(l)];
}

}  // namespace afterglow::log
