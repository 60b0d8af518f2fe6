#include "afterglow/control/midi_input.h"

#include <RtMidi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace afterglow::control {
namespace {

// RtMidi reports through a callback once one is set (and throws before): the trap records what it
// said so that each call can be checked and turned into an Error.
struct ErrorTrap {
  bool failed = false;
  bool no_server = false;
  std::string text;

  static void callback(RtMidiError::Type type, const std::string& text, void* user) {
    auto* trap = static_cast<ErrorTrap*>(user);
    if (text.find("JACK server not running") != std::string::npos) trap->no_server = true;
    if (type == RtMidiError::WARNING || type == RtMidiError::DEBUG_WARNING) return;
    trap->failed = true;
    trap->text = text;
  }
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string port_list(const std::vector<std::string>& ports) {
  if (ports.empty()) return "there are none";
  std::string out;
  for (std::size_t i = 0; i < ports.size(); ++i)
    out += fmt::format("{}{}: {}", i == 0 ? "" : ", ", i, ports[i]);
  return out;
}

struct Opened {
  std::unique_ptr<RtMidiIn> midi;
  std::string api;
};

// A client on the requested API; for kAuto, JACK when its server answers, else ALSA.
Result<Opened> make_client(const MidiInputOptions& options, ErrorTrap& trap) {
  auto attempt = [&](RtMidi::Api api) -> Result<Opened> {
    try {
      auto midi = std::make_unique<RtMidiIn>(api, options.client_name, 100);
      midi->setErrorCallback(&ErrorTrap::callback, &trap);
      trap = ErrorTrap{};
      midi->getPortCount();  // connects (JACK) and says whether a server answered
      if (api == RtMidi::UNIX_JACK && trap.no_server) {
        return Error(
            ErrorKind::kNotFound,
            "JACK: no JACK server is running (start one, e.g. `jackd -d alsa`, or use the ALSA MIDI API)");
      }
      if (trap.failed)
        return Error(ErrorKind::kProcessing,
                     fmt::format("MIDI ({}): {}", RtMidi::getApiName(api), trap.text));
      return Opened{std::move(midi), RtMidi::getApiName(api)};
    } catch (const RtMidiError& e) {
      std::string hint;
      if (api == RtMidi::LINUX_ALSA) {
        hint = " (no ALSA sequencer on this machine: load the snd-seq module, or run a JACK server)";
      }
      return Error(ErrorKind::kProcessing,
                   fmt::format("MIDI ({}): {}{}", RtMidi::getApiName(api), e.getMessage(), hint));
    } catch (const std::exception& e) {
      return Error(ErrorKind::kProcessing, fmt::format("MIDI ({}): {}", RtMidi::getApiName(api), e.what()));
    }
  };
  switch (options.api) {
    case MidiApi::kJack:
      return attempt(RtMidi::UNIX_JACK);
    case MidiApi::kAlsa:
      return attempt(RtMidi::LINUX_ALSA);
    case MidiApi::kAuto:
      break;
  }
  auto jack = attempt(RtMidi::UNIX_JACK);
  if (jack.ok()) return jack;
  auto alsa = attempt(RtMidi::LINUX_ALSA);
  if (alsa.ok()) return alsa;
  return Error(ErrorKind::kNotFound,
               fmt::format("no MIDI system to open: {}; {}", jack.error().message(), alsa.error().message()));
}

std::vector<std::string> names(RtMidiIn& midi) {
  std::vector<std::string> out;
  const unsigned count = midi.getPortCount();
  for (unsigned i = 0; i < count; ++i) out.push_back(midi.getPortName(i));
  return out;
}

// "2", an exact name, else the one port containing `wanted` (any case).
Result<unsigned> find_port(const std::string& wanted, const std::vector<std::string>& ports) {
  const bool digits = !wanted.empty() && std::all_of(wanted.begin(), wanted.end(),
                                                     [](unsigned char c) { return std::isdigit(c) != 0; });
  if (digits) {
    const unsigned long index = std::stoul(wanted.size() > 9 ? std::string("999999999") : wanted);
    if (index < ports.size()) return static_cast<unsigned>(index);
    return Error(ErrorKind::kNotFound,
                 fmt::format("there is no MIDI input {} ({}); `afterglow devices` lists them", wanted,
                             port_list(ports)));
  }
  for (unsigned i = 0; i < ports.size(); ++i) {
    if (ports[i] == wanted) return i;
  }
  std::vector<unsigned> matches;
  const std::string needle = lower(wanted);
  for (unsigned i = 0; i < ports.size(); ++i) {
    if (lower(ports[i]).find(needle) != std::string::npos) matches.push_back(i);
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    return Error(ErrorKind::kNotFound,
                 fmt::format("no MIDI input matches \"{}\" ({}); give part of a name, an index, or `virtual`",
                             wanted, port_list(ports)));
  }
  std::vector<std::string> which;
  for (unsigned m : matches) which.push_back(ports[m]);
  return Error(ErrorKind::kUsage,
               fmt::format("\"{}\" matches {} MIDI inputs ({}); give more of the name or an index", wanted,
                           matches.size(), fmt::join(which, ", ")));
}

double seconds_now() noexcept {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void on_message(double /*delta*/, std::vector<unsigned char>* bytes, void* user) {
  if (bytes == nullptr || user == nullptr) return;
  static_cast<MidiInput*>(user)->receive(std::span<const std::uint8_t>(bytes->data(), bytes->size()));
}

}  // namespace

MidiInput::MidiInput(MidiMap map, engine::CommandSender sender)
    : active_(new MidiMap(std::move(map))), sender_(sender) {}

MidiInput::~MidiInput() {
  // RtMidi's destructor closes the JACK client (which waits for a running process callback) or joins
  // the ALSA thread: after it, no callback can touch the members below.
  try {
    midi_.reset();
  } catch (...) {
  }
  delete pending_.exchange(nullptr);
  delete retired_.exchange(nullptr);
  delete active_;
}

std::unique_ptr<MidiInput> MidiInput::detached(MidiMap map, engine::CommandSender sender) {
  return std::unique_ptr<MidiInput>(new MidiInput(std::move(map), sender));
}

Result<std::vector<std::string>> MidiInput::list_ports(const MidiInputOptions& options) {
  ErrorTrap trap;
  auto client = make_client(options, trap);
  if (!client) return client.error();
  try {
    return names(*client->midi);
  } catch (const RtMidiError& e) {
    return Error(ErrorKind::kProcessing, fmt::format("MIDI: could not list inputs: {}", e.getMessage()));
  }
}

Result<std::unique_ptr<MidiInput>> MidiInput::open(const std::string& port, MidiMap map,
                                                   engine::CommandSender sender,
                                                   const MidiInputOptions& options) {
  if (!sender.valid()) return Error(ErrorKind::kInvalidValue, "MIDI input needs a command queue of its own");
  std::unique_ptr<MidiInput> input(new MidiInput(std::move(map), sender));
  input->clock_ = options.clock;  // before the callback can run
  ErrorTrap trap;
  auto client = make_client(options, trap);
  if (!client) return client.error();
  try {
    RtMidiIn& midi = *client->midi;
    // SysEx is skipped anyway (the decoder would drop it); clock must come through; active sensing is noise.
    midi.ignoreTypes(true, false, true);
    midi.setCallback(&on_message, input.get());
    trap = ErrorTrap{};
    if (port == "virtual") {
      midi.openVirtualPort(options.virtual_name);
      input->port_name_ = options.client_name + ":" + options.virtual_name;
    } else {
      const auto ports = names(midi);
      auto index = find_port(port, ports);
      if (!index) return index.error();
      midi.openPort(*index, options.virtual_name);
      input->port_name_ = ports[*index];
    }
    if (trap.failed) {
      return Error(ErrorKind::kProcessing,
                   fmt::format("MIDI: could not open input \"{}\" ({}): {}", port, client->api, trap.text));
    }
  } catch (const RtMidiError& e) {
    return Error(ErrorKind::kProcessing, fmt::format("MIDI: could not open input \"{}\" ({}): {}", port,
                                                     client->api, e.getMessage()));
  }
  input->api_name_ = client->api;
  input->midi_ = std::move(client->midi);
  return input;
}

void MidiInput::receive(std::span<const std::uint8_t> bytes) noexcept {
  const double now = seconds_now();
  const std::uint64_t frame = clock_ != nullptr ? clock_->frames_rendered() : 0;
  adopt_pending();
  MidiMap& map = *active_;
  const bool learning = learn_armed_.load(std::memory_order_acquire);
  decoder_.decode(bytes, [&](const MidiMessage& message) {
    messages_.fetch_add(1, std::memory_order_relaxed);
    // Channel mode messages (CC 120–127: all notes off, …) are not knobs: never learned.
    if (learning && message.type == MidiType::kControlChange && message.data1 < 120) {
      if (++learn_sequence_ == 0) learn_sequence_ = 1;
      learn_slot_.store((std::uint64_t{learn_sequence_} << 32) | (std::uint64_t{message.channel} << 16) |
                            (std::uint64_t{message.data1} << 8) | message.data2,
                        std::memory_order_release);
    }
    map.apply(message, now, frame, sink_);
  });
  if (auto bpm = map.clock().bpm()) tempo_bpm_.store(*bpm, std::memory_order_relaxed);
  running_.store(map.clock().running(), std::memory_order_relaxed);
}

void MidiInput::adopt_pending() noexcept {
  // Only while the previous retired map has been collected: the callback never frees or queues.
  if (retired_.load(std::memory_order_acquire) != nullptr) return;
  if (pending_.load(std::memory_order_relaxed) == nullptr) return;
  MidiMap* next = pending_.exchange(nullptr, std::memory_order_acq_rel);
  if (next == nullptr) return;
  next->carry_over(*active_);
  MidiMap* old = active_;
  active_ = next;
  retired_.store(old, std::memory_order_release);
}

void MidiInput::replace_map(std::unique_ptr<MidiMap> map) {
  collect();
  // A map still pending was never taken by the callback (it takes by exchange): ours to free.
  delete pending_.exchange(map.release(), std::memory_order_acq_rel);
}

bool MidiInput::collect() {
  delete retired_.exchange(nullptr, std::memory_order_acq_rel);
  return pending_.load(std::memory_order_acquire) == nullptr;
}

MidiInput::LearnedCc MidiInput::learned_cc() const noexcept {
  const std::uint64_t v = learn_slot_.load(std::memory_order_acquire);
  LearnedCc out;
  out.sequence = static_cast<std::uint32_t>(v >> 32);
  out.channel = static_cast<int>((v >> 16) & 0xFF) + 1;
  out.cc = static_cast<int>((v >> 8) & 0x7F);
  out.value = static_cast<int>(v & 0x7F);
  return out;
}

void MidiInput::Sink::command(const engine::Command& command) noexcept {
  if (!input_.sender_.send(command)) input_.dropped_.fetch_add(1, std::memory_order_relaxed);
}

void MidiInput::Sink::learn(std::uint32_t param) noexcept {
  if (!input_.learn_keys_.try_enqueue(param)) input_.dropped_.fetch_add(1, std::memory_order_relaxed);
}

void MidiInput::Sink::recall_scene(int index) noexcept {
  if (!input_.scenes_.try_enqueue(index)) input_.dropped_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace afterglow::control
