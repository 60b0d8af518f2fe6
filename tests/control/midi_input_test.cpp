// MidiInput: bytes into the engine's command queue, without a port and over JACK MIDI on a dummy
// server (a virtual port, and a port opened by part of its name), and the errors a performer sees.

#include "afterglow/control/midi_input.h"

#include <RtMidi.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "afterglow/config/scene_loader.h"
#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/drone_layer.h"
#include "support/background_process.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

namespace afterglow::control {
namespace {

namespace fs = std::filesystem;
using engine::Command;
using engine::CommandType;

const engine::ParamRegistry& registry() {
  static const engine::ParamRegistry r = engine::ParamRegistry::default_layers();
  return r;
}

MidiMap make_map(const std::string& mappings) {
  config::SceneLoad l = config::load_scene_string("midi:\n  mappings:\n" + mappings, "scene.yaml", "/scenes");
  EXPECT_TRUE(l.ok()) << l.diagnostics.format_all();
  auto map = MidiMap::build(l.scene->midi.mappings, registry());
  EXPECT_TRUE(map.ok());
  return std::move(map).value();
}

const char* kMappings =
    "    - {cc: 21, target: cloud1.position, takeover: jump}\n"
    "    - {notes: all, target: drone1}\n"
    "    - {program: true}\n";

std::vector<Command> drain(engine::CommandQueues& queues) {
  std::vector<Command> out;
  queues.drain(1000000, [&](const Command& c) {
    out.push_back(c);
    return true;
  });
  return out;
}

TEST(MidiInput, DetachedInputEnqueuesWhatTheMapMakes) {
  engine::CommandQueues queues(1, 64);
  auto input = MidiInput::detached(make_map(kMappings), queues.sender(0));
  const std::uint8_t part1[] = {0x90, 60};
  const std::uint8_t part2[] = {100, 0xB0, 21, 0xF8, 127, 0xC0, 7, 0xF0, 1, 2, 3};
  input->receive(part1);
  input->receive(part2);
  const auto commands = drain(queues);
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].type, CommandType::kNoteOn);
  EXPECT_EQ(commands[0].note, 60);
  EXPECT_EQ(commands[0].frame_time, 0u);  // as soon as possible: the next block
  EXPECT_EQ(commands[1].type, CommandType::kParam);
  EXPECT_EQ(commands[1].target, registry().find("/afterglow/cloud1/position")->index);
  EXPECT_FLOAT_EQ(commands[1].value, 1.0f);
  int scene = -1;
  ASSERT_TRUE(input->pop_scene_request(scene));
  EXPECT_EQ(scene, 7);
  EXPECT_EQ(input->messages(), 4u);  // note, clock, CC, program
  EXPECT_EQ(input->dropped(), 0u);
}

TEST(MidiInput, CommandsAreStampedWithTheEnginesClockOnArrival) {
  std::vector<engine::EngineLayer> layers = {{"drone1", &engine::drone_layer_type(), {}},
                                             {"cloud1", &engine::cloud_layer_type(), {}}};
  auto e = std::move(engine::Engine::create(std::move(layers))).value_or_throw();
  e->prepare(48000.0, 256);
  auto input = MidiInput::detached(make_map(kMappings), e->command_sender(1));
  input->set_clock(e.get());
  std::vector<float> l(256), r(256);
  for (int b = 0; b < 3; ++b) e->process({l, r});
  const std::uint8_t cc[] = {0xB0, 21, 64};
  input->receive(cc);
  // The engine applies it at its next block, 0 frames after its arrival, and says so.
  e->process({l, r});
  std::uint64_t stamped = 0;
  std::uint32_t lateness = 1;
  engine::Telemetry t;
  while (e->pop_telemetry(t)) {
    stamped += t.stamped_commands;
    if (t.stamped_commands > 0) lateness = t.max_command_lateness;
  }
  EXPECT_EQ(stamped, 1u);
  EXPECT_EQ(lateness, 0u);
}

TEST(MidiInput, AFullQueueDropsAndCounts) {
  engine::CommandQueues queues(1, 4);
  auto input = MidiInput::detached(make_map(kMappings), queues.sender(0));
  std::vector<std::uint8_t> flood;
  for (int i = 0; i < 200; ++i) flood.insert(flood.end(), {0xB0, 21, static_cast<std::uint8_t>(i % 128)});
  input->receive(flood);
  EXPECT_GT(input->dropped(), 0u);
  EXPECT_LE(drain(queues).size(), 200u - input->dropped());
}

// JACK clients in this process talk to the server named here.
class JackEnvironment {
 public:
  explicit JackEnvironment(const std::string& server) {
    ::setenv("JACK_DEFAULT_SERVER", server.c_str(), 1);
    ::setenv("JACK_NO_START_SERVER", "1", 1);
  }
  ~JackEnvironment() {
    ::unsetenv("JACK_DEFAULT_SERVER");
    ::unsetenv("JACK_NO_START_SERVER");
  }
};

TEST(MidiInput, NoJackServerIsAnActionableError) {
  JackEnvironment env("afterglow_absent_" + std::to_string(::getpid()));
  engine::CommandQueues queues(1, 16);
  MidiInputOptions options;
  options.api = MidiApi::kJack;
  auto input = MidiInput::open("virtual", make_map(kMappings), queues.sender(0), options);
  ASSERT_FALSE(input.ok());
  EXPECT_NE(input.error().message().find("no JACK server is running"), std::string::npos)
      << input.error().message();
  auto ports = MidiInput::list_ports(options);
  EXPECT_FALSE(ports.ok());
}

void send(RtMidiOut& out, std::vector<unsigned char> bytes) {
  out.sendMessage(bytes.data(), bytes.size());
}

// Waits until `queues` has delivered `count` commands (or 5 s passed).
std::vector<Command> collect(engine::CommandQueues& queues, std::size_t count) {
  std::vector<Command> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    for (const auto& c : drain(queues)) out.push_back(c);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return out;
}

TEST(MidiInput, ReceivesOverJackMidiOnADummyServer) {
  const fs::path jackd = test::find_program("jackd");
  if (jackd.empty()) GTEST_SKIP() << "jackd is not installed (apt-get install jackd2; scripts/setup.sh)";
  const fs::path jack_wait = test::find_program("jack_wait");
  ASSERT_FALSE(jack_wait.empty()) << "jackd is installed but jack_wait is missing (package jackd2)";

  test::TempDir dir;
  const std::string server = "afterglow_midi_" + std::to_string(::getpid());
  const std::vector<std::pair<std::string, std::string>> env = {{"JACK_DEFAULT_SERVER", server},
                                                                {"JACK_NO_START_SERVER", "1"}};
  test::BackgroundProcess jack(jackd.string(), {"-n", server, "-d", "dummy", "-r", "48000", "-p", "64"},
                               dir / "jackd.log", env);
  test::ProcessOptions wait_options;
  wait_options.env = env;
  const auto waited = test::run_process(jack_wait.string(), {"-w", "-t", "10"}, wait_options);
  ASSERT_EQ(waited.exit_code, 0) << "jackd did not come up:\n" << jack.log_text();
  JackEnvironment jack_env(server);

  engine::CommandQueues queues(2, 1024);
  MidiInputOptions options;
  options.api = MidiApi::kJack;
  options.client_name = "afterglow_test";
  options.virtual_name = "controls";
  auto input = MidiInput::open("virtual", make_map(kMappings), queues.sender(0), options);
  ASSERT_TRUE(input.ok()) << input.error().message();
  EXPECT_EQ((*input)->api_name(), "jack");

  // A controller: RtMidiOut connected to our virtual port.
  RtMidiOut out(RtMidi::UNIX_JACK, "fake_controller");
  int target = -1;
  for (unsigned i = 0; i < out.getPortCount(); ++i) {
    if (out.getPortName(i).find("afterglow_test:controls") != std::string::npos) target = static_cast<int>(i);
  }
  ASSERT_GE(target, 0) << "our virtual port is not visible to other JACK clients";
  out.openPort(static_cast<unsigned>(target), "out");
  send(out, {0x90, 57, 100});
  send(out, {0xB0, 21, 127});
  send(out, {0xB0, 21, 0});
  send(out, {0x80, 57, 0});
  auto commands = collect(queues, 4);
  ASSERT_EQ(commands.size(), 4u);
  EXPECT_EQ(commands[0].type, CommandType::kNoteOn);
  EXPECT_EQ(commands[0].note, 57);
  EXPECT_FLOAT_EQ(commands[1].value, 1.0f);
  EXPECT_FLOAT_EQ(commands[2].value, 0.0f);
  EXPECT_EQ(commands[3].type, CommandType::kNoteOff);

  // Junk changes nothing (and breaks nothing: a note after it still arrives).
  // (Data bytes right after the note-off would be running-status note-offs, as on a cable: the junk
  // starts with an undefined status, which cancels running status.)
  send(out, {0xF4, 0x12, 0x34, 0x7F});
  send(out, {0xF9, 0xFD});
  // A SysEx split over two events. (RtMidi's JACK input swallows every event after a SysEx until one
  // ends in 0xF7, so a SysEx that never ends would silence the port: a limit of RtMidi, not ours.)
  send(out, {0xF0, 0x7E, 0x7F, 0x09, 0x01});
  send(out, {0x90, 0x05, 0x06, 0xF7});
  send(out, {0xB0});  // a status alone: truncated by the next
  send(out, {0x90, 62, 90});
  commands = collect(queues, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // anything else would have come by now
  for (const auto& c : drain(queues)) commands.push_back(c);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].note, 62);

  // A 120 BPM clock, paced by this thread (its sleep jitter stands in for a real clock's), is read as
  // 120 ± 0.5 BPM within 2 s.
  EXPECT_EQ((*input)->tempo_bpm(), 0.0);
  send(out, {0xFA});
  const auto start = std::chrono::steady_clock::now();
  const auto tick = std::chrono::duration<double>(60.0 / (120.0 * 24.0));
  for (int i = 0; i < 96; ++i) {
    std::this_thread::sleep_until(start + std::chrono::duration_cast<std::chrono::nanoseconds>(tick * i));
    send(out, {0xF8});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NEAR((*input)->tempo_bpm(), 120.0, 0.5);
  EXPECT_TRUE((*input)->transport_running());
  EXPECT_TRUE(drain(queues).empty());  // the clock is not mapped here: it sends nothing

  // A second input opened by part of a port's name, in another case: the controller's own port.
  RtMidiOut named(RtMidi::UNIX_JACK, "NanoKontrol_Sim");
  named.openVirtualPort("knobs");
  auto ports = MidiInput::list_ports(options);
  ASSERT_TRUE(ports.ok()) << ports.error().message();
  MidiInputOptions second = options;
  second.client_name = "afterglow_test2";
  auto by_name = MidiInput::open("nanokontrol_sim:KNOBS", make_map(kMappings), queues.sender(1), second);
  ASSERT_TRUE(by_name.ok()) << by_name.error().message();
  EXPECT_EQ((*by_name)->port_name(), "NanoKontrol_Sim:knobs");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the connection settles
  send(named, {0xC0, 3});
  int scene = -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!(*by_name)->pop_scene_request(scene) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(scene, 3);

  auto missing = MidiInput::open("no such port", make_map(kMappings), queues.sender(1), second);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), ErrorKind::kNotFound);
  EXPECT_NE(missing.error().message().find("NanoKontrol_Sim:knobs"), std::string::npos)
      << missing.error().message();
  auto out_of_range = MidiInput::open("99", make_map(kMappings), queues.sender(1), second);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_NE(out_of_range.error().message().find("no MIDI input 99"), std::string::npos);
}

}  // namespace
}  // namespace afterglow::control
