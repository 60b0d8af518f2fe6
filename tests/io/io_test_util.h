#pragma once
// Helpers shared by the io tests: scoped environment variables, running a check as an unprivileged
// user (the suite runs as root, for whom permission bits do not apply), and tiny buffers.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "afterglow/io/audio_buffer.h"

namespace afterglow::io::testing {

// Sets (or unsets, with nullopt) an environment variable for the scope, restoring the old value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

inline constexpr uid_t kNobody = 65534;

// Runs `check` in a forked child that has dropped to the "nobody" user when the suite runs as root
// (otherwise as the current user) and returns its exit status: `check` returns 0 for success. nullopt
// when the privilege drop itself fails (the caller then skips with a reason). Uses fork, never a shell.
inline std::optional<int> run_unprivileged(const std::function<int()>& check) {
  const pid_t pid = ::fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) ::_exit(100);
    ::_exit(check());
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return std::nullopt;
  if (WEXITSTATUS(status) == 100) return std::nullopt;
  return WEXITSTATUS(status);
}

inline AudioBuffer mono(std::vector<float> samples, double rate = 44100.0) {
  AudioBuffer b;
  b.sample_rate = rate;
  b.channels.push_back(std::move(samples));
  return b;
}

inline AudioBuffer stereo(std::vector<float> left, std::vector<float> right, double rate = 44100.0) {
  AudioBuffer b;
  b.sample_rate = rate;
  b.channels.push_back(std::move(left));
  b.channels.push_back(std::move(right));
  return b;
}

}  // namespace afterglow::io::testing
