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
// Timing: a command is stamped with the engine's clock when its bytes arrive (the frames rendered so
// far, an atomic the engine publishes after each block, as the OSC server does), and the engine
// applies it at the first frame of the next block it renders — stamped in the past, never scheduled
// in the future. The stamp only measures: the engine reports how many frames passed between arrival
// and the first sample the command affected (Telemetry::max_command_lateness, the live summary's
// control latency). RtMidi gives no frame offsets (its JACK input stamps a whole cycle's events with
// one time), so a later frame computed here would be an estimate bought with a block of extra
// latency; applying at the next block is the lowest latency there is, with at most one block of
// jitter. (Sample-accurate timing is the events file's and the recorder's business: they carry
// absolute frames.) Without a clock (set_clock not called) commands carry frame 0: as soon as possible.
//
// Errors come back as afterglow::Error with what to do about them; no RtMidi exception escapes.
//
// Replacing the map while the port is open (MIDI learn). The callback never waits, so the map cannot
// be swapped under a lock; and a map the control thread frees must be one the callback can no longer
// be using. So the callback itself does the swap, at the start of receive(), through two one-pointer
// mailboxes:
//   pending_  the control thread publishes a new map (replace_map); the callback takes it with an
//             atomic exchange. A map still pending when the next one comes was never seen by the
//             callback: the control thread frees it at once.
//   retired_  the callback hands the map it stopped using back; the control thread frees it
//             (collect(), called by replace_map and by the control loop). The callback adopts a
//             pending map only while retired_ is empty, so it never has to free or queue anything.
// Each mailbox has one writer of non-null values and one reader, so there is no ABA and no grace
// period to guess: a map in retired_ is, by construction, no longer referenced by the callback.
// On adoption the new map takes over the old one's running state (clock, held keys, takeover) where
// the mapping is the same, so a knob that had its parameter keeps it (MidiMap::carry_over).
//
// Learning (MIDI learn): while armed, the callback writes every Control Change it sees into one
// atomic slot (a sequence number, the channel, the controller and its value); the control thread
// reads the latest with learned_cc(). Nothing else happens on the callback for learn.

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
#include "afterglow/engine/engine.h"

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
  // The engine whose clock stamps each command on arrival (see Timing above); it must outlive the
  // input. Null: commands carry frame 0.
  const engine::Engine* clock = nullptr;
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

  // Detached inputs: the clock open() takes from MidiInputOptions. Before the first receive().
  void set_clock(const engine::Engine* engine) noexcept { clock_ = engine; }

  // What the callback does with a chunk of bytes. Realtime safe; one thread at a time.
  void receive(std::span<const std::uint8_t> bytes) noexcept;

  // Control side (one thread): hands `map` to the callback, which adopts it before the next bytes it
  // decodes. Frees what the callback has retired, and a previous map it never adopted.
  void replace_map(std::unique_ptr<MidiMap> map);
  // Control side: frees the map the callback retired, if any. True when no swap is outstanding.
  bool collect();

  // MIDI learn: while armed, the callback records the latest Control Change (any thread).
  void arm_learn(bool on) noexcept { learn_armed_.store(on, std::memory_order_release); }
  struct LearnedCc {
    std::uint32_t sequence = 0;  // grows with every CC recorded; 0 = none yet
    int channel = 0;             // 1–16
    int cc = 0;
    int value = 0;
  };
  LearnedCc learned_cc() const noexcept;
  // Control side (one consumer): a key mapped with `mode: learn` was pressed for this parameter.
  bool pop_learn_request(std::uint32_t& param) { return learn_keys_.try_dequeue(param); }

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
  // The map in use. Only while no callback can run (a detached input between receive() calls).
  const MidiMap& map() const { return *active_; }

 private:
  class Sink : public MidiMapSink {
   public:
    explicit Sink(MidiInput& input) : input_(input) {}
    void command(const engine::Command& command) noexcept override;
    void recall_scene(int index) noexcept override;
    void learn(std::uint32_t param) noexcept override;

   private:
    MidiInput& input_;
  };

  MidiInput(MidiMap map, engine::CommandSender sender);
  void adopt_pending() noexcept;

  MidiDecoder decoder_;
  MidiMap* active_ = nullptr;  // the callback's; owned (freed in the destructor)
  std::atomic<MidiMap*> pending_{nullptr};
  std::atomic<MidiMap*> retired_{nullptr};
  std::atomic<bool> learn_armed_{false};
  std::atomic<std::uint64_t> learn_slot_{0};
  std::uint32_t learn_sequence_ = 0;  // the callback's
  engine::CommandSender sender_;
  const engine::Engine* clock_ = nullptr;
  Sink sink_{*this};
  moodycamel::ReaderWriterQueue<int> scenes_{kSceneQueueCapacity};
  moodycamel::ReaderWriterQueue<std::uint32_t> learn_keys_{kSceneQueueCapacity};
  std::atomic<double> tempo_bpm_{0.0};
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> messages_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::string port_name_;
  std::string api_name_ = "none";
  std::unique_ptr<RtMidiIn> midi_;  // last: destroyed first (see ~MidiInput)
};

}  // namespace afterglow::control
