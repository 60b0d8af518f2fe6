#pragma once
// Logging for non-realtime threads only (it formats, allocates and locks). Messages go to stderr so
// they never mix with data a command prints on stdout. The audio thread reports through telemetry.

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace afterglow::log {

enum class Level { kDebug = 0, kInfo = 1, kSuccess = 2, kWarning = 3, kError = 4, kOff = 5 };

// "debug", "info", "warning"/"warn", "error", "off"/"quiet" (case-insensitive); nullopt otherwise.
std::optional<Level> parse_level(std::string_view text);
std::string_view prefix(Level level);  // "[·]", "[*]", "[✓]", "[!]", "[✗]"

void set_level(Level level);
Level level();
bool enabled(Level level);

// Replaces the stderr sink (tests capture messages with it); an empty function restores stderr.
using Sink = std::function<void(Level, std::string_view)>;
void set_sink(Sink sink);

void write(Level level, std::string_view message);

template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::kDebug)) write(Level::kDebug, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::kInfo)) write(Level::kInfo, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void success(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::kSuccess)) write(Level::kSuccess, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::kWarning)) write(Level::kWarning, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(Level::kError)) write(Level::kError, fmt::format(f, std::forward<Args>(args)...));
}

// Installs a capturing sink for the lifetime of the object (tests).
class ScopedCapture {
 public:
  ScopedCapture();
  ~ScopedCapture();
  ScopedCapture(const ScopedCapture&) = delete;
  ScopedCapture& operator=(const ScopedCapture&) = delete;
  const std::string& text() const { return text_; }
  int count(Level level) const;

 private:
  std::string text_;
  int counts_[6] = {};
  Level saved_level_;
};

}  // namespace afterglow::log
