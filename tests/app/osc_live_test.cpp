// OSC end to end (issue 7, acceptance 1) against `afterglow live` on a JACK dummy server (realtime,
// 48 kHz, 64 frames), with the real liblo tools: `oscsend` moves a parameter and subscribes `oscdump`,
// which then receives the echo; a liblo client's /afterglow/q/all gets every registry parameter back
// and each of 20 malformed messages an /afterglow/error reply; every command reaches the engine within
// two blocks of its arrival (the summary's control latency); and a sender not on
// the scene's allow list changes nothing.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include "support/background_process.h"
#include "support/jack_server.h"
#include "support/osc_client.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A UDP port nobody uses right now (bound and released; the tiny race is harmless in a test).
int free_udp_port() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool wait_for(test::BackgroundProcess& p, const std::string& needle, std::chrono::milliseconds limit = 15000ms) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (p.log_text().find(needle) != std::string::npos) return true;
    if (!p.running()) return p.log_text().find(needle) != std::string::npos;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

int osc_port_of(const std::string& log) {
  std::smatch m;
  return std::regex_search(log, m, std::regex(R"(OSC on UDP port (\d+))")) ? std::stoi(m[1].str()) : 0;
}

struct Tools {
  fs::path jackd = test::find_program("jackd");
  fs::path jack_wait = test::find_program("jack_wait");
  fs::path oscsend = test::find_program("oscsend");
  fs::path oscdump = test::find_program("oscdump");
  bool ok() const { return !jackd.empty() && !jack_wait.empty() && !oscsend.empty() && !oscdump.empty(); }
};

std::string scene_with_allow(const std::string& allow) {
  std::ifstream in(fs::path(AFTERGLOW_SOURCE_DIR) / "scenes" / "default.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "allow: [127.0.0.1, \"::1\"]";
  text.replace(text.find(from), from.size(), "allow: " + allow);
  return text;
}

TEST(OscLive, OscsendOscdumpQueriesErrorsAndLatencyOnJack) {
  const Tools tools;
  if (!tools.ok()) GTEST_SKIP() << "jackd2 and liblo-tools are needed (scripts/setup.sh installs them)";
  test::TempDir dir;
  test::JackServer server(tools.jackd, dir / "jackd.log");
  ASSERT_TRUE(server.wait_ready(tools.jack_wait)) << server.process().log_text();
  const fs::path scene = dir.write("scenes/main.yaml", scene_with_allow("[127.0.0.1, \"::1\"]"));
  test::BackgroundProcess live(AFTERGLOW_BINARY,
                               {"live", "--backend", "jack", "--scene", scene.string(), "--osc-port", "0",
                                "--seconds", "12", "--no-status", "--out", (dir / "export").string()},
                               dir / "live.log", server.env());
  ASSERT_TRUE(wait_for(live, "OSC on UDP port")) << live.log_text();
  const int port = osc_port_of(live.log_text());
  ASSERT_GT(port, 0);

  // oscdump subscribes through oscsend, then hears the echo of a change oscsend makes.
  const int dump_port = free_udp_port();
  test::BackgroundProcess dump(tools.oscdump.string(), {std::to_string(dump_port)}, dir / "dump.log");
  std::this_thread::sleep_for(300ms);
  const auto oscsend = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"localhost", std::to_string(port)});
    return test::run_process(tools.oscsend.string(), args).exit_code;
  };
  ASSERT_EQ(oscsend({"/afterglow/subscribe", "i", std::to_string(dump_port)}), 0);
  EXPECT_TRUE(wait_for(dump, "/afterglow/cloud1/density/value f 20.0", 3000ms)) << "the full state: " << dump.log_text();
  ASSERT_EQ(oscsend({"/afterglow/cloud1/density/value", "f", "123"}), 0);
  EXPECT_TRUE(wait_for(dump, "/afterglow/cloud1/density/value f 123.0", 3000ms)) << dump.log_text();
  for (int k = 0; k < 40; ++k) {  // some more, for the latency figures
    ASSERT_EQ(oscsend({"/afterglow/cloud1/spray", "f", std::to_string(k / 40.0)}), 0);
    std::this_thread::sleep_for(20ms);
  }

  // A client of our own: queries and malformed messages (each answered to its sender).
  std::vector<std::string> addresses;  // every registry parameter, as `afterglow params` lists them
  const test::ProcessResult params = test::run_afterglow({"params", "--scene", scene.string()});
  for (std::size_t at = params.out.find("/afterglow/"); at != std::string::npos;
       at = params.out.find("/afterglow/", at + 1)) {
    addresses.push_back(params.out.substr(at, params.out.find(' ', at) - at));
  }
  ASSERT_GT(addresses.size(), 40u);
  test::OscClient client;
  client.send(port, "/afterglow/q/all", lo_message_new());
  ASSERT_TRUE(client.receive_until([&] { return client.messages.size() >= 2 * addresses.size(); }, 3000ms))
      << client.messages.size();
  for (const std::string& address : addresses) {
    EXPECT_EQ(client.count(address), 1u) << address;
    EXPECT_EQ(client.count(address + "/value"), 1u) << address;
  }
  client.messages.clear();
  const std::string huge(60000, 'x');
  int sent = 0;
  const auto bad = [&](const char* path, lo_message m) {
    client.send(port, path, m);
    ++sent;
  };
  bad("/afterglow/cloud1/density", lo_message_new());
  for (const char* path : {"/afterglow/cloud1/density", "/afterglow/drone1/note", "/afterglow/scene/morph"}) {
    lo_message m = lo_message_new();
    lo_message_add_string(m, "loud");
    bad(path, m);
  }
  bad("/afterglow/cloud1/density", test::OscClient::floats({std::nanf("")}));
  bad("/afterglow/cloud1/pitch/value", test::OscClient::floats({std::nanf("")}));
  bad("/afterglow/cloud1/density", test::OscClient::floats({0.1f, 0.2f}));
  bad("/afterglow/cloud9/density", test::OscClient::floats({0.5f}));
  bad("/afterglow/cloud1/nothing", test::OscClient::floats({0.5f}));
  bad("/afterglow", test::OscClient::floats({0.5f}));
  bad("/elsewhere", test::OscClient::floats({0.5f}));
  bad("/afterglow/drone1/note", test::OscClient::floats({57.0f}));
  bad("/afterglow/drone1/note", test::OscClient::floats({300.0f, 100.0f}));
  bad("/afterglow/scene/recall", test::OscClient::floats({1.0f}));
  {
    lo_message m = lo_message_new();
    lo_message_add_string(m, huge.c_str());
    bad("/afterglow/scene/recall", m);
  }
  {
    lo_message m = lo_message_new();
    lo_message_add_string(m, "no-such-scene");
    bad("/afterglow/scene/recall", m);
  }
  bad("/afterglow/scene/morph", test::OscClient::floats({-1.0f}));
  bad("/afterglow/q/cloud1/nothing", lo_message_new());
  {
    lo_message m = lo_message_new();
    lo_message_add_blob(m, lo_blob_new(3, "abc"));
    bad("/afterglow/hiss1/trigger", m);
  }
  {
    lo_message m = lo_message_new();
    lo_message_add_int32(m, 99999);
    bad("/afterglow/subscribe", m);
  }
  ASSERT_EQ(sent, 20);
  EXPECT_TRUE(client.receive_until([&] { return client.count("/afterglow/error") >= 20; }, 3000ms))
      << client.count("/afterglow/error") << " error replies";

  ASSERT_EQ(live.wait(30000ms), 0) << live.log_text();
  const std::string log = live.log_text();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(control latency:\s+(\d+) commands .* at most (\d+) frames \(([0-9.]+) blocks\))")))
      << log;
  EXPECT_GE(std::stoi(m[1].str()), 41) << log;
  EXPECT_LE(std::stod(m[3].str()), 2.0) << "every command within two blocks of its arrival: " << log;
}

TEST(OscLive, ASenderNotOnTheAllowListChangesNothing) {
  const Tools tools;
  if (!tools.ok()) GTEST_SKIP() << "jackd2 and liblo-tools are needed (scripts/setup.sh installs them)";
  test::TempDir dir;
  test::JackServer server(tools.jackd, dir / "jackd.log");
  ASSERT_TRUE(server.wait_ready(tools.jack_wait)) << server.process().log_text();
  const fs::path scene = dir.write("scenes/main.yaml", scene_with_allow("[10.99.0.0/16]"));
  test::BackgroundProcess live(AFTERGLOW_BINARY,
                               {"live", "--backend", "jack", "--scene", scene.string(), "--osc-port", "0",
                                "--seconds", "4", "--no-status", "--record", "--out", (dir / "export").string()},
                               dir / "live.log", server.env());
  ASSERT_TRUE(wait_for(live, "OSC on UDP port")) << live.log_text();
  const int port = osc_port_of(live.log_text());
  test::OscClient client;
  client.send(port, "/afterglow/cloud1/density/value", test::OscClient::floats({123.0f}));
  client.send(port, "/afterglow/q/all", lo_message_new());
  client.receive_until([] { return false; }, 500ms);
  EXPECT_TRUE(client.messages.empty()) << "a stranger hears nothing";
  ASSERT_EQ(live.wait(30000ms), 0) << live.log_text();
  // The recording logs every command the engine applied: none came from the stranger.
  std::smatch m;
  const std::string log = live.log_text();
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(recorded:\s+(\S+))"))) << log;
  std::ifstream events(fs::path(m[1].str()) / "events.jsonl");
  const std::string text((std::istreambuf_iterator<char>(events)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("density"), std::string::npos) << text;
  EXPECT_EQ(log.find("control latency"), std::string::npos) << "no OSC command was applied: " << log;
}

}  // namespace
}  // namespace afterglow
