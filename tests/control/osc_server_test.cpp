// The OSC server over real UDP on this machine, with a liblo client: a parameter sent reaches the
// engine and comes back to subscribed clients on both of its addresses; registration sends the full
// state; /q/all answers every parameter; each malformed message is answered on /afterglow/error; a
// sender outside the allow list changes nothing and hears nothing.
#include "afterglow/control/osc_server.h"

#include <gtest/gtest.h>
#include <lo/lo.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/drone_layer.h"
#include "afterglow/engine/hiss_layer.h"
#include "support/osc_client.h"

namespace afterglow::control {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<engine::Engine> make_engine() {
  std::vector<engine::EngineLayer> layers = {{"drone1", &engine::drone_layer_type(), {}},
                                             {"cloud1", &engine::cloud_layer_type(), {}},
                                             {"hiss1", &engine::hiss_layer_type(), {}}};
  auto e = std::move(engine::Engine::create(std::move(layers))).value_or_throw();
  e->prepare(48000.0, 256);
  return e;
}

config::Scene scene() {
  config::Scene s;
  s.base_dir = "/tmp";
  return s;
}

using Client = test::OscClient;

lo_message floats(std::initializer_list<float> values) {
  return Client::floats(values);
}

TEST(OscServer, AChangeReachesTheEngineAndEveryClientSeesIt) {
  auto e = make_engine();
  OscServerOptions options;
  options.port = 0;
  auto server = OscServer::start(*e, scene(), options);
  ASSERT_TRUE(server.ok()) << server.error().what();
  const int port = (*server)->port();
  const std::size_t params = e->registry().size();

  Client client;
  lo_message sub = lo_message_new();
  lo_message_add_int32(sub, client.port());
  client.send(port, "/afterglow/subscribe", sub);
  ASSERT_TRUE(client.receive_until([&] { return client.messages.size() >= 2 * params; }))
      << "the full state on registration: " << client.messages.size();

  client.messages.clear();
  client.send(port, "/afterglow/cloud1/density/value", floats({300.0f}));
  const std::uint32_t density = e->registry().find("/afterglow/cloud1/density")->index;
  // The audio side: the command is applied at the next block.
  std::vector<float> l(256), r(256);
  for (int i = 0; i < 100 && e->param_value(density) != 300.0f; ++i) {
    std::this_thread::sleep_for(5ms);
    e->process({l, r});
  }
  EXPECT_EQ(e->param_value(density), 300.0f);
  ASSERT_TRUE(client.receive_until([&] { return client.count("/afterglow/cloud1/density/value") > 0; }));
  for (const auto& m : client.messages) {
    if (m.path == "/afterglow/cloud1/density/value") {
      EXPECT_FLOAT_EQ(m.f, 300.0f);
    }
    if (m.path == "/afterglow/cloud1/density") {
      EXPECT_NEAR(m.f, e->registry()[density].to_normalised(300.0), 1e-6);
    }
  }

  // A flood of moves on one fader: at most ~30 echoes a second, the last value last.
  client.messages.clear();
  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 1; k <= 200; ++k) {
    client.send(port, "/afterglow/cloud1/spray", floats({static_cast<float>(k) / 200.0f}));
    e->process({l, r});
    std::this_thread::sleep_for(2ms);
  }
  for (int i = 0; i < 20; ++i) {
    e->process({l, r});
    std::this_thread::sleep_for(5ms);
  }
  client.receive_until([&] {
    return !client.messages.empty() && client.count("/afterglow/cloud1/spray") > 0 &&
           client.messages.back().path.rfind("/afterglow/cloud1/spray", 0) == 0 &&
           std::fabs(client.messages.back().f - 1.0f) < 1e-6f;
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::size_t echoes = client.count("/afterglow/cloud1/spray");
  EXPECT_GT(echoes, 0u);
  EXPECT_LE(static_cast<double>(echoes), 30.0 * seconds + 2.0) << "rate limited per address";
  float last = -1.0f;
  for (const auto& m : client.messages) {
    if (m.path == "/afterglow/cloud1/spray") last = m.f;
  }
  EXPECT_FLOAT_EQ(last, 1.0f) << "the latest value wins";
}

TEST(OscServer, QueriesPingAndEveryMalformedMessageIsAnswered) {
  auto e = make_engine();
  OscServerOptions options;
  options.port = 0;
  auto server = OscServer::start(*e, scene(), options);
  ASSERT_TRUE(server.ok()) << server.error().what();
  const int port = (*server)->port();
  Client client;
  client.send(port, "/afterglow/q/all", lo_message_new());
  ASSERT_TRUE(client.receive_until([&] { return client.messages.size() >= 2 * e->registry().size(); }));
  for (const engine::ParamSpec& p : e->registry().params()) EXPECT_EQ(client.count(p.address), 1u) << p.address;
  client.send(port, "/afterglow/ping", lo_message_new());
  ASSERT_TRUE(client.receive_until([&] { return client.count("/afterglow/pong") == 1; }));

  const std::string huge(60000, 'x');
  std::vector<std::pair<std::string, lo_message>> bad;
  const auto add = [&](const char* path, lo_message m) { bad.emplace_back(path, m); };
  add("/afterglow/cloud1/density", lo_message_new());
  {
    lo_message m = lo_message_new();
    lo_message_add_string(m, "loud");
    add("/afterglow/cloud1/density", m);
  }
  add("/afterglow/cloud1/density", floats({std::nanf("")}));
  add("/afterglow/cloud1/density", floats({0.1f, 0.2f}));
  add("/afterglow/cloud1/density/value", floats({std::nanf("")}));
  add("/afterglow/cloud9/density", floats({0.5f}));
  add("/afterglow/cloud1/nothing", floats({0.5f}));
  add("/afterglow", floats({0.5f}));
  add("/other/thing", floats({0.5f}));
  {
    lo_message m = lo_message_new();
    lo_message_add_int32(m, 57);
    add("/afterglow/drone1/note", m);
  }
  {
    lo_message m = lo_message_new();
    lo_message_add_int32(m, 300);
    lo_message_add_int32(m, 100);
    add("/afterglow/drone1/note", m);
  }
  {
    lo_message m = lo_message_new();
    lo_message_add_string(m, huge.c_str());
    add("/afterglow/scene/recall", m);
  }
  add("/afterglow/scene/recall", floats({1.0f}));
  {
    lo_message m = lo_message_new();
    lo_message_add_string(m, "no-such-scene");
    add("/afterglow/scene/recall", m);
  }
  add("/afterglow/scene/morph", floats({-2.0f}));
  {
    lo_message m = lo_message_new();
    lo_message_add_blob(m, lo_blob_new(4, "abcd"));
    add("/afterglow/cloud1/density", m);
  }
  {
    lo_message m = lo_message_new();
    lo_message_add_int32(m, 70000);
    add("/afterglow/subscribe", m);
  }
  add("/afterglow/q/cloud1/nothing", lo_message_new());
  add("/afterglow/hiss1/trigger", [] {
    lo_message m = lo_message_new();
    lo_message_add_string(m, "hard");
    return m;
  }());
  add("/afterglow/drone1/note", floats({std::nanf(""), 1.0f}));
  ASSERT_EQ(bad.size(), 20u);
  client.messages.clear();
  for (auto& [path, m] : bad) client.send(port, path.c_str(), m);
  EXPECT_TRUE(client.receive_until([&] { return client.count("/afterglow/error") >= bad.size(); }))
      << client.count("/afterglow/error") << " error replies";
  for (const auto& m : client.messages) {
    if (m.path == "/afterglow/error") {
      EXPECT_FALSE(m.s.empty());
    }
  }
  EXPECT_EQ((*server)->counts().errors, 20u);
  EXPECT_EQ((*server)->counts().commands, 0u) << "nothing malformed reached the engine";
}

TEST(OscServer, ASenderOutsideTheAllowListChangesNothing) {
  auto e = make_engine();
  OscServerOptions options;
  options.port = 0;
  options.allow = std::move(OscAllowList::parse({"10.9.9.0/24"})).value_or_throw();
  auto server = OscServer::start(*e, scene(), options);
  ASSERT_TRUE(server.ok()) << server.error().what();
  Client client;
  client.send((*server)->port(), "/afterglow/cloud1/density/value", floats({300.0f}));
  client.send((*server)->port(), "/afterglow/q/all", lo_message_new());
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while ((*server)->counts().received < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  client.receive_until([] { return false; }, 300ms);
  std::vector<float> l(256), r(256);
  e->process({l, r});
  EXPECT_EQ((*server)->counts().received, 2u);
  EXPECT_EQ((*server)->counts().refused, 2u);
  EXPECT_TRUE(client.messages.empty()) << "a stranger hears nothing back";
  EXPECT_NE(e->param_value(e->registry().find("/afterglow/cloud1/density")->index), 300.0f);
}

TEST(OscServer, APortInUseIsAClearError) {
  auto e = make_engine();
  OscServerOptions options;
  options.port = 0;
  auto first = OscServer::start(*e, scene(), options);
  ASSERT_TRUE(first.ok());
  options.port = (*first)->port();
  auto second = OscServer::start(*e, scene(), options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(std::string(second.error().what()).find(std::to_string(options.port)), std::string::npos);
  EXPECT_NE(std::string(second.error().what()).find("--osc-port"), std::string::npos);
}

}  // namespace
}  // namespace afterglow::control
