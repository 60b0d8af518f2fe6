#pragma once
// Plays an Engine on a real audio device through RtAudio 5.2 (JACK, PulseAudio, ALSA): float32,
// non-interleaved stereo out, the callback thread asking for realtime scheduling.
//
// Opening is separate from starting because the engine must be prepared at the rate and block size
// the device actually gives (a JACK server imposes both): open(), read sample_rate() and block(),
// prepare the engine, then start(). Every backend failure is turned into one Error whose message says
// what was tried and what to do; RtAudio's own warnings never reach the terminal.
//
// The callback only calls Engine::process inside a RealtimeScope and counts the xruns the backend
// reports; it never allocates, locks, prints or throws.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/engine/engine.h"

class RtAudio;

namespace afterglow::engine {

enum class AudioBackend { kAuto, kJack, kPulse, kAlsa };

// "auto", "jack", "pulse", "alsa" (nullopt for anything else).
std::optional<AudioBackend> parse_audio_backend(std::string_view name);
std::string_view to_string(AudioBackend backend);

struct RtAudioOptions {
  AudioBackend backend = AudioBackend::kAuto;
  std::string device;            // empty: the backend's default output; digits: an index; else a name
  unsigned int sample_rate = 0;  // 0: the server's (JACK) or the device's preferred rate
  unsigned int block = 256;      // frames per callback asked for (JACK uses the server's period)
  std::string stream_name = "afterglow";  // the JACK client name: ports are "<name>:outport 0/1"
  bool connect = true;                    // JACK: connect to the system playback ports
};

struct AudioDeviceListing {
  unsigned int index = 0;
  std::string name;
  unsigned int output_channels = 0;
  unsigned int preferred_rate = 0;
  std::vector<unsigned int> rates;
  bool is_default = false;
};

struct BackendListing {
  AudioBackend backend = AudioBackend::kJack;
  std::string display_name;
  std::vector<AudioDeviceListing> devices;  // output-capable devices only
  std::string problem;                      // why the backend lists nothing, when it can tell
};

// Output devices of each backend RtAudio was built with (never throws, never prints).
std::vector<BackendListing> list_audio_devices();

class RtAudioDriver {
 public:
  // Opens (does not start) a stream. On failure: one Error, kProcessing, naming every backend tried.
  static Result<std::unique_ptr<RtAudioDriver>> open(const RtAudioOptions& options);
  ~RtAudioDriver();
  RtAudioDriver(const RtAudioDriver&) = delete;
  RtAudioDriver& operator=(const RtAudioDriver&) = delete;

  AudioBackend backend() const { return backend_; }
  const std::string& backend_name() const { return backend_name_; }
  const std::string& device_name() const { return device_name_; }
  double sample_rate() const { return sample_rate_; }
  std::size_t block() const { return block_; }
  double latency_seconds() const;

  // The engine must be prepared at sample_rate() with max_block ≥ block(), and outlive the stream.
  Status start(Engine& engine);
  // Stops the stream (waits for the callback to return). Idempotent.
  void stop();

  std::uint64_t callbacks() const { return callbacks_.load(std::memory_order_relaxed); }
  std::uint64_t xruns() const { return xruns_.load(std::memory_order_relaxed); }
  // Set when the backend reported an error while running (e.g. the JACK server went away).
  bool failed() const;

 private:
  RtAudioDriver() = default;
  static int callback(void* output, void* input, unsigned int frames, double stream_time, unsigned int status,
                      void* user) noexcept;

  std::unique_ptr<RtAudio> audio_;
  AudioBackend backend_ = AudioBackend::kJack;
  std::string backend_name_;
  std::string device_name_;
  double sample_rate_ = 0.0;
  std::size_t block_ = 0;
  std::atomic<Engine*> engine_{nullptr};
  std::atomic<std::uint64_t> callbacks_{0};
  std::atomic<std::uint64_t> xruns_{0};
  bool running_ = false;
};

}  // namespace afterglow::engine
