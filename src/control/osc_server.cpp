#include "afterglow/control/osc_server.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "afterglow/core/log.h"
#include "afterglow/engine/scene_morph.h"

namespace afterglow::control {
namespace {

using Clock = std::chrono::steady_clock;

// liblo's arguments → ours; false (with the reason) for a type the address space never uses.
bool convert(const char* types, lo_arg** argv, int argc, std::vector<OscArg>& out, std::string& reason) {
  out.clear();
  for (int i = 0; i < argc; ++i) {
    switch (types[i]) {
      case LO_INT32:
        out.emplace_back(static_cast<std::int64_t>(argv[i]->i));
        break;
      case LO_INT64:
        out.emplace_back(static_cast<std::int64_t>(argv[i]->h));
        break;
      case LO_FLOAT:
        out.emplace_back(static_cast<double>(argv[i]->f));
        break;
      case LO_DOUBLE:
        out.emplace_back(argv[i]->d);
        break;
      case LO_STRING:
      case LO_SYMBOL:
        out.emplace_back(std::string(&argv[i]->s));
        break;
      case LO_TRUE:
        out.emplace_back(std::int64_t{1});
        break;
      case LO_FALSE:
        out.emplace_back(std::int64_t{0});
        break;
      default:
        reason = fmt::format("argument {} has OSC type '{}', which no address takes", i + 1, types[i]);
        return false;
    }
  }
  return true;
}

void on_error(int number, const char* message, const char* where) {
  log::warn("OSC: {} ({}{})", message != nullptr ? message : "error", number,
            where != nullptr ? fmt::format(", {}", where) : std::string());
}

}  // namespace

OscServer::OscServer(engine::Engine& engine, config::Scene running, OscServerOptions options)
    : engine_(engine),
      running_(std::move(running)),
      options_(std::move(options)),
      router_(engine.registry()),
      sender_(engine.command_sender(options_.producer)),
      glide_seconds_(engine::kDefaultGlideSeconds) {
  const engine::ParamRegistry& registry = engine.registry();
  values_.resize(registry.size());
  for (const engine::ParamSpec& p : registry.params()) values_[p.index] = p.default_value;
  if (auto initial = registry.initial_values(running_)) {
    for (const engine::InitialValue& v : *initial) values_[v.param] = v.value;
  }
  sent_ = values_;
  sent_at_.assign(registry.size(), Clock::time_point{});
}

Result<std::unique_ptr<OscServer>> OscServer::start(engine::Engine& engine, config::Scene running,
                                                    OscServerOptions options) {
  std::unique_ptr<OscServer> server(new OscServer(engine, std::move(running), std::move(options)));
  const std::string port = server->options_.port > 0 ? std::to_string(server->options_.port) : std::string();
  server->thread_ = lo_server_thread_new_with_proto(port.empty() ? nullptr : port.c_str(), LO_UDP, on_error);
  if (server->thread_ == nullptr) {
    return Error(ErrorKind::kFilesystem,
                 fmt::format("cannot listen for OSC on UDP port {}: it is in use or not allowed; pick another "
                             "with --osc-port or the scene's osc.port",
                             server->options_.port));
  }
  server->port_ = lo_server_thread_get_port(server->thread_);
  lo_server_thread_add_method(server->thread_, nullptr, nullptr, &OscServer::on_message, server.get());
  for (const config::OscFeedback& f : server->options_.feedback) server->subscribe(f.host, std::to_string(f.port));
  lo_server_thread_start(server->thread_);
  server->pump_ = std::thread([s = server.get()] { s->pump(); });
  return server;
}

OscServer::~OscServer() {
  stop_.store(true);
  if (pump_.joinable()) pump_.join();
  if (thread_ != nullptr) {
    lo_server_thread_stop(thread_);
    lo_server_thread_free(thread_);
  }
  for (Client& c : clients_) lo_address_free(c.address);
}

OscServer::Counts OscServer::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void OscServer::set_status(const OscStatus& status) {
  std::lock_guard lock(mutex_);
  status_ = status;
}

int OscServer::on_message(const char* path, const char* types, lo_arg** argv, int argc, lo_message msg,
                          void* self) {
  static_cast<OscServer*>(self)->handle(path, types, argv, argc, msg);
  return 0;  // handled: no other method
}

void OscServer::send(lo_address to, const char* path, lo_message message) {
  // Called with mutex_ held: liblo's server socket is shared by both threads.
  if (lo_send_message_from(to, lo_server_thread_get_server(thread_), path, message) >= 0) ++counts_.sent;
  lo_message_free(message);
}

void OscServer::send_param(lo_address to, std::uint32_t index, float value) {
  const engine::ParamSpec& p = engine_.registry()[index];
  lo_message normalised = lo_message_new();
  lo_message_add_float(normalised, static_cast<float>(p.to_normalised(value)));
  send(to, p.address.c_str(), normalised);
  lo_message natural = lo_message_new();
  lo_message_add_float(natural, value);
  send(to, (p.address + "/value").c_str(), natural);
}

void OscServer::send_all(lo_address to) {
  for (std::uint32_t i = 0; i < values_.size(); ++i) send_param(to, i, values_[i]);
}

void OscServer::reply_error(lo_address to, const std::string& reason) {
  ++counts_.errors;
  lo_message m = lo_message_new();
  lo_message_add_string(m, reason.c_str());
  send(to, "/afterglow/error", m);
}

void OscServer::subscribe(const std::string& host, const std::string& port) {
  for (const Client& c : clients_) {
    if (c.host == host && c.port == port) return;
  }
  lo_address address = lo_address_new(host.c_str(), port.c_str());
  if (address == nullptr) return;
  clients_.push_back({host, port, address});
}

void OscServer::handle(const char* path, const char* types, lo_arg** argv, int argc, lo_message msg) {
  lo_address source = lo_message_get_source(msg);
  const char* host_text = source != nullptr ? lo_address_get_hostname(source) : nullptr;
  const std::string host = host_text != nullptr ? host_text : "";
  const char* port_text = source != nullptr ? lo_address_get_port(source) : nullptr;
  const std::string port = port_text != nullptr ? port_text : "";

  std::lock_guard lock(mutex_);
  ++counts_.received;
  if (!options_.allow.allows(host)) {
    ++counts_.refused;  // not even an error reply: a stranger learns nothing
    return;
  }
  std::vector<OscArg> args;
  std::string reason;
  if (!convert(types, argv, argc, args, reason)) {
    reply_error(source, fmt::format("{}: {}", path, reason));
    return;
  }
  // Stamped with the engine's clock on arrival: the engine applies it at its next block and reports
  // how late that was (the control latency, in the live summary).
  const OscRoute route = router_.route(path, args, engine_.frames_rendered());
  switch (route.kind) {
    case OscRoute::Kind::kCommand:
      if (sender_.send(route.command)) {
        ++counts_.commands;
      } else {
        ++counts_.dropped;
        reply_error(source, fmt::format("{}: the engine is busy (command queue full); send it again", path));
      }
      break;
    case OscRoute::Kind::kSceneRecall: {
      std::vector<std::string> warnings;
      const double glide = route.glide >= 0.0 ? route.glide : glide_seconds_;
      auto target = engine::recall_scene(route.scene, running_, engine_.registry(), glide, 0, &warnings);
      for (const std::string& w : warnings) log::warn("scene {}: {}", route.scene, w);
      if (!target) {
        log::error("scene {} not recalled (OSC): {}; the current scene keeps playing", route.scene,
                   target.error().what());
        reply_error(source, fmt::format("scene {} not recalled: {}", route.scene, target.error().message()));
      } else if (!engine_.publish_morph(std::move(*target))) {
        reply_error(source, fmt::format("scene {} not recalled: too many recalls waiting", route.scene));
      } else {
        log::info("scene {}: morphing over {:g} s (OSC)", route.scene, glide);
      }
      break;
    }
    case OscRoute::Kind::kSceneGlide:
      glide_seconds_ = route.glide;
      break;
    case OscRoute::Kind::kQueryAll:
      send_all(source);
      break;
    case OscRoute::Kind::kQueryOne:
      send_param(source, route.param, values_[route.param]);
      break;
    case OscRoute::Kind::kPing: {
      lo_message m = lo_message_new();
      send(source, "/afterglow/pong", m);
      break;
    }
    case OscRoute::Kind::kSubscribe: {
      const std::string to_port = route.port > 0 ? std::to_string(route.port) : port;
      subscribe(host, to_port);
      send_all(clients_.back().address);  // the full state on registration
      break;
    }
    case OscRoute::Kind::kUnsubscribe:
      std::erase_if(clients_, [&](Client& c) {
        const bool gone = c.host == host && (c.port == port || args.empty());
        if (gone) lo_address_free(c.address);
        return gone;
      });
      break;
    case OscRoute::Kind::kError:
      reply_error(source, route.error);
      break;
    // MIDI learn: handed to whoever runs the MIDI inputs (a queue for the control thread).
    case OscRoute::Kind::kLearn:
    case OscRoute::Kind::kLearnConfirm:
    case OscRoute::Kind::kLearnCancel: {
      const std::string refused =
          options_.on_learn ? options_.on_learn(route) : std::string("no MIDI input to learn from (--midi-in)");
      if (!refused.empty()) reply_error(source, fmt::format("{}: {}", path, refused));
      break;
    }
  }
}

void OscServer::pump() {
  const auto feedback_period = std::chrono::duration<double>(1.0 / std::max(1.0, options_.feedback_hz));
  const auto status_period = std::chrono::duration<double>(1.0 / std::max(0.1, options_.status_hz));
  auto last_status = Clock::now();
  while (!stop_.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::lock_guard lock(mutex_);
    engine::ParamChange change;
    while (engine_.pop_param_change(change)) {
      if (change.index < values_.size()) values_[change.index] = change.value;
      if (options_.on_change) options_.on_change(change);
    }
    const auto now = Clock::now();
    // Each changed parameter at most feedback_hz times a second, the latest value winning.
    for (std::uint32_t i = 0; i < values_.size(); ++i) {
      if (values_[i] == sent_[i] || now - sent_at_[i] < feedback_period) continue;
      for (const Client& c : clients_) send_param(c.address, i, values_[i]);
      sent_[i] = values_[i];
      sent_at_[i] = now;
    }
    if (now - last_status >= status_period && !clients_.empty()) {
      last_status = now;
      for (const Client& c : clients_) {
        lo_message m = lo_message_new();
        lo_message_add_float(m, static_cast<float>(status_.load));
        lo_message_add_float(m, static_cast<float>(status_.p99));
        lo_message_add_int32(m, static_cast<std::int32_t>(status_.deadline_misses));
        lo_message_add_int32(m, static_cast<std::int32_t>(status_.xruns));
        lo_message_add_int32(m, static_cast<std::int32_t>(status_.voices));
        lo_message_add_float(m, status_.peak > 0.0f ? 20.0f * std::log10(status_.peak) : -120.0f);
        lo_message_add_int32(m, status_.recording ? 1 : 0);
        send(c.address, "/afterglow/status", m);
      }
    }
  }
}

}  // namespace afterglow::control
