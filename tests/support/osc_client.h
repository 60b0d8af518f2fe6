#pragma once
// A liblo OSC client for tests: sends from its own UDP socket (so replies come back to it) and
// collects what arrives. Header-only: suites that use it link liblo through the control layer.

#include <lo/lo.h>

#include <chrono>
#include <string>
#include <vector>

namespace afterglow::test {

class OscClient {
 public:
  struct Message {
    std::string path;
    std::string types;
    float f = 0.0f;
    std::string s;
  };

  OscClient() : server_(lo_server_new_with_proto(nullptr, LO_UDP, nullptr)) {
    lo_server_add_method(server_, nullptr, nullptr, &OscClient::collect, this);
  }
  ~OscClient() { lo_server_free(server_); }
  OscClient(const OscClient&) = delete;
  OscClient& operator=(const OscClient&) = delete;

  int port() const { return lo_server_get_port(server_); }
  // Sends `m` (and frees it) to 127.0.0.1:`to_port`.
  void send(int to_port, const char* path, lo_message m) {
    lo_address to = lo_address_new("127.0.0.1", std::to_string(to_port).c_str());
    lo_send_message_from(to, server_, path, m);
    lo_address_free(to);
    lo_message_free(m);
  }
  // Receives until `done()` holds; false when `limit` passes first.
  template <typename Done>
  bool receive_until(Done done, std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > end) return false;
      lo_server_recv_noblock(server_, 20);
    }
    return true;
  }
  std::size_t count(const std::string& path) const {
    std::size_t n = 0;
    for (const Message& m : messages) n += m.path == path;
    return n;
  }
  static lo_message floats(std::initializer_list<float> values) {
    lo_message m = lo_message_new();
    for (float v : values) lo_message_add_float(m, v);
    return m;
  }

  std::vector<Message> messages;

 private:
  static int collect(const char* path, const char* types, lo_arg** argv, int argc, lo_message, void* self) {
    Message m;
    m.path = path;
    m.types = types;
    if (argc > 0 && types[0] == 'f') m.f = argv[0]->f;
    if (argc > 0 && types[0] == 's') m.s = &argv[0]->s;
    static_cast<OscClient*>(self)->messages.push_back(std::move(m));
    return 0;
  }
  lo_server server_;
};

}  // namespace afterglow::test
