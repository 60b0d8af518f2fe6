#pragma once
// One MIDI input port (RtMidi 5, JACK or ALSA): bytes → MidiDecoder → MidiMap → the engine's command
// queue for this input. Each input owns one CommandSender (one producer per queue, command_queue.h)
// and one decoder and map, so inputs never share state the callback writes (only the parameter
// mirror, which is atomic).
//
// The RtMidi callback only decodes, maps and enqueues (design §4): under JACK it runs on the JACK
// process thread. What it does allocates nothing and takes no lock. Scene recalls (Program Change)
// load a scene file, so they go out through a bounded queue for a control thread to act on.
//
// Timing: every command carries frame 0, "as soon as possible", which the engine applies at the first
// frame of the next block it renders. The callback cannot read the engine's clock (audio-thread state),
// RtMidi gives no frame offsets either (its JACK input stamps a whole cycle's events with one time, and
// its JACK output puts every event at frame 0 of the next cycle), so any frame this thread computed
// would be an estimate whose error is itself about a block — bought with a block of extra latency to
// keep it in the future. Applying at the next block is the lowest latency there is, with at most one
// block of jitter. (Sample-accurate timing is the events file's and the recorder's business: they carry
// absolute frames.)
//
// Errors come back as afterglow::Error with what to do about them; no RtMidi exception escapes.

#include <readerwriterqueue/readerwriterqueue.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "afterglow/control/midi_decoder.h"
#include "afterglow/control/midi_map.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/command_queue.h"

class RtMidiIn;

namespace afterglow::control {

enum class MidiApi {
  kAuto,  // JACK when a JACK server is running, else ALSA
  kJack,
  kAlsa,
};

struct MidiInputOptions {
  MidiApi api = MidiApi::kAuto;
  std::string client_name = "afterglow";  // the JACK client / ALSA sequencer client
  std::string virtual_name = "midi in";   // the port `virtual` opens
};

class MidiInput {
 public:
  static constexpr std::size_t kSceneQueueCapacity = 64;

  // The input ports `api` offers (for `afterglow devices`), in index order.
  static Result<std::vector<std::string>> list_ports(const MidiInputOptions& options = {});

  // Opens `port`: "virtual" (a port of our own others connect to), an index ("2"), a port's exact
  // name, else the one port whose name contains it, ignoring case. Not realtime.
  static Result<std::unique_ptr<MidiInput>> open(const std::string& port, MidiMap map,
                                                 engine::CommandSender sender,
                                                 const MidiInputOptions& options = {});
  // No port: bytes arrive through receive() only (tests, and replaying captured MIDI).
  static std::unique_ptr<MidiInput> detached(MidiMap map, engine::CommandSender sender);

  // Closes the port first, so the callback never runs on a half-destroyed input.
  ~MidiInput();
  MidiInput(const MidiInput&) = delete;
  MidiInput& operator=(const MidiInput&) = delete;

  // What the callback does with a chunk of bytes. Realtime safe; one thread at a time.
  void receive(std::span<const std::uint8_t> bytes) noexcept;

  const std::string& port_name() const { return port_name_; }
  std::string_view api_name() const { return api_name_; }
  // Control side (one consumer): the next scene Program Change asked for.
  bool pop_scene_request(int& index) { return scenes_.try_dequeue(index); }
  // The MIDI clock's tempo (0 until a beat of clock has arrived) and transport. Any thread.
  double tempo_bpm() const noexcept { return tempo_bpm_.load(std::memory_order_relaxed); }
  bool transport_running() const noexcept { return running_.load(std::memory_order_relaxed); }
  std::uint64_t messages() const noexcept { return messages_.load(std::memory_order_relaxed); }
  // Commands or scene requests lost because a queue was full.
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  const MidiMap& map() const { return map_; }

 private:
  class Sink : public MidiMapSink {
   public:
    explicit Sink(MidiInput& input) : input_(input) {}
    void command(const engine::Command& command) noexcept override;
    void recall_scene(int index) noexcept override;

   private:
    MidiInput& input_;
  };

  MidiInput(MidiMap map, engine::CommandSender sender);

  MidiDecoder decoder_;
  MidiMap map_;
  engine::CommandSender sender_;
  Sink sink_{*this};
  moodycamel::ReaderWriterQueue<int> scenes_{kSceneQueueCapacity};
  std::atomic<double> tempo_bpm_{0.0};
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> messages_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::string port_name_;
  std::string api_name_ = "none";
  std::unique_ptr<RtMidiIn> midi_;  // last: destroyed first (see ~MidiInput)
};

}  // namespace afterglow::control
