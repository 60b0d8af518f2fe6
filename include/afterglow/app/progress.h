#pragma once
// Progress for long work, on stderr only so it never mixes with data on stdout. On a terminal it is a
// bar redrawn in place; otherwise (CI logs, pipes) a plain line at most every `plain_interval` items
// or seconds, so logs stay readable.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace afterglow::app {

class Progress {
 public:
  Progress(std::string label, std::size_t total, std::FILE* stream = stderr);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Marks `count` more items done; `item` names the last one (shown in the plain form).
  void advance(const std::string& item = {}, std::size_t count = 1);
  void finish();

  // Forces the form, for tests.
  void set_interactive(bool interactive) { interactive_ = interactive; }
  bool interactive() const { return interactive_; }

 private:
  void draw(const std::string& item);

  std::string label_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::FILE* stream_;
  bool interactive_;
  bool finished_ = false;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace afterglow::app
