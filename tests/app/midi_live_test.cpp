// MIDI end to end through the real binary (issue 7, acceptance 2): `afterglow live` on a JACK dummy
// server with a virtual MIDI port, played from this process through RtMidi's JACK output, recording
// the session. Checks, from the recorded session and the log: a note-on sounds the drone at the
// note's pitch (a sine of known pitch as its source, so the pad's root is known: the fundamental
// within 1 %); a CC mapped with pickup does not move its parameter until it crosses the value; a
// Program Change morphs to the folder's next scene; a 120 BPM clock reads 120 ± 0.5 BPM within 2 s;
// and a stream of junk bytes changes nothing.

#include <RtMidi.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <numbers>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "support/background_process.h"
#include "support/jack_server.h"
#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Sets an environment variable for this process for the scope (RtMidi's JACK client reads it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

const char* kSceneA = R"(engine: {sample_rate: 48000}
sources:
  - {path: sine.wav}
layers:
  - {type: drone, name: drone1}
  - {type: cloud, name: cloud1, level: 0}
midi:
  mappings:
    - {notes: all, channel: 1, target: drone1, velocity_curve: fixed}
    - {cc: 20, channel: 1, target: cloud1.position, takeover: pickup}
    - {program: true}
    - {clock: true}
)";

// The second scene of the folder (program 1): the same layers, another cloud.
const char* kSceneB = R"(engine: {sample_rate: 48000}
sources:
  - {path: sine.wav}
layers:
  - {type: drone, name: drone1}
  - {type: cloud, name: cloud1, level: 0, params: {density: 5}}
)";

// The strongest frequency between 60 and 2000 Hz (0.25 Hz steps, Goertzel) of `x` at `rate`.
double strongest_frequency(const std::vector<float>& x, double rate) {
  double best_f = 0.0;
  double best = -1.0;
  for (double f = 60.0; f <= 2000.0; f += 0.25) {
    const double w = 2.0 * std::numbers::pi * f / rate;
    const double c = 2.0 * std::cos(w);
    double s1 = 0.0;
    double s2 = 0.0;
    for (float v : x) {
      const double s0 = v + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - c * s1 * s2;
    if (power > best) {
      best = power;
      best_f = f;
    }
  }
  return best_f;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    out.push_back(text.substr(at, end == std::string::npos ? std::string::npos : end - at));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

// The events.jsonl lines that are commands (not material adoptions).
std::vector<std::string> command_lines(const fs::path& events) {
  std::vector<std::string> out;
  for (const std::string& l : lines_of(test::read_bytes(events))) {
    if (l.find("\"address\"") != std::string::npos) out.push_back(l);
  }
  return out;
}

// afterglow's MIDI input port as jack_lsp lists it (empty if it never appears or the run ends).
std::string wait_for_midi_port(const fs::path& jack_lsp, const test::ProcessOptions& jack_env,
                               test::BackgroundProcess& live) {
  for (int i = 0; i < 100; ++i) {
    const test::ProcessResult lsp = test::run_process(jack_lsp.string(), {}, jack_env);
    for (const std::string& l : lines_of(lsp.out)) {
      if (l.find("midi in") != std::string::npos) return l;
    }
    if (!live.running()) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  return {};
}

// An RtMidi JACK output connected to `port` (JACK_DEFAULT_SERVER must name the server).
std::unique_ptr<RtMidiOut> connect_to(const std::string& port) {
  auto out = std::make_unique<RtMidiOut>(RtMidi::UNIX_JACK, "midi_test");
  for (unsigned i = 0; i < out->getPortCount(); ++i) {
    if (out->getPortName(i) == port) {
      out->openPort(i, "out");
      return out;
    }
  }
  return nullptr;
}

fs::path only_session(const fs::path& export_dir) {
  fs::path found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(export_dir / "sessions", ec)) found = e.path();
  return found;
}

// Each test plays against its own JACK dummy server (256-frame periods), started here.
class MidiLive : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path jackd = test::find_program("jackd");
    if (jackd.empty()) GTEST_SKIP() << "jackd is not installed (apt-get install jackd2; scripts/setup.sh)";
    const fs::path jack_wait = test::find_program("jack_wait");
    jack_lsp = test::find_program("jack_lsp");
    ASSERT_FALSE(jack_wait.empty() || jack_lsp.empty())
        << "jackd is installed but jack_wait or jack_lsp is missing";
    server = std::make_unique<test::JackServer>(jackd, dir / "jackd.log", 256);
    jack_env.env = server->env();
    jack_env.cwd = dir.path();
    ASSERT_EQ(test::run_process(jack_wait.string(), {"-w", "-t", "10"}, jack_env).exit_code, 0)
        << "jackd did not come up:\n"
        << server->process().log_text();
  }

  test::TempDir dir;
  fs::path jack_lsp;
  std::unique_ptr<test::JackServer> server;
  test::ProcessOptions jack_env;
};

TEST_F(MidiLive, ControllersPlayTheRunningBinaryOverJackMidi) {

  // A 220 Hz sine: its pad's root is A3 (MIDI 57), so every key sounds at its own equal-tempered pitch.
  const auto frames = static_cast<std::size_t>(12.0 * 48000);
  const std::vector<float> tone = test::sine(220.0, 0.4, frames, 48000.0);
  const fs::path scene = dir.write("scenes/a.yaml", kSceneA);
  dir.write("scenes/b.yaml", kSceneB);
  // Learned mappings sit in the same folder; they load with a.yaml and are not a scene to recall.
  dir.write("scenes/a.mappings.yaml", "midi:\n  mappings:\n    - {cc: 90, target: cloud1.spray}\n");
  test::write_fixture(dir / "scenes" / "sine.wav", {tone, tone}, 48000);
  const fs::path export_dir = dir / "export";

  test::BackgroundProcess live(
      AFTERGLOW_BINARY,
      {"live", "--backend", "jack", "--midi-in", "virtual", "--scene", scene.string(), "--seconds", "20",
       "--no-status", "--no-osc", "--record", "--out", export_dir.string()},
      dir / "live.log", server->env());
  const std::string midi_port = wait_for_midi_port(jack_lsp, jack_env, live);
  ASSERT_FALSE(midi_port.empty()) << "afterglow's MIDI port never appeared:\n" << live.log_text();

  ScopedEnv jack_server("JACK_DEFAULT_SERVER", server->name());
  ScopedEnv no_start("JACK_NO_START_SERVER", "1");
  RtMidiOut out(RtMidi::UNIX_JACK, "midi_test");
  int port = -1;
  for (unsigned i = 0; i < out.getPortCount(); ++i) {
    if (out.getPortName(i) == midi_port) port = static_cast<int>(i);
  }
  ASSERT_GE(port, 0) << midi_port << " is not among RtMidi's JACK outputs";
  out.openPort(static_cast<unsigned>(port), "out");
  auto send = [&](std::vector<unsigned char> bytes) { out.sendMessage(&bytes); };
  auto t0 = Clock::now();
  auto at = [&](double seconds) {
    std::this_thread::sleep_until(t0 + std::chrono::duration<double>(seconds));
  };
  const fs::path log_path = dir / "live.log";
  auto wait_for_material = [&] {
    for (int i = 0; i < 160; ++i) {  // up to 8 s: analysis is slower on a loaded machine
      const fs::path session = only_session(export_dir);
      if (!session.empty() &&
          test::read_bytes(session / "events.jsonl").find("\"material\": \"complete\"") != std::string::npos)
        return true;
      std::this_thread::sleep_for(milliseconds(50));
    }
    return false;
  };
  ASSERT_TRUE(wait_for_material()) << live.log_text();

  // A note: E4 (MIDI 64), 329.63 Hz. The times below count from it.
  t0 = Clock::now();
  send({0x90, 64, 100});
  // The knob: the parameter sits at 0.5; 10 … 50 (below it) must not move it; 70 crosses it.
  at(0.3);
  for (int v : {10, 20, 30, 40, 50}) {
    send({0xB0, 20, static_cast<unsigned char>(v)});
    std::this_thread::sleep_for(milliseconds(20));
  }
  at(1.0);
  const fs::path session = only_session(export_dir);
  ASSERT_FALSE(session.empty());
  send({0xB0, 20, 70});
  send({0xB0, 20, 80});

  // Junk: undefined status bytes, stray data bytes, a cut-off note-on and CC, undefined realtime
  // bytes, complete SysEx: nothing a player would call a message.
  at(1.8);
  const double junk_from = std::chrono::duration<double>(Clock::now() - t0).count();
  std::uint32_t seed = 12345;
  auto rnd = [&] { return (seed = seed * 1664525u + 1013904223u) >> 24; };
  for (int i = 0; i < 300; ++i) {
    switch (i % 6) {
      case 0:
        send({0xF4, static_cast<unsigned char>(rnd() & 0x7F), static_cast<unsigned char>(rnd() & 0x7F)});
        break;
      case 1:
        send({0xF5});
        break;
      case 2: {
        std::vector<unsigned char> sysex = {0xF0};
        for (unsigned n = rnd() % 40; n > 0; --n) sysex.push_back(static_cast<unsigned char>(rnd() & 0x7F));
        sysex.push_back(0xF7);
        send(sysex);
        break;
      }
      case 3:
        send({0x90, static_cast<unsigned char>(rnd() & 0x7F)});
        send({0xF4});
        break;
      case 4:
        send({0xFD});
        send({0xF9});
        break;
      case 5:
        send({0xB0, 20});
        send({0xF5});
        break;
    }
    std::this_thread::sleep_for(milliseconds(2));
  }
  const double junk_to = std::chrono::duration<double>(Clock::now() - t0).count();

  // The clock: Start, then 24 ticks per beat at 120 BPM; the tempo must be read within 2 s.
  at(3.5);
  send({0xFA});
  const auto clock_start = Clock::now();
  std::atomic<bool> clock_stop{false};
  std::thread clock([&] {
    auto next = Clock::now();
    while (!clock_stop.load()) {
      std::vector<unsigned char> tick = {0xF8};
      out.sendMessage(&tick);
      next += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(60.0 / 120.0 / 24.0));
      std::this_thread::sleep_until(next);
    }
  });
  std::optional<double> tempo_after;
  const std::regex tempo_line(R"(MIDI clock on [^:]+:[^:]+: ([0-9.]+) BPM)");
  while (Clock::now() - clock_start < std::chrono::seconds(3)) {
    const std::string log = test::read_bytes(log_path);
    for (auto it = std::sregex_iterator(log.begin(), log.end(), tempo_line); it != std::sregex_iterator();
         ++it) {
      const double bpm = std::stod((*it)[1].str());
      if (std::abs(bpm - 120.0) <= 0.5 && !tempo_after)
        tempo_after = std::chrono::duration<double>(Clock::now() - clock_start).count();
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  clock_stop.store(true);
  clock.join();
  send({0xFC});

  // Program 1: the folder's second scene (b.yaml; a learned-mappings file would not count).
  at(7.0);
  send({0xC0, 1});
  const int exit_code = live.wait(milliseconds(30000));
  const std::string log = live.log_text();
  ASSERT_EQ(exit_code, 0) << log;

  EXPECT_NE(log.find("MIDI program 1: morphing to b.yaml"), std::string::npos) << log;
  EXPECT_NE(log.find("MIDI: 1 learned mapping(s) from"), std::string::npos) << log;
  // Every MIDI command is stamped on arrival: from the port to the first sample it changes within two
  // blocks (issue 7, acceptance 6).
  std::smatch latency;
  ASSERT_TRUE(std::regex_search(
      log, latency, std::regex(R"(control latency:\s+(\d+) commands .* at most (\d+) frames \(([0-9.]+) blocks\))")))
      << log;
  EXPECT_GE(std::stoi(latency[1].str()), 3) << "the note and the two values past the pickup: " << log;
  EXPECT_LE(std::stod(latency[3].str()), 2.0) << "every MIDI command within two blocks of its arrival: " << log;
  ASSERT_TRUE(tempo_after) << log;
  EXPECT_LE(*tempo_after, 2.0) << log;
  std::smatch m;
  std::string last_tempo;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), tempo_line); it != std::sregex_iterator(); ++it)
    last_tempo = (*it)[1].str();
  ASSERT_FALSE(last_tempo.empty()) << log;
  EXPECT_NEAR(std::stod(last_tempo), 120.0, 0.5) << log;

  // Pickup: nothing from 10 … 50; the crossing and the next value arrive.
  const std::vector<std::string> events = command_lines(session / "events.jsonl");
  std::vector<double> positions;
  std::uint64_t note_frame = 0;
  bool note_seen = false;
  const std::regex position(R"("address": "/afterglow/cloud1/position", "value": ([-0-9.e]+))");
  const std::regex note(R"(\{"frame": (\d+), "address": "/afterglow/drone1/note", "note": 64)");
  for (const std::string& l : events) {
    if (std::regex_search(l, m, position)) positions.push_back(std::stod(m[1].str()));
    if (!note_seen && std::regex_search(l, m, note)) {
      note_frame = std::stoull(m[1].str());
      note_seen = true;
    }
  }
  // Junk changed nothing: no command was applied while it arrived (frames counted from the note's).
  ASSERT_TRUE(note_seen) << test::read_bytes(session / "events.jsonl");
  ASSERT_LT(junk_to, 3.4);  // the clock (whose mapping sends nothing) starts at 3.5 s
  const auto junk_first = note_frame + static_cast<std::uint64_t>((junk_from - 0.1) * 48000.0);
  const auto junk_last = note_frame + static_cast<std::uint64_t>((junk_to + 0.2) * 48000.0);
  const std::regex frame_of(R"(^\{"frame": (\d+))");
  for (const std::string& l : events) {
    ASSERT_TRUE(std::regex_search(l, m, frame_of)) << l;
    const std::uint64_t f = std::stoull(m[1].str());
    EXPECT_FALSE(f >= junk_first && f <= junk_last) << "applied while junk arrived: " << l;
  }
  ASSERT_GE(positions.size(), 2u) << test::read_bytes(session / "events.jsonl");
  EXPECT_NEAR(positions[0], 70.0 / 127.0, 1e-4);
  EXPECT_NEAR(positions[1], 80.0 / 127.0, 1e-4);

  // The note: the recorded drone's fundamental is E4's, within 1 %.
  ASSERT_TRUE(note_seen) << test::read_bytes(session / "events.jsonl");
  const test::RawAudio audio = test::read_fixture(session / "session.wav");
  ASSERT_EQ(audio.info.samplerate, 48000);
  const std::size_t from = note_frame + 48000;  // past the drone's fade-in
  ASSERT_GT(audio.channels[0].size(), from + 96000) << "the recording is too short";
  const std::vector<float> segment(audio.channels[0].begin() + static_cast<std::ptrdiff_t>(from),
                                   audio.channels[0].begin() + static_cast<std::ptrdiff_t>(from + 96000));
  const double expected = 440.0 * std::pow(2.0, (64.0 - 69.0) / 12.0);
  const double heard = strongest_frequency(segment, 48000.0);
  EXPECT_NEAR(heard, expected, expected * 0.01);
  std::printf(
      "drone: %.2f Hz for %.2f Hz; clock read %.2f BPM %.2f s after it started; pickup sent %zu values\n",
      heard, expected, std::stod(last_tempo), *tempo_after, positions.size());
}

// Issue 7, acceptance 4 through the binary: `--learn` maps the last knob moved, saves it next to the
// scene (the scene file untouched), and the next run plays the parameter from that knob.
TEST_F(MidiLive, ALearnedKnobIsSavedAndPlaysInTheNextRun) {
  const std::string scene_text =
      "sources:\n  - {demo: pad}\nlayers:\n  - {type: cloud, name: cloud1}\n"
      "midi:\n  mappings:\n    - {cc: 31, channel: 2, target: cloud1.size_ms}\n";
  const fs::path scene = dir.write("scenes/set.yaml", scene_text);
  const fs::path learned = dir / "scenes" / "set.mappings.yaml";
  const fs::path export_dir = dir / "export";
  ScopedEnv jack_server("JACK_DEFAULT_SERVER", server->name());
  ScopedEnv no_start("JACK_NO_START_SERVER", "1");

  {
    test::BackgroundProcess live(
        AFTERGLOW_BINARY,
        {"live", "--backend", "jack", "--midi-in", "virtual", "--scene", scene.string(), "--seconds", "5",
         "--no-status", "--no-osc", "--learn", "cloud1.density", "--out", export_dir.string()},
        dir / "learn.log", server->env());
    const std::string port = wait_for_midi_port(jack_lsp, jack_env, live);
    ASSERT_FALSE(port.empty()) << live.log_text();
    auto out = connect_to(port);
    ASSERT_TRUE(out) << port;
    // A JACK connection carries events from the next graph change on: what is sent before is lost.
    std::this_thread::sleep_for(milliseconds(500));
    for (int v = 0; v < 20; ++v) {
      std::vector<unsigned char> a = {0xB0, 30, static_cast<unsigned char>(v)};
      out->sendMessage(&a);
      std::this_thread::sleep_for(milliseconds(10));
    }
    for (int v = 0; v < 20; ++v) {  // the last one moved: CC 31 on channel 2
      std::vector<unsigned char> b = {0xB1, 31, static_cast<unsigned char>(v)};
      out->sendMessage(&b);
      std::this_thread::sleep_for(milliseconds(10));
    }
    ASSERT_EQ(live.wait(milliseconds(20000)), 0) << live.log_text();
    EXPECT_NE(live.log_text().find("MIDI learn: CC 31 on channel 2 → cloud1.density (saved to"),
              std::string::npos)
        << live.log_text();
  }
  EXPECT_EQ(test::read_bytes(scene), scene_text);
  ASSERT_TRUE(fs::exists(learned));
  EXPECT_NE(test::read_bytes(learned).find("{cc: 31, channel: 2, target: \"cloud1.density\"}"),
            std::string::npos)
      << test::read_bytes(learned);

  // The next run: the learned knob plays cloud1.density (it replaced the scene's CC 31 on channel 2).
  test::BackgroundProcess live(
      AFTERGLOW_BINARY,
      {"live", "--backend", "jack", "--midi-in", "virtual", "--scene", scene.string(), "--seconds", "4",
       "--no-status", "--no-osc", "--record", "--out", export_dir.string()},
      dir / "play.log", server->env());
  const std::string port = wait_for_midi_port(jack_lsp, jack_env, live);
  ASSERT_FALSE(port.empty()) << live.log_text();
  auto out = connect_to(port);
  ASSERT_TRUE(out) << port;
  std::this_thread::sleep_for(milliseconds(500));
  for (unsigned char v : {0, 127}) {  // pickup: from the bottom to the top crosses the value
    std::vector<unsigned char> m = {0xB1, 31, v};
    out->sendMessage(&m);
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_EQ(live.wait(milliseconds(20000)), 0) << live.log_text();
  EXPECT_NE(live.log_text().find("MIDI: 1 learned mapping(s) from"), std::string::npos) << live.log_text();
  const fs::path session = only_session(export_dir);
  ASSERT_FALSE(session.empty());
  const std::vector<std::string> events = command_lines(session / "events.jsonl");
  bool density = false;
  for (const std::string& l : events) {
    EXPECT_EQ(l.find("cloud1/size_ms"), std::string::npos) << l;
    if (l.find(R"("address": "/afterglow/cloud1/density", "value": 40000})") != std::string::npos)
      density = true;
  }
  EXPECT_TRUE(density) << test::read_bytes(session / "events.jsonl");
}

}  // namespace
}  // namespace afterglow
