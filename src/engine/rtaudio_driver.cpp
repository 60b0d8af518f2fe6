#include "afterglow/engine/rtaudio_driver.h"

#include <RtAudio.h>
#include <dlfcn.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "afterglow/core/realtime_guard.h"

namespace afterglow::engine {
namespace {

// Set by RtAudio's error callback while a stream runs (a JACK server that shuts down, a device that
// disappears). RtAudio's callback has no user pointer; a process runs one stream.
std::atomic<bool> g_stream_failed{false};

void on_stream_error(RtAudioError::Type type, const std::string& /*text*/) {
  if (type != RtAudioError::WARNING && type != RtAudioError::DEBUG_WARNING) {
    g_stream_failed.store(true, std::memory_order_release);
  }
}

// libjack and alsa-lib print their own diagnostics (a dozen lines for "no server", "no card") to
// stderr. The user gets one message from us instead, so both are silenced. They are reached through
// dlsym because they are librtaudio's dependencies, not ours: a build without one simply skips it.
void silent_jack(const char* /*message*/) {}
extern "C" void silent_alsa(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
                            const char* /*fmt*/, ...) {}

void silence_backend_libraries() {
  static const bool done = [] {
    using JackSetter = void (*)(void (*)(const char*));
    if (auto* set_error = reinterpret_cast<JackSetter>(::dlsym(RTLD_DEFAULT, "jack_set_error_function"))) {
      set_error(silent_jack);
    }
    if (auto* set_info = reinterpret_cast<JackSetter>(::dlsym(RTLD_DEFAULT, "jack_set_info_function"))) {
      set_info(silent_jack);
    }
    using AlsaHandler = void (*)(const char*, int, const char*, int, const char*, ...);
    using AlsaSetter = int (*)(AlsaHandler);
    if (auto* set_handler =
            reinterpret_cast<AlsaSetter>(::dlsym(RTLD_DEFAULT, "snd_lib_error_set_handler"))) {
      set_handler(silent_alsa);
    }
    return true;
  }();
  (void)done;
}

RtAudio::Api to_api(AudioBackend backend) {
  switch (backend) {
    case AudioBackend::kJack:
      return RtAudio::UNIX_JACK;
    case AudioBackend::kPulse:
      return RtAudio::LINUX_PULSE;
    case AudioBackend::kAlsa:
      return RtAudio::LINUX_ALSA;
    case AudioBackend::kAuto:
      break;
  }
  return RtAudio::UNSPECIFIED;
}

// Our names for the backends (RtAudio's display names are "Jack" and "Pulse").
std::string label(AudioBackend backend) {
  switch (backend) {
    case AudioBackend::kJack:
      return "JACK";
    case AudioBackend::kPulse:
      return "PulseAudio";
    case AudioBackend::kAlsa:
      return "ALSA";
    case AudioBackend::kAuto:
      break;
  }
  return "auto";
}

bool compiled(AudioBackend backend) {
  std::vector<RtAudio::Api> apis;
  RtAudio::getCompiledApi(apis);
  return std::find(apis.begin(), apis.end(), to_api(backend)) != apis.end();
}

// What to tell the user when a backend has no output device at all.
std::string no_device_reason(AudioBackend backend) {
  switch (backend) {
    case AudioBackend::kJack:
      return "no JACK server is running";
    case AudioBackend::kPulse:
      return "no PulseAudio server answered";
    case AudioBackend::kAlsa:
      return "no ALSA output device (no sound card)";
    case AudioBackend::kAuto:
      break;
  }
  return "no output device";
}

std::string first_line(std::string text) {
  if (const auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

struct Attempt {
  std::string what;  // "JACK: no JACK server is running"
};

std::vector<AudioDeviceListing> output_devices(RtAudio& audio) {
  std::vector<AudioDeviceListing> devices;
  const unsigned int count = audio.getDeviceCount();
  unsigned int default_out = 0;
  try {
    default_out = audio.getDefaultOutputDevice();
  } catch (const RtAudioError&) {
  }
  for (unsigned int i = 0; i < count; ++i) {
    RtAudio::DeviceInfo info;
    try {
      info = audio.getDeviceInfo(i);
    } catch (const RtAudioError&) {
      continue;
    }
    if (!info.probed || info.outputChannels == 0) continue;
    AudioDeviceListing d;
    d.index = i;
    d.name = info.name;
    d.output_channels = info.outputChannels;
    d.preferred_rate = info.preferredSampleRate;
    d.rates = info.sampleRates;
    d.is_default = info.isDefaultOutput || i == default_out;
    devices.push_back(std::move(d));
  }
  return devices;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::optional<AudioBackend> parse_audio_backend(std::string_view name) {
  if (name == "auto") return AudioBackend::kAuto;
  if (name == "jack") return AudioBackend::kJack;
  if (name == "pulse") return AudioBackend::kPulse;
  if (name == "alsa") return AudioBackend::kAlsa;
  return std::nullopt;
}

std::string_view to_string(AudioBackend backend) {
  switch (backend) {
    case AudioBackend::kAuto:
      return "auto";
    case AudioBackend::kJack:
      return "jack";
    case AudioBackend::kPulse:
      return "pulse";
    case AudioBackend::kAlsa:
      return "alsa";
  }
  return "auto";
}

std::vector<BackendListing> list_audio_devices() {
  silence_backend_libraries();
  std::vector<BackendListing> out;
  for (const AudioBackend b : {AudioBackend::kJack, AudioBackend::kPulse, AudioBackend::kAlsa}) {
    BackendListing listing;
    listing.backend = b;
    listing.display_name = label(b);
    if (!compiled(b)) {
      listing.problem = "not built into this RtAudio";
      out.push_back(std::move(listing));
      continue;
    }
    try {
      RtAudio audio(to_api(b));
      audio.showWarnings(false);
      listing.devices = output_devices(audio);
      if (listing.devices.empty()) listing.problem = no_device_reason(b);
    } catch (const RtAudioError& e) {
      listing.problem = first_line(e.getMessage());
    }
    out.push_back(std::move(listing));
  }
  return out;
}

Result<std::unique_ptr<RtAudioDriver>> RtAudioDriver::open(const RtAudioOptions& options) {
  silence_backend_libraries();
  std::vector<AudioBackend> order;
  if (options.backend == AudioBackend::kAuto) {
    // JACK first: when a server runs it owns the card; then the desktop server; then the card itself.
    order = {AudioBackend::kJack, AudioBackend::kPulse, AudioBackend::kAlsa};
  } else {
    order = {options.backend};
  }

  std::vector<Attempt> attempts;
  for (const AudioBackend b : order) {
    const std::string label = engine::label(b);
    if (!compiled(b)) {
      attempts.push_back({label + ": not built into this RtAudio"});
      continue;
    }
    auto driver = std::unique_ptr<RtAudioDriver>(new RtAudioDriver());
    driver->backend_ = b;
    driver->backend_name_ = label;
    try {
      driver->audio_ = std::make_unique<RtAudio>(to_api(b));
      RtAudio& audio = *driver->audio_;
      audio.showWarnings(false);
      const std::vector<AudioDeviceListing> devices = output_devices(audio);
      if (devices.empty()) {
        attempts.push_back({label + ": " + no_device_reason(b)});
        continue;
      }

      // The device: an index, a name (exact, then a case-insensitive substring), or the default.
      const AudioDeviceListing* chosen = nullptr;
      if (options.device.empty()) {
        for (const auto& d : devices) {
          if (d.is_default) chosen = &d;
        }
        if (chosen == nullptr) chosen = &devices.front();
      } else {
        unsigned int index = 0;
        const char* first = options.device.data();
        const char* last = first + options.device.size();
        const auto [ptr, ec] = std::from_chars(first, last, index);
        if (ec == std::errc() && ptr == last) {
          for (const auto& d : devices) {
            if (d.index == index) chosen = &d;
          }
        } else {
          for (const auto& d : devices) {
            if (d.name == options.device) chosen = &d;
          }
          if (chosen == nullptr) {
            for (const auto& d : devices) {
              if (lower(d.name).find(lower(options.device)) != std::string::npos) {
                chosen = &d;
                break;
              }
            }
          }
        }
        if (chosen == nullptr) {
          attempts.push_back(
              {fmt::format("{}: no output device '{}' ({} listed)", label, options.device, devices.size())});
          continue;
        }
      }
      if (chosen->output_channels < 2) {
        attempts.push_back({fmt::format("{}: device '{}' has {} output channel(s), stereo needs 2", label,
                                        chosen->name, chosen->output_channels)});
        continue;
      }

      // The rate. A JACK server runs at one rate and RtAudio can only join it there.
      unsigned int rate = options.sample_rate;
      if (b == AudioBackend::kJack) {
        const unsigned int server = chosen->preferred_rate != 0
                                        ? chosen->preferred_rate
                                        : (chosen->rates.empty() ? 0u : chosen->rates.front());
        if (rate != 0 && server != 0 && rate != server) {
          attempts.push_back(
              {fmt::format("{}: the server runs at {} Hz, --rate asked for {} Hz (omit --rate, or restart "
                           "jackd with -r {})",
                           label, server, rate, rate)});
          continue;
        }
        rate = server != 0 ? server : rate;
      }
      if (rate == 0) rate = chosen->preferred_rate != 0 ? chosen->preferred_rate : 48000;

      RtAudio::StreamParameters out_params;
      out_params.deviceId = chosen->index;
      out_params.nChannels = 2;
      out_params.firstChannel = 0;
      RtAudio::StreamOptions stream_options;
      stream_options.flags = RTAUDIO_NONINTERLEAVED | RTAUDIO_SCHEDULE_REALTIME;
      if (!options.connect) stream_options.flags |= RTAUDIO_JACK_DONT_CONNECT;
      stream_options.streamName = options.stream_name;
      stream_options.priority = 0;  // RtAudio picks the highest allowed (JACK: the server's own)
      unsigned int frames = std::max(1u, options.block);
      g_stream_failed.store(false, std::memory_order_relaxed);
      audio.openStream(&out_params, nullptr, RTAUDIO_FLOAT32, rate, &frames, &RtAudioDriver::callback,
                       driver.get(), &stream_options, &on_stream_error);
      if (!audio.isStreamOpen()) {
        attempts.push_back({fmt::format("{}: could not open '{}'", label, chosen->name)});
        continue;
      }
      driver->device_name_ = chosen->name;
      driver->sample_rate_ = static_cast<double>(audio.getStreamSampleRate());
      driver->block_ = frames;
      return driver;
    } catch (const RtAudioError& e) {
      attempts.push_back({label + ": " + first_line(e.getMessage())});
    }
  }

  std::string message = "no audio output could be opened; tried:";
  for (const Attempt& a : attempts) message += "\n  " + a.what;
  message +=
      "\nWhat to do: start a JACK server (e.g. `jackd -d alsa` or `jackd -d dummy -r 48000 -p 256`), pick "
      "another backend with --backend jack|pulse|alsa (or --backend offline to run without a device), "
      "or list the devices with `afterglow devices` and choose one with --device.";
  return Error(ErrorKind::kProcessing, message);
}

RtAudioDriver::~RtAudioDriver() {
  stop();
  if (audio_ && audio_->isStreamOpen()) {
    try {
      audio_->closeStream();
    } catch (const RtAudioError&) {
    }
  }
}

double RtAudioDriver::latency_seconds() const {
  if (!audio_ || !audio_->isStreamOpen() || sample_rate_ <= 0.0) return 0.0;
  try {
    return static_cast<double>(audio_->getStreamLatency()) / sample_rate_;
  } catch (const RtAudioError&) {
    return 0.0;
  }
}

bool RtAudioDriver::failed() const {
  return g_stream_failed.load(std::memory_order_acquire);
}

Status RtAudioDriver::start(Engine& engine) {
  if (engine.sample_rate() != sample_rate_ || engine.max_block() == 0) {
    return Error(ErrorKind::kInvalidValue,
                 fmt::format("the engine is prepared at {} Hz; the stream runs at {} Hz",
                             engine.sample_rate(), sample_rate_));
  }
  engine_.store(&engine, std::memory_order_release);
  try {
    audio_->startStream();
  } catch (const RtAudioError& e) {
    engine_.store(nullptr, std::memory_order_release);
    return Error(ErrorKind::kProcessing,
                 fmt::format("{}: could not start the stream on '{}': {}", backend_name_, device_name_,
                             first_line(e.getMessage())));
  }
  running_ = true;
  return Ok{};
}

void RtAudioDriver::stop() {
  if (!running_) return;
  running_ = false;
  try {
    if (audio_->isStreamRunning()) audio_->stopStream();
  } catch (const RtAudioError&) {
    // A stream whose server died cannot be stopped cleanly; closing it in the destructor still works.
  }
  engine_.store(nullptr, std::memory_order_release);
}

int RtAudioDriver::callback(void* output, void* /*input*/, unsigned int frames, double /*stream_time*/,
                            unsigned int status, void* user) noexcept {
  RealtimeScope realtime;
  auto* self = static_cast<RtAudioDriver*>(user);
  auto* out = static_cast<float*>(output);
  // Non-interleaved: the left channel's frames, then the right's.
  const StereoBlock block{std::span<float>(out, frames), std::span<float>(out + frames, frames)};
  if ((status & RTAUDIO_OUTPUT_UNDERFLOW) != 0) self->xruns_.fetch_add(1, std::memory_order_relaxed);
  Engine* engine = self->engine_.load(std::memory_order_acquire);
  if (engine != nullptr) {
    engine->process(block);
  } else {
    std::fill(block.left.begin(), block.left.end(), 0.0f);
    std::fill(block.right.begin(), block.right.end(), 0.0f);
  }
  self->callbacks_.fetch_add(1, std::memory_order_relaxed);
  return 0;
}

}  // namespace afterglow::engine
