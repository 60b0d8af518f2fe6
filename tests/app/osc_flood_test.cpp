// Floods (issue 7, acceptance 3, the OSC half): 10,000 OSC messages a second for 10 s into
// `afterglow live` on a realtime JACK dummy server → no deadline miss, resident memory grows by less
// than 5 MB, and every parameter flooded ends at the last value sent.

#include <gtest/gtest.h>
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

long resident_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TEST(OscFlood, TenThousandMessagesASecondForTenSeconds) {
  const fs::path jackd = test::find_program("jackd");
  const fs::path jack_wait = test::find_program("jack_wait");
  if (jackd.empty() || jack_wait.empty()) GTEST_SKIP() << "jackd2 is needed (scripts/setup.sh installs it)";
  test::TempDir dir;
  test::JackServer server(jackd, dir / "jackd.log");
  ASSERT_TRUE(server.wait_ready(jack_wait)) << server.process().log_text();
  test::BackgroundProcess live(AFTERGLOW_BINARY,
                               {"live", "--backend", "jack", "--scene",
                                (fs::path(AFTERGLOW_SOURCE_DIR) / "scenes" / "default.yaml").string(), "--osc-port",
                                "0", "--seconds", "16", "--no-status", "--out", (dir / "export").string()},
                               dir / "live.log", server.env());
  int port = 0;
  for (int i = 0; i < 300 && port == 0; ++i) {
    std::smatch m;
    const std::string log = live.log_text();
    if (std::regex_search(log, m, std::regex(R"(OSC on UDP port (\d+))"))) port = std::stoi(m[1].str());
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_GT(port, 0) << live.log_text();
  std::this_thread::sleep_for(1500ms);  // the material has arrived; memory has settled
  const long before = resident_kb(live.pid());
  ASSERT_GT(before, 0);

  // Five parameters in turn, 100 messages every 10 ms.
  const char* targets[] = {"/afterglow/cloud1/spray", "/afterglow/cloud1/position", "/afterglow/drone1/tone",
                           "/afterglow/hiss1/tremolo_depth", "/afterglow/cloud1/stereo_spread"};
  test::OscClient client;
  float last[5] = {};
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t sent = 0;
  for (int tick = 0; tick < 1000; ++tick) {
    for (int k = 0; k < 100; ++k, ++sent) {
      const int t = static_cast<int>(sent % 5);
      last[t] = static_cast<float>((sent * 7919) % 1000) / 1000.0f;
      client.send(port, targets[t], test::OscClient::floats({last[t]}));
    }
    std::this_thread::sleep_until(start + (tick + 1) * 10ms);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 11.0) << "the sender kept up: " << sent << " messages";
  std::this_thread::sleep_for(300ms);
  const long after = resident_kb(live.pid());

  // Every flooded parameter ends at the last value sent (asked after the flood).
  client.messages.clear();
  for (const char* t : targets) client.send(port, (std::string("/afterglow/q") + (t + 10)).c_str(), lo_message_new());
  ASSERT_TRUE(client.receive_until([&] { return client.messages.size() >= 10; }, 3000ms)) << client.messages.size();
  for (int t = 0; t < 5; ++t) {
    bool found = false;
    for (const auto& m : client.messages) {
      if (m.path == targets[t]) {
        EXPECT_NEAR(m.f, last[t], 1e-6) << targets[t];
        found = true;
      }
    }
    EXPECT_TRUE(found) << targets[t];
  }

  ASSERT_EQ(live.wait(30000ms), 0) << live.log_text();
  const std::string log = live.log_text();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(deadline misses:\s+(\d+))"))) << log;
  EXPECT_EQ(m[1].str(), "0") << log;
  EXPECT_LT(after - before, 5 * 1024) << "resident memory grew from " << before << " kB to " << after << " kB";
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(control latency:\s+(\d+) commands)"))) << log;
  EXPECT_GE(std::stoull(m[1].str()), sent * 99 / 100) << "nearly every message reached the engine: " << log;
}

}  // namespace
}  // namespace afterglow
