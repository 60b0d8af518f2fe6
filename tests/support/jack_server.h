#pragma once
// A JACK dummy server for one test (field notes §3): a unique name, so parallel runs never meet;
// realtime, 48 kHz, 64-frame periods unless told otherwise. `env()` is what a client process needs to
// find it. The server is stopped and reaped when the object goes.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "support/background_process.h"
#include "support/run_process.h"

namespace afterglow::test {

class JackServer {
 public:
  JackServer(const std::filesystem::path& jackd, const std::filesystem::path& log, int period = 64)
      : name_("afterglow_test_" + std::to_string(::getpid()) + "_" + std::to_string(next_id_++)),
        server_(jackd.string(), {"-n", name_, "-d", "dummy", "-r", "48000", "-p", std::to_string(period)}, log,
                env()) {}

  std::vector<std::pair<std::string, std::string>> env() const {
    return {{"JACK_DEFAULT_SERVER", name_}, {"JACK_NO_START_SERVER", "1"}};
  }
  const std::string& name() const { return name_; }
  BackgroundProcess& process() { return server_; }
  // Waits until the server answers (jack_wait); false after 10 s.
  bool wait_ready(const std::filesystem::path& jack_wait) {
    ProcessOptions options;
    options.env = env();
    return run_process(jack_wait.string(), {"-w", "-t", "10"}, options).exit_code == 0;
  }

 private:
  static inline std::atomic<int> next_id_{0};
  std::string name_;
  BackgroundProcess server_;
};

}  // namespace afterglow::test
