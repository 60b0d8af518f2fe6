#pragma once
// The live engine: the scene's layers → per-layer fader, pan, mute → master fader → master limiter.
//
// Threads (design §4). Control threads send Commands through CommandQueues (one queue per producer);
// the audio thread calls process(), which drains them, applies each at its frame inside the block and
// reports Telemetry through its own queue. Material arrives as a MaterialBank published by a worker;
// the audio thread adopts it between blocks and hands the bank it replaces back through the retire
// queue after a hold (grains that started on the old material keep reading it until they end), and a
// non-realtime thread frees it with collect_garbage(). So process() never allocates, frees, locks,
// does I/O or throws.
//
// Determinism (design §6): every command applies at its absolute frame, generators and smoothers work
// per sample in absolute time, and the limiter per frame; so a seed and a list of timed commands give
// the same output whatever the block sizes. Commands whose frame is already past apply at the first
// frame of the block; future ones wait in a sorted preallocated buffer.

#include <readerwriterqueue/readerwriterqueue.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "afterglow/config/scene.h"
#include "afterglow/core/audio_block.h"
#include "afterglow/core/result.h"
#include "afterglow/dsp/limiter.h"
#include "afterglow/engine/command_queue.h"
#include "afterglow/engine/material_bank.h"
#include "afterglow/engine/mixer_channel.h"
#include "afterglow/engine/param_registry.h"
#include "afterglow/engine/pending_commands.h"
#include "afterglow/engine/scene_morph.h"
#include "afterglow/engine/telemetry.h"
#include "afterglow/gen/event.h"

namespace afterglow::engine {

class SessionRecorder;

struct EngineSettings {
  std::uint64_t seed = 1;
  std::size_t producers = 4;  // command queues: events player, OSC, MIDI, scene morph
  std::size_t queue_capacity = CommandQueues::kDefaultCapacity;
  std::size_t pending_capacity = 16384;     // commands waiting for their frame
  std::size_t max_events_per_block = 4096;  // per layer; more are carried to the next block and counted
  double material_fade_ms = 50.0;           // a layer fades in when its material arrives
  // How long a replaced bank stays alive: longer than the longest grain (4 s × 2² spread) and any
  // generator crossfade, so nothing still sounding reads freed memory.
  double retire_hold_seconds = 20.0;
  double limiter_lookahead_ms = 1.5;
};

// A parameter as the engine applied it (for control-surface feedback).
struct ParamChange {
  std::uint64_t frame = 0;
  std::uint32_t index = 0;
  float value = 0.0f;  // natural units, as applied (clamped)
};

// A layer as the engine builds it (from a scene, or directly in tests).
struct EngineLayer {
  std::string name;
  const LayerType* type = nullptr;
  std::vector<std::string> sources;  // selectors for the material bank
};

class Engine {
 public:
  static constexpr std::size_t kMaxHeldBanks = 8;
  static constexpr std::size_t kBankQueueCapacity = 16;
  static constexpr std::size_t kTelemetryCapacity = 1024;
  static constexpr std::size_t kMorphQueueCapacity = 64;
  static constexpr std::size_t kChangeQueueCapacity = 8192;

  // From a scene: its implemented layers, its layer values and params (validated, file:line errors).
  static Result<std::unique_ptr<Engine>> create(const config::Scene& scene,
                                                const EngineSettings& settings = {});
  static Result<std::unique_ptr<Engine>> create(std::vector<EngineLayer> layers,
                                                std::span<const InitialValue> initial = {},
                                                const EngineSettings& settings = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Allocates everything process() uses and resets the clock to 0. Not realtime; not while running.
  void prepare(double sample_rate, std::size_t max_block);

  // The audio path. Any frame count (longer blocks are split at max_block). Realtime safe.
  void process(StereoBlock out) noexcept;

  // Control side.
  const ParamRegistry& registry() const { return registry_; }
  CommandSender command_sender(std::size_t producer) { return queues_.sender(producer); }
  std::span<const LayerBinding> layer_bindings() const { return bindings_; }
  // Worker side: hands a bank to the audio thread (adopted at the start of a later block). False when
  // the queue is full (the bank is then freed here). Any thread; serialised internally.
  bool publish_material(std::unique_ptr<MaterialBank> bank);
  // Control side: hands a scene morph to the audio thread (begun at the first block boundary at or
  // after its start_frame; a later one replaces a glide in progress). False when the queue is full.
  // Any thread; serialised internally.
  bool publish_morph(std::unique_ptr<MorphTarget> target);
  // The session recorder that sees every applied command, every adopted bank and every output frame
  // (nullptr: none). Not while process() runs; the recorder must outlive its attachment.
  void attach_recorder(SessionRecorder* recorder) { recorder_ = recorder; }
  const EngineSettings& settings() const { return settings_; }
  // Frees banks the audio thread has retired. Call from a non-realtime thread now and then.
  std::size_t collect_garbage();
  // Consumer side of the telemetry queue (one thread).
  bool pop_telemetry(Telemetry& out) { return telemetry_queue_.try_dequeue(out); }
  // Every parameter change the engine applied, whatever sent it (a command, a morph), in order; for
  // one consumer (the control surfaces' feedback). A full queue drops the change and counts it.
  bool pop_param_change(ParamChange& out) { return change_queue_.try_dequeue(out); }
  std::uint64_t param_changes_dropped() const { return changes_dropped_.load(std::memory_order_relaxed); }

  // Any thread: the frames rendered so far (the clock after the last process() call). A control thread
  // stamps a command with it on arrival; the engine then applies it at the start of the next block and
  // reports how late that was (Telemetry::max_command_lateness).
  std::uint64_t frames_rendered() const { return rendered_.load(std::memory_order_acquire); }
  // Audio-thread state, for the thread that calls process() (offline driver, tests).
  std::uint64_t clock() const { return clock_; }
  double sample_rate() const { return sample_rate_; }
  std::size_t max_block() const { return max_block_; }
  std::size_t latency_frames() const { return limiter_.latency_samples(); }
  // The last value applied to registry parameter `index` (natural units).
  float param_value(std::uint32_t index) const { return values_[index]; }
  const Telemetry& last_telemetry() const { return telemetry_; }
  std::uint64_t material_generation() const { return current_ == nullptr ? 0 : current_->generation; }

 private:
  struct MixCommand {
    std::uint32_t frame;
    ParamTarget target;
    float value;
  };
  struct Slot {
    std::unique_ptr<Layer> layer;
    MixerChannel mixer;
    std::vector<gen::Event> events;
    std::size_t event_count = 0;
    std::vector<MixCommand> mix;
    std::size_t mix_count = 0;
    bool has_material = false;
    bool unbind_pending = false;  // fading out before its material is withdrawn
    std::uint64_t seed = 0;
  };
  struct Held {
    MaterialBank* bank = nullptr;
    std::uint64_t release_frame = 0;
  };

  Engine(ParamRegistry registry, const EngineSettings& settings);

  void process_chunk(StereoBlock out) noexcept;
  void adopt_material() noexcept;
  void retire_held() noexcept;
  std::size_t take_due_commands(std::size_t frames) noexcept;
  enum class Routed { kApplied, kIgnored, kFull };
  // `applied` receives the command as applied (values clamped), for the recorder.
  Routed route(const Command& c, std::uint32_t offset, Command& applied) noexcept;
  // Frames until the next published bank or morph is due, or the running morph's next value, or `limit`.
  std::size_t frames_before_adoption(std::size_t limit) noexcept;
  void adopt_morph() noexcept;
  void emit_morph() noexcept;
  void apply_master(const MixCommand& c) noexcept;
  void render_master(StereoBlock out) noexcept;

  ParamRegistry registry_;
  EngineSettings settings_;
  std::vector<LayerBinding> bindings_;
  std::vector<InitialValue> initial_;
  CommandQueues queues_;

  double sample_rate_ = 48000.0;
  std::size_t max_block_ = 0;
  std::uint64_t clock_ = 0;

  std::vector<Slot> slots_;
  std::vector<float> values_;
  PendingCommands pending_;
  std::vector<MixCommand> master_commands_;
  std::size_t master_count_ = 0;
  std::vector<float> scratch_left_;
  std::vector<float> scratch_right_;
  dsp::OnePoleSmoother master_level_;
  dsp::Limiter limiter_;

  // Material hand-off.
  std::mutex publish_mutex_;  // serialises publishers; never touched by the audio thread
  moodycamel::ReaderWriterQueue<MaterialBank*> publish_queue_{kBankQueueCapacity};
  moodycamel::ReaderWriterQueue<MaterialBank*> retire_queue_{kBankQueueCapacity + kMaxHeldBanks};
  MaterialBank* current_ = nullptr;
  Held held_[kMaxHeldBanks];
  std::size_t held_count_ = 0;
  std::uint64_t generation_ = 0;

  SessionRecorder* recorder_ = nullptr;
  std::atomic<std::uint64_t> rendered_{0};

  // Scene morphs.
  SceneMorph morph_;
  std::vector<std::uint64_t> touched_;  // per parameter: the frame a command last moved it
  moodycamel::ReaderWriterQueue<MorphTarget*> morph_queue_{kMorphQueueCapacity};
  moodycamel::ReaderWriterQueue<MorphTarget*> morph_retire_{kMorphQueueCapacity};

  // Applied parameter changes, for feedback.
  moodycamel::ReaderWriterQueue<ParamChange> change_queue_{kChangeQueueCapacity};
  std::atomic<std::uint64_t> changes_dropped_{0};

  // Telemetry.
  moodycamel::ReaderWriterQueue<Telemetry> telemetry_queue_{kTelemetryCapacity};
  Telemetry telemetry_;
  std::uint64_t applied_ = 0;
  std::uint64_t deferred_ = 0;
  std::uint64_t telemetry_dropped_ = 0;
};

}  // namespace afterglow::engine
