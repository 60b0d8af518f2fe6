#pragma once
// The OSC server (liblo, UDP): receives on the scene's port, and keeps every registered client's
// controls showing the truth.
//
// Threads. liblo's server thread runs the handler: it checks the sender against the allow list, routes
// the message (osc_router.h) and acts — a command into the engine's OSC queue (its one producer), a
// reply to the sender, a scene recall published as a morph. A second thread, the feedback pump,
// drains the engine's applied parameter changes (whatever their source: OSC, MIDI, a morph) and sends
// each changed parameter to every client at most `feedback_hz` times a second, latest value winning,
// on its address (0–1) and its /value address (natural units); and the status at `status_hz`.
// Neither thread ever touches the audio thread's state.

#include <lo/lo.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "afterglow/config/scene.h"
#include "afterglow/control/osc_allow.h"
#include "afterglow/control/osc_router.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/engine.h"

namespace afterglow::control {

struct OscServerOptions {
  int port = 9000;  // 0: any free port (tests)
  OscAllowList allow;
  std::vector<config::OscFeedback> feedback;  // fixed feedback targets from the scene
  double feedback_hz = 30.0;
  double status_hz = 10.0;
  std::size_t producer = 1;  // the engine command queue this server feeds
  // Called on the feedback thread for every parameter change the engine applied (the server is the
  // engine's one change consumer; others — MIDI takeover — hear of changes through this).
  std::function<void(const engine::ParamChange&)> on_change;
  // MIDI learn (/afterglow/learn, …/confirm, …/cancel), called on the server's thread with the route
  // (kind, param). Returns the reason it was refused, empty when accepted; unset: no MIDI input, every
  // learn message is answered on /afterglow/error.
  std::function<std::string(const OscRoute&)> on_learn;
};

// What the status messages report (set by whoever reads the engine's telemetry).
struct OscStatus {
  double load = 0.0;  // mean over the last seconds, 0–1
  double p99 = 0.0;
  std::uint64_t deadline_misses = 0;
  std::uint64_t xruns = 0;
  std::uint32_t voices = 0;
  float peak = 0.0f;  // linear
  bool recording = false;
};

class OscServer {
 public:
  struct Counts {
    std::uint64_t received = 0;
    std::uint64_t refused = 0;  // senders not on the allow list
    std::uint64_t errors = 0;   // answered on /afterglow/error
    std::uint64_t commands = 0;
    std::uint64_t dropped = 0;  // the engine's queue was full
    std::uint64_t sent = 0;     // feedback, replies and status messages
  };

  // Binds the port and starts both threads. `running` is the playing scene (recalls resolve against
  // its folder); the engine must outlive the server.
  static Result<std::unique_ptr<OscServer>> start(engine::Engine& engine, config::Scene running,
                                                  OscServerOptions options);
  ~OscServer();
  OscServer(const OscServer&) = delete;
  OscServer& operator=(const OscServer&) = delete;

  int port() const { return port_; }
  Counts counts() const;
  void set_status(const OscStatus& status);

 private:
  struct Client {
    std::string host;
    std::string port;
    lo_address address = nullptr;
  };

  OscServer(engine::Engine& engine, config::Scene running, OscServerOptions options);
  static int on_message(const char* path, const char* types, lo_arg** argv, int argc, lo_message msg,
                        void* self);
  void handle(const char* path, const char* types, lo_arg** argv, int argc, lo_message msg);
  void pump();
  void send(lo_address to, const char* path, lo_message message);
  void send_param(lo_address to, std::uint32_t index, float value);
  void send_all(lo_address to);
  void reply_error(lo_address to, const std::string& reason);
  void subscribe(const std::string& host, const std::string& port);

  engine::Engine& engine_;
  config::Scene running_;
  OscServerOptions options_;
  OscRouter router_;
  engine::CommandSender sender_;
  lo_server_thread thread_ = nullptr;
  int port_ = 0;

  mutable std::mutex mutex_;  // clients, values, counts, status, sends (never the audio thread)
  std::vector<Client> clients_;
  std::vector<float> values_;  // the engine's parameters as last applied (natural units)
  std::vector<float> sent_;    // as last sent to clients
  std::vector<std::chrono::steady_clock::time_point> sent_at_;
  Counts counts_;
  OscStatus status_;
  double glide_seconds_;

  std::atomic<bool> stop_{false};
  std::thread pump_;
};

}  // namespace afterglow::control
