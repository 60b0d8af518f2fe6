// Floods (issue 7, acceptance 3): 10,000 OSC messages and 5,000 MIDI CC a second for 10 s into
// `afterglow live` on a realtime JACK dummy server (MIDI over JACK MIDI into its virtual port) → no
// deadline miss, resident memory grows by less than 5 MB, and every parameter flooded ends at the last
// value sent.

#include <RtMidi.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

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

// JACK_DEFAULT_SERVER for this process while the RtMidi client lives.
class ScopedJackServerEnv {
 public:
  explicit ScopedJackServerEnv(const std::vector<std::pair<std::string, std::string>>& env) {
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  }
  ~ScopedJackServerEnv() {
    ::unsetenv("JACK_DEFAULT_SERVER");
    ::unsetenv("JACK_NO_START_SERVER");
  }
};

std::string flood_scene() {
  std::ifstream in(fs::path(AFTERGLOW_SOURCE_DIR) / "scenes" / "default.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "  mappings: []";
  text.replace(text.find(from), from.size(),
               "  mappings:\n    - {cc: 21, target: cloud1.pitch_scatter, takeover: jump}");
  return text;
}

long resident_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TEST(OscFlood, TenThousandOscAndFiveThousandMidiMessagesASecondForTenSeconds) {
  const fs::path jackd = test::find_program("jackd");
  const fs::path jack_wait = test::find_program("jack_wait");
  if (jackd.empty() || jack_wait.empty()) GTEST_SKIP() << "jackd2 is needed (scripts/setup.sh installs it)";
  test::TempDir dir;
  test::JackServer server(jackd, dir / "jackd.log");
  ASSERT_TRUE(server.wait_ready(jack_wait)) << server.process().log_text();
  const fs::path scene = dir.write("scenes/flood.yaml", flood_scene());
  test::BackgroundProcess live(AFTERGLOW_BINARY,
                               {"live", "--backend", "jack", "--scene", scene.string(), "--osc-port", "0",
                                "--midi-in", "virtual", "--seconds", "16", "--no-status", "--out",
                                (dir / "export").string()},
                               dir / "live.log", server.env());
  int port = 0;
  for (int i = 0; i < 300 && port == 0; ++i) {
    std::smatch m;
    const std::string log = live.log_text();
    if (std::regex_search(log, m, std::regex(R"(OSC on UDP port (\d+))"))) port = std::stoi(m[1].str());
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_GT(port, 0) << live.log_text();
  // A JACK MIDI output of our own, connected to afterglow's virtual input.
  ScopedJackServerEnv jack_env(server.env());
  RtMidiOut midi(RtMidi::UNIX_JACK, "flood");
  bool connected = false;
  for (int i = 0; i < 100 && !connected; ++i) {
    for (unsigned p = 0; p < midi.getPortCount(); ++p) {
      if (midi.getPortName(p).find("midi in") != std::string::npos) {
        midi.openPort(p, "out");
        connected = true;
        break;
      }
    }
    if (!connected) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(connected) << "afterglow's MIDI input never appeared: " << live.log_text();
  std::this_thread::sleep_for(1500ms);  // the material has arrived; memory has settled
  const long before = resident_kb(live.pid());
  ASSERT_GT(before, 0);

  // Five parameters in turn, 100 messages every 10 ms.
  const char* targets[] = {"/afterglow/cloud1/spray", "/afterglow/cloud1/position", "/afterglow/drone1/tone",
                           "/afterglow/hiss1/tremolo_depth", "/afterglow/cloud1/stereo_spread"};
  test::OscClient client;
  float last[5] = {};
  int last_cc = -1;
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t sent = 0;
  std::uint64_t cc_sent = 0;
  for (int tick = 0; tick < 1000; ++tick) {
    for (int k = 0; k < 100; ++k, ++sent) {
      const int t = static_cast<int>(sent % 5);
      last[t] = static_cast<float>((sent * 7919) % 1000) / 1000.0f;
      client.send(port, targets[t], test::OscClient::floats({last[t]}));
      if (k % 2 == 0) {  // 50 CC every 10 ms
        last_cc = static_cast<int>((cc_sent * 37) % 128);
        std::vector<unsigned char> cc = {0xB0, 21, static_cast<unsigned char>(last_cc)};
        midi.sendMessage(&cc);
        ++cc_sent;
      }
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
  client.send(port, "/afterglow/q/cloud1/pitch_scatter", lo_message_new());
  ASSERT_TRUE(client.receive_until([&] { return client.messages.size() >= 12; }, 3000ms)) << client.messages.size();
  bool found_cc = false;
  for (const auto& m : client.messages) {
    if (m.path == "/afterglow/cloud1/pitch_scatter") {
      EXPECT_NEAR(m.f, static_cast<float>(last_cc) / 127.0f, 1e-4) << "the last CC (" << last_cc << ") wins";
      found_cc = true;
    }
  }
  EXPECT_TRUE(found_cc);
  EXPECT_EQ(cc_sent, 50000u);
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
