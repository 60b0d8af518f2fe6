#pragma once
// A program started directly (fork + exec, never a shell) that keeps running while the test works:
// a JACK server, a recorder. Its stdout and stderr go to a log file. The destructor ends it (SIGTERM,
// then SIGKILL after a grace period) and reaps it, so a failing test never leaves it behind.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace afterglow::test {

class BackgroundProcess {
 public:
  // Starts `program` (an absolute path) with `args`; `env` is added to the inherited environment.
  // Throws std::runtime_error when fork fails; an exec failure shows as exit code 127.
  BackgroundProcess(const std::string& program, const std::vector<std::string>& args,
                    const std::filesystem::path& log,
                    const std::vector<std::pair<std::string, std::string>>& env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // True while the process has not exited (reaps it when it has).
  bool running();
  // Waits up to `timeout` for the process to exit by itself; its exit code, or -1 (signal or timeout).
  int wait(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after `grace`; reaps. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
  int exit_code() const { return exit_code_; }
  std::string log_text() const;

 private:
  bool reap(bool block);

  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::filesystem::path log_;
};

// The first executable called `name` on PATH (or /usr/bin, /usr/local/bin), or empty.
std::filesystem::path find_program(const std::string& name);

}  // namespace afterglow::test
