// `afterglow live`: plays a scene on an audio device (RtAudio: JACK, PulseAudio, ALSA) or, with
// --backend offline, on the offline driver paced to realtime. The stream starts at once; the scene's
// sources are analysed on the MaterialWorker and each layer fades in when its material arrives. An
// events file is played from this (control) thread through the engine's command queue, timed from
// the stream's start. Stops after --seconds or on SIGINT/SIGTERM and prints a summary.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <memory>
#include <mutex>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/app/scene_file.h"
#include "afterglow/analysis/analysis_cache.h"
#include "afterglow/config/scene_loader.h"
#include "afterglow/control/midi_input.h"
#include "afterglow/control/midi_learn.h"
#include "afterglow/control/osc_server.h"
#include "afterglow/core/log.h"
#include "afterglow/core/realtime_guard.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/io/export_root.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/events_file.h"
#include "afterglow/engine/layer.h"
#include "afterglow/engine/load_stats.h"
#include "afterglow/engine/material_worker.h"
#include "afterglow/engine/offline_driver.h"
#include "afterglow/engine/rtaudio_driver.h"
#include "afterglow/engine/scene_cue_player.h"
#include "afterglow/engine/scene_morph.h"
#include "afterglow/engine/session_recorder.h"

namespace afterglow::app {
namespace {

using Clock = std::chrono::steady_clock;

struct LiveOptions {
  std::string scene = "scenes/default.yaml";
  std::string backend;  // empty: the scene's engine.backend
  std::string device;
  unsigned int rate = 0;
  unsigned int block = 0;
  std::string out;
  std::string events;
  double seconds = 0.0;  // 0: until SIGINT/SIGTERM
  bool no_status = false;
  bool no_cache = false;
  std::optional<int> osc_port;  // overrides the scene's osc.port; 0 = any free port
  std::vector<std::string> midi_in;  // replaces the scene's midi.inputs
  std::string learn;                 // MIDI learn for this parameter from the start
  bool no_osc = false;
  bool record = false;
  bool watch = false;
};

// The signal handler only sets this (async-signal-safe); the control loop polls it.
std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int /*signal*/) {
  g_stop_requested.store(true, std::memory_order_relaxed);
}

class SignalScope {
 public:
  SignalScope() {
    g_stop_requested.store(false);
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~SignalScope() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// What the control loop learns from the engine's telemetry.
struct LiveStats {
  std::uint64_t blocks = 0;
  std::uint64_t deadline_misses = 0;  // blocks whose process() took longer than the block period
  std::uint64_t next_frame = 0;       // the engine frame after the last reported block
  float peak = 0.0f;
  float recent_peak = 0.0f;  // since the last status line
  engine::LoadHistogram load;
  std::vector<std::uint64_t> lateness_blocks = std::vector<std::uint64_t>(8, 0);  // stamped-command blocks by lateness: 0, ≤1, ≤2 … blocks
  std::uint64_t stamped = 0;
  std::uint32_t max_lateness = 0;  // frames
  engine::RecentLoad recent{3.0, 48000.0};  // replaced with the stream's rate
  engine::Telemetry last;
};

void absorb(LiveStats& stats, const engine::Telemetry& t) {
  ++stats.blocks;
  if (t.load > 1.0) ++stats.deadline_misses;
  stats.load.add(t.load);
  stats.recent.add(t.load, t.frames);
  if (t.stamped_commands > 0 && t.frames > 0) {
    stats.stamped += t.stamped_commands;
    stats.max_lateness = std::max(stats.max_lateness, t.max_command_lateness);
    const auto blocks = static_cast<std::size_t>((t.max_command_lateness + t.frames - 1) / t.frames);
    ++stats.lateness_blocks[std::min<std::size_t>(blocks, stats.lateness_blocks.size() - 1)];
  }
  stats.peak = std::max(stats.peak, t.master_peak);
  stats.recent_peak = std::max(stats.recent_peak, t.master_peak);
  stats.next_frame = t.frame + t.frames;
  stats.last = t;
}

std::string_view stage_name(engine::MaterialWorker::Stage stage) {
  switch (stage) {
    case engine::MaterialWorker::Stage::kIdle:
    case engine::MaterialWorker::Stage::kAnalysing:
      return "analysing";
    case engine::MaterialWorker::Stage::kQuick:
      return "playing (finishing drones)";
    case engine::MaterialWorker::Stage::kComplete:
      return "playing";
    case engine::MaterialWorker::Stage::kFailed:
      return "material failed";
  }
  return "";
}

std::string db_text(float peak) {
  return peak > 0.0f ? fmt::format("{:.1f} dBFS", dsp::lin_to_db(peak)) : std::string("-inf dBFS");
}

// Feeds the script's commands up to `until` (exclusive) into the engine; a full queue keeps the
// rest for the next round.
class EventsPlayer {
 public:
  EventsPlayer(engine::CommandSender sender, std::vector<engine::Command> script)
      : sender_(sender), script_(std::move(script)) {}
  void feed(std::uint64_t until) {
    while (next_ < script_.size() && script_[next_].frame_time < until) {
      if (!sender_.send(script_[next_])) return;
      ++next_;
    }
  }
  std::size_t sent() const { return next_; }
  std::size_t total() const { return script_.size(); }

 private:
  engine::CommandSender sender_;
  std::vector<engine::Command> script_;
  std::size_t next_ = 0;
};

// --watch: the scene file's modification time, polled twice a second.
class SceneWatch {
 public:
  explicit SceneWatch(std::filesystem::path path) : path_(std::move(path)) { last_ = stamp(); }
  const std::filesystem::path& path() const { return path_; }
  bool changed() {
    if (path_.empty() || Clock::now() - polled_ < std::chrono::milliseconds(500)) return false;
    polled_ = Clock::now();
    const auto now = stamp();
    if (now == last_) return false;
    last_ = now;
    return true;
  }

 private:
  std::filesystem::file_time_type stamp() const {
    std::error_code ec;
    const auto t = std::filesystem::last_write_time(path_, ec);
    return ec ? std::filesystem::file_time_type{} : t;
  }
  std::filesystem::path path_;
  std::filesystem::file_time_type last_{};
  Clock::time_point polled_{};
};

// The watched scene changed: morph to it, or say why not and keep playing what plays.
void reload_scene(const std::filesystem::path& path, const config::Scene& running, engine::Engine& e,
                  double glide) {
  std::vector<std::string> warnings;
  auto target = engine::recall_scene(path.string(), running, e.registry(), glide, 0, &warnings);
  for (const std::string& w : warnings) log::warn("{}", w);
  if (!target) {
    log::error("{} changed but was not loaded: {}\nthe current scene keeps playing", path.string(),
               target.error().what());
    return;
  }
  if (!e.publish_morph(std::move(*target))) {
    log::error("{} changed but was not loaded: too many recalls waiting", path.string());
    return;
  }
  log::info("{} changed: morphing to it over {:g} s", path.string(), glide);
}

// The scene a Program Change names: the n-th .yaml file, in name order, in the playing scene's folder.
void recall_numbered_scene(int index, const config::Scene& running, engine::Engine& e, double glide) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(running.base_dir, ec)) {
    if (entry.path().extension() == ".yaml" && !control::is_learned_mappings_file(entry.path()))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (index < 0 || static_cast<std::size_t>(index) >= files.size()) {
    log::warn("MIDI program {}: there are {} scenes in {} (0 … {}); nothing recalled", index, files.size(),
              running.base_dir.string(), files.empty() ? 0 : files.size() - 1);
    return;
  }
  std::vector<std::string> warnings;
  auto target = engine::recall_scene(files[static_cast<std::size_t>(index)].string(), running, e.registry(), glide,
                                     0, &warnings);
  for (const std::string& w : warnings) log::warn("{}", w);
  if (!target) {
    log::error("MIDI program {} ({}) not recalled: {}; the current scene keeps playing", index,
               files[static_cast<std::size_t>(index)].filename().string(), target.error().what());
    return;
  }
  if (e.publish_morph(std::move(*target)))
    log::info("MIDI program {}: morphing to {} over {:g} s", index, files[static_cast<std::size_t>(index)].filename().string(), glide);
}

int run_live(const LiveOptions& options) {
  const auto launched = Clock::now();
  realtime_sanitizer_init();
  const std::optional<config::Scene> loaded = load_scene_reporting(options.scene);
  if (!loaded) return kExitUsage;
  config::Scene scene = *loaded;
  for (const config::LayerSpec& spec : scene.layers) {
    if (engine::find_layer_type(spec.type) == nullptr) {
      log::warn("layer '{}': {} layers are not playable yet; it is left out", spec.name,
                config::to_string(spec.type));
    }
  }

  const std::string backend_text =
      options.backend.empty() ? std::string(config::to_string(scene.engine.backend)) : options.backend;
  const bool offline = backend_text == "offline";
  const unsigned int block =
      options.block != 0 ? options.block : static_cast<unsigned int>(scene.engine.block_size);
  std::string device = options.device;
  if (device.empty() && scene.engine.device_name) device = *scene.engine.device_name;
  if (device.empty() && scene.engine.device_index) device = std::to_string(*scene.engine.device_index);

  // One command queue per producer: the events file (0), OSC (1), each MIDI input (2 …).
  const std::vector<std::string> midi_ports = !options.midi_in.empty() ? options.midi_in : scene.midi.inputs;
  engine::EngineSettings engine_settings;
  engine_settings.producers = 2 + std::max<std::size_t>(1, midi_ports.size());
  auto created = engine::Engine::create(scene, engine_settings);
  if (!created) {
    log::error("{}", created.error().what());
    return kExitUsage;
  }
  engine::Engine& e = **created;
  // --learn: a parameter, and a MIDI input to learn from (checked before anything starts).
  if (!options.learn.empty() && (midi_ports.empty() || !control::find_mapping_param(e.registry(), options.learn))) {
    log::error("--learn {}: {}", options.learn,
               midi_ports.empty() ? "needs a MIDI input (--midi-in PORT)"
                                  : "not a parameter (`afterglow params` lists them)");
    return kExitUsage;
  }

  // Open the device first: a JACK server imposes its rate and period, and the engine is prepared to
  // what the stream really runs at.
  std::unique_ptr<engine::RtAudioDriver> device_driver;
  double rate = options.rate != 0 ? options.rate : static_cast<double>(scene.engine.sample_rate);
  std::size_t stream_block = block;
  std::string where;
  if (!offline) {
    engine::RtAudioOptions audio;
    audio.backend = *engine::parse_audio_backend(backend_text);
    audio.device = device;
    audio.sample_rate = options.rate;  // 0: the server's or the device's
    audio.block = block;
    auto opened = engine::RtAudioDriver::open(audio);
    if (!opened) {
      log::error("{}", opened.error().message());
      return kExitFailure;
    }
    device_driver = std::move(*opened);
    rate = device_driver->sample_rate();
    stream_block = device_driver->block();
    where = fmt::format("{} '{}'", device_driver->backend_name(), device_driver->device_name());
  } else {
    where = "the offline driver (paced to realtime)";
  }
  e.prepare(rate, std::max<std::size_t>(stream_block, block));

  std::vector<engine::Command> script;
  std::vector<engine::SceneCue> cues;
  if (!options.events.empty()) {
    auto events = engine::load_events_file(options.events, e.registry(), e.sample_rate());
    if (!events) {
      log::error("{}", events.error().what());
      return events.error().kind() == ErrorKind::kInvalidConfig ? kExitUsage : kExitFailure;
    }
    script = events->plain();
    cues = events->scenes;
  }
  // The recorder is always there: a take can start from --record, an events file, or (later) a
  // controller. Its ring and writer thread cost a few MB and nothing on the audio thread when idle.
  engine::SessionSettings session;
  {
    std::ifstream in(options.scene, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    session.scene_text = text.str();
  }
  session.scene_path = std::filesystem::absolute(options.scene);
  session.scene_base_dir = scene.base_dir;
  session.sample_rate = rate;
  session.block = stream_block;
  session.max_block = e.max_block();
  session.backend = where;
  session.engine = e.settings();
  engine::RecorderOptions recorder_options;
  recorder_options.export_dir = !options.out.empty() ? std::filesystem::path(options.out)
                                                     : scene.export_dir().value_or(io::kDefaultExportRoot);
  engine::SessionRecorder recorder(e.registry(), std::move(session), recorder_options);
  e.attach_recorder(&recorder);
  if (options.record) (void)e.command_sender(0).send(engine::Command::record(0, true));

  // Analyses come from (and go to) the cache under the export root, as for `afterglow analyze`: a
  // second start on the same archive only reads them.
  engine::MaterialWorker::Options worker_options;
  worker_options.excluded.push_back(recorder_options.export_dir);
  if (!options.no_cache) {
    std::filesystem::path base = recorder_options.export_dir;
    if (const char* env = std::getenv(io::kExportRootEnv); env != nullptr && *env != '\0') base = env;
    worker_options.cache = std::make_shared<analysis::AnalysisCache>(
        analysis::analysis_cache_dir(std::filesystem::absolute(base)), io::ExportRoot::from_environment(base));
  }
  engine::MaterialWorker worker(e, scene, worker_options);
  SignalScope signals;
  const bool show_status = !options.no_status && ::isatty(STDERR_FILENO) != 0;
  const std::uint64_t stop_frame =
      options.seconds > 0.0 ? static_cast<std::uint64_t>(std::llround(options.seconds * rate)) : 0;

  // The offline driver runs on its own thread, in slices, and reports through a snapshot.
  std::thread offline_thread;
  std::atomic<bool> offline_stop{false};
  std::atomic<bool> offline_done{false};
  std::mutex offline_mutex;
  engine::RunSummary offline_summary;
  std::uint64_t offline_frames = 0;
  std::unique_ptr<engine::OfflineDriver> offline_driver;
  // Whatever way run_live returns from here on, the offline thread is stopped and joined first (a
  // std::thread still running at its destruction would end the program).
  struct JoinOnReturn {
    std::atomic<bool>& stop;
    std::thread& thread;
    ~JoinOnReturn() {
      stop.store(true);
      if (thread.joinable()) thread.join();
    }
  } join_on_return{offline_stop, offline_thread};

  const auto started = Clock::now();
  if (offline) {
    engine::OfflineOptions o;
    o.block = block;
    o.paced = true;
    offline_driver = std::make_unique<engine::OfflineDriver>(e, o);
    offline_driver->set_script(std::move(script));
    script.clear();
    const auto slice = static_cast<std::size_t>(block) * std::max<std::size_t>(1, 4096 / block);
    offline_thread = std::thread([&] {
      io::AudioBuffer buffer;
      std::uint64_t done = 0;
      while (!offline_stop.load(std::memory_order_relaxed) && (stop_frame == 0 || done < stop_frame)) {
        const std::size_t n =
            stop_frame == 0 ? slice
                            : static_cast<std::size_t>(std::min<std::uint64_t>(slice, stop_frame - done));
        for (auto& c : buffer.channels) c.clear();  // keeps the capacity: no allocation per slice
        offline_driver->run(n, buffer, &offline_stop);
        done += buffer.frames();
        std::lock_guard lock(offline_mutex);
        offline_summary = offline_driver->summary();
        offline_frames = done;
      }
      offline_done.store(true, std::memory_order_release);
    });
  } else {
    if (Status s = device_driver->start(e); !s) {
      log::error("{}", s.error().message());
      return kExitFailure;
    }
  }
  worker.start();

  // MIDI: every input shares one mirror of the parameters, so takeover sees what the others (and OSC,
  // and morphs) did. A port asked for on the command line that cannot be opened ends the run; one from
  // the scene is reported and skipped.
  const auto initial_values = e.registry().initial_values(scene);  // valid: the engine was built from it
  auto mirror = std::make_shared<control::MidiParamMirror>(
      e.registry(), initial_values ? std::span<const engine::InitialValue>(*initial_values)
                                   : std::span<const engine::InitialValue>());
  // MIDI learn: the mappings learned earlier (<scene>.mappings.yaml) play over the scene's.
  std::unique_ptr<control::MidiLearner> learner;
  if (!midi_ports.empty()) {
    const auto learned_file = control::learned_mappings_path(options.scene);
    auto learned = control::load_learned_mappings(learned_file);
    if (!learned) log::warn("learned MIDI mappings not loaded: {}", learned.error().what());
    std::vector<config::MidiMapping> kept = learned ? std::move(*learned) : std::vector<config::MidiMapping>{};
    for (const std::string& w : control::keep_usable(kept, e.registry(), learned_file.string())) log::warn("{}", w);
    if (!kept.empty()) log::info("MIDI: {} learned mapping(s) from {}", kept.size(), learned_file.string());
    learner = std::make_unique<control::MidiLearner>(e.registry(), mirror, scene.midi.mappings, std::move(kept),
                                                     learned_file, scene.file);
  }
  if (!options.learn.empty() && learner) (void)learner->request(control::MidiLearner::Request::kStart, options.learn);
  std::vector<std::unique_ptr<control::MidiInput>> midi;
  for (std::size_t i = 0; i < midi_ports.size(); ++i) {
    auto map = control::MidiMap::build(learner->mappings(), e.registry(), mirror, scene.file);
    if (!map) {
      log::error("{}", map.error().what());
      return kExitUsage;
    }
    if (i == 0) {
      for (const std::string& w : map->warnings()) log::warn("{}", w);
    }
    control::MidiInputOptions midi_options;
    midi_options.clock = &e;
    auto input = control::MidiInput::open(midi_ports[i], std::move(*map), e.command_sender(2 + i), midi_options);
    if (!input) {
      log::error("{}", input.error().what());
      if (!options.midi_in.empty()) return kExitFailure;
      continue;
    }
    log::info("MIDI in: {} ({})", (*input)->port_name(), (*input)->api_name());
    midi.push_back(std::move(*input));
  }
  const auto midi_seconds = [] {
    return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
  };

  // OSC: a port in use or a bad allow list leaves the performance running without it, said loudly.
  std::unique_ptr<control::OscServer> osc;
  if (scene.osc.enabled && !options.no_osc) {
    control::OscServerOptions osc_options;
    osc_options.port = options.osc_port.value_or(scene.osc.port);
    osc_options.feedback = scene.osc.feedback;
    if (!midi.empty()) {
      osc_options.on_change = [mirror, midi_seconds](const engine::ParamChange& c) {
        mirror->observe(c.index, c.value, midi_seconds());
      };
      osc_options.on_learn = [l = learner.get(), registry = &e.registry()](const control::OscRoute& route) {
        using Kind = control::OscRoute::Kind;
        using Request = control::MidiLearner::Request;
        if (route.kind == Kind::kLearnConfirm) return l->request(Request::kConfirm);
        if (route.kind == Kind::kLearnCancel) return l->request(Request::kCancel);
        return l->request(Request::kStart, (*registry)[route.param].id);
      };
    }
    auto allow = control::OscAllowList::parse(scene.osc.allow);
    if (!allow) {
      log::error("OSC is off: {}", allow.error().what());
    } else {
      osc_options.allow = std::move(*allow);
      auto started_osc = control::OscServer::start(e, scene, std::move(osc_options));
      if (!started_osc) {
        log::warn("OSC is off: {}", started_osc.error().what());
      } else {
        osc = std::move(*started_osc);
        log::info("OSC on UDP port {} (docs/osc.md)", osc->port());
      }
    }
  }
  log::info(
      "playing {} on {} at {:.0f} Hz, {}-frame blocks{}", options.scene, where, rate, stream_block,
      options.seconds > 0.0 ? fmt::format(" for {:g} s", options.seconds) : std::string(" (Ctrl-C stops)"));

  EventsPlayer player(e.command_sender(0), std::move(script));
  engine::SceneCuePlayer scenes(e, scene, std::move(cues));
  SceneWatch watch(options.watch ? std::filesystem::absolute(options.scene) : std::filesystem::path());
  const auto lookahead = static_cast<std::uint64_t>(0.25 * rate);
  LiveStats stats;
  stats.recent = engine::RecentLoad(3.0, rate);
  std::vector<double> tempo_said(midi.size(), 0.0);  // MIDI clock tempo last logged, per input
  std::optional<double> first_sound;  // seconds from launch to the first non-silent block
  auto last_status = Clock::now();
  bool status_shown = false;
  bool stream_failed = false;
  while (true) {
    if (g_stop_requested.load(std::memory_order_relaxed)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    {
      std::uint64_t now = stats.next_frame;
      if (offline) {
        std::lock_guard lock(offline_mutex);
        now = offline_frames;
      }
      scenes.feed(now + lookahead);
      // Program Change: scene n is the n-th .yaml file, by name, in the playing scene's folder.
      for (auto& input : midi) {
        int index = 0;
        while (input->pop_scene_request(index)) recall_numbered_scene(index, scene, e, scenes.glide_seconds());
      }
      if (learner) learner->tick(midi, midi_seconds());
      // The MIDI clock's tempo, said when it appears or moves by half a BPM (docs/midi.md).
      for (std::size_t i = 0; i < midi.size(); ++i) {
        const double bpm = midi[i]->tempo_bpm();
        if (bpm > 0.0 && std::abs(bpm - tempo_said[i]) >= 0.5) {
          tempo_said[i] = bpm;
          log::info("MIDI clock on {}: {:.2f} BPM", midi[i]->port_name(), bpm);
        }
      }
      if (!osc && !midi.empty()) {
        engine::ParamChange change;  // nobody else consumes the engine's changes: takeover needs them
        while (e.pop_param_change(change)) mirror->observe(change.index, change.value, midi_seconds());
      }
      if (watch.changed()) reload_scene(watch.path(), scene, e, scenes.glide_seconds());
    }
    if (!first_sound) {
      float peak = stats.peak;
      if (offline) {
        std::lock_guard lock(offline_mutex);
        peak = offline_summary.master_peak;
      }
      if (peak > 0.0f) first_sound = std::chrono::duration<double>(Clock::now() - launched).count();
    }
    if (!offline) {
      engine::Telemetry t;
      while (e.pop_telemetry(t)) absorb(stats, t);
      player.feed(stats.next_frame + lookahead);
      if (device_driver->failed()) {
        stream_failed = true;
        break;
      }
      if (stop_frame != 0 && stats.next_frame >= stop_frame) break;
      // A stream that stops calling back (a server that went away silently) must not hang the run.
      if (stop_frame != 0 && Clock::now() - started > std::chrono::duration<double>(options.seconds + 10.0)) {
        stream_failed = true;
        break;
      }
    } else {
      if (offline_done.load(std::memory_order_acquire)) break;
    }
    if (osc) {
      control::OscStatus status;
      if (offline) {
        std::lock_guard lock(offline_mutex);
        status.load = offline_summary.mean_load;
        status.p99 = offline_summary.max_load;
        status.deadline_misses = offline_summary.deadline_misses;
        status.peak = offline_summary.master_peak;
      } else {
        const engine::RecentLoad::Summary recent = stats.recent.summary();
        status.load = recent.mean;
        status.p99 = recent.p99;
        status.deadline_misses = stats.deadline_misses;
        status.xruns = device_driver->xruns();
        for (std::uint32_t i = 0; i < stats.last.layer_count; ++i) status.voices += stats.last.layer_voices[i];
        status.peak = stats.last.master_peak;
      }
      status.recording = recorder.report().recording;
      osc->set_status(status);
    }
    if (show_status && Clock::now() - last_status >= std::chrono::milliseconds(200)) {
      last_status = Clock::now();
      double load = 0.0;
      double p99 = 0.0;
      double max_load = 0.0;
      std::uint64_t misses = 0;
      float peak = 0.0f;
      double seconds = 0.0;
      std::uint32_t voices = 0;
      if (offline) {
        std::lock_guard lock(offline_mutex);
        load = offline_summary.mean_load;
        p99 = max_load = offline_summary.max_load;
        misses = offline_summary.deadline_misses;
        peak = offline_summary.master_peak;
        seconds = static_cast<double>(offline_frames) / rate;
      } else {
        const engine::RecentLoad::Summary recent = stats.recent.summary();
        load = recent.mean;
        p99 = recent.p99;
        max_load = recent.max;
        for (std::uint32_t i = 0; i < stats.last.layer_count; ++i) voices += stats.last.layer_voices[i];
        misses = stats.deadline_misses;
        peak = stats.recent_peak;
        stats.recent_peak = 0.0f;
        seconds = static_cast<double>(stats.next_frame) / rate;
      }
      // Load over the last 3 s: mean / p99 / max.
      std::fprintf(stderr,
                   "\r%7.1f s  %-26s load %4.1f/%4.1f/%4.1f %%  voices %3u  peak %-10s  misses %llu  xruns %llu\x1b[K",
                   seconds, std::string(stage_name(worker.stage())).c_str(), load * 100.0, p99 * 100.0,
                   max_load * 100.0, voices, db_text(peak).c_str(), static_cast<unsigned long long>(misses),
                   static_cast<unsigned long long>(device_driver ? device_driver->xruns() : 0));
      std::fflush(stderr);
      status_shown = true;
    }
  }
  if (status_shown) std::fprintf(stderr, "\n");

  osc.reset();  // no more commands into an engine that is about to stop
  midi.clear();
  // Stop the audio before the material it plays from goes away.
  std::uint64_t xruns = 0;
  if (offline) {
    offline_stop.store(true, std::memory_order_relaxed);
    offline_thread.join();
  } else {
    device_driver->stop();
    xruns = device_driver->xruns();
    engine::Telemetry t;
    while (e.pop_telemetry(t)) absorb(stats, t);
  }
  worker.stop();
  recorder.finish();
  e.attach_recorder(nullptr);
  const double wall = std::chrono::duration<double>(Clock::now() - started).count();

  std::uint64_t blocks = stats.blocks;
  std::uint64_t misses = stats.deadline_misses;
  std::string load_text;
  float peak = stats.peak;
  double played = static_cast<double>(stats.next_frame) / rate;
  if (offline) {
    blocks = offline_summary.blocks;
    misses = offline_summary.deadline_misses;
    peak = offline_summary.master_peak;
    played = static_cast<double>(offline_frames) / rate;
    load_text = fmt::format("mean {:.1f} %, max {:.1f} %", offline_summary.mean_load * 100.0,
                            offline_summary.max_load * 100.0);
  } else {
    load_text = fmt::format("mean {:.1f} %, p99 {:.1f} %, max {:.1f} %", stats.load.mean() * 100.0,
                            stats.load.quantile(0.99) * 100.0, stats.load.max() * 100.0);
  }
  const engine::Telemetry& t = offline ? e.last_telemetry() : stats.last;
  std::printf("afterglow live: %.2f s played on %s (%.2f s wall), %.0f Hz, %zu-frame blocks\n", played,
              where.c_str(), wall, rate, stream_block);
  std::printf("  blocks:           %llu\n", static_cast<unsigned long long>(blocks));
  std::printf("  deadline misses:  %llu\n", static_cast<unsigned long long>(misses));
  std::printf("  driver xruns:     %llu\n", static_cast<unsigned long long>(xruns));
  std::printf("  DSP load:         %s\n", load_text.c_str());
  std::printf("  peak:             %s\n", db_text(peak).c_str());
  std::printf("  material:         %s\n", std::string(stage_name(worker.stage())).c_str());
  if (first_sound) {
    std::printf("  first sound:      %.2f s after launch\n", *first_sound);
  } else {
    std::printf("  first sound:      none (the run stayed silent)\n");
  }
  if (!offline && stats.stamped > 0) {
    std::printf("  control latency:  %llu commands from OSC/MIDI, at most %u frames (%.2f blocks) from arrival to the first sample they change\n",
                static_cast<unsigned long long>(stats.stamped), stats.max_lateness,
                static_cast<double>(stats.max_lateness) / static_cast<double>(stream_block));
    // Blocks that applied such commands, by the worst lateness among them (in whole blocks, rounded up).
    std::string spread;
    for (std::size_t b = 0; b < stats.lateness_blocks.size(); ++b) {
      if (stats.lateness_blocks[b] == 0) continue;
      spread += fmt::format("{}{}{} block{}: {}", spread.empty() ? "" : ", ", b + 1 == stats.lateness_blocks.size() ? "≥ " : "≤ ", b,
                            b == 1 ? "" : "s", stats.lateness_blocks[b]);
    }
    std::printf("                    by block: %s\n", spread.c_str());
  }
  std::printf("  commands:         %llu applied, %llu dropped (events file: %zu of %zu sent)\n",
              static_cast<unsigned long long>(t.commands_applied),
              static_cast<unsigned long long>(t.commands_dropped), offline ? 0 : player.sent(),
              offline ? 0 : player.total());
  const engine::SessionRecorder::Report recording = recorder.report();
  for (const auto& dir : recording.sessions) std::printf("  recorded:         %s\n", dir.string().c_str());
  if (recording.dropped_frames > 0) {
    std::printf("  recording:        %llu frames dropped (the disk could not keep up)\n",
                static_cast<unsigned long long>(recording.dropped_frames));
  }
  if (recording.error) std::printf("  recording error:  %s\n", recording.error->what());
  std::fflush(stdout);

  if (stream_failed) {
    log::error(
        "the audio stream on {} stopped (server shut down or device lost); start it again with "
        "`afterglow live`",
        where);
    return kExitFailure;
  }
  if (worker.stage() == engine::MaterialWorker::Stage::kFailed) return kExitFailure;
  return kExitOk;
}

}  // namespace

void register_live_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<LiveOptions>();
  auto* cmd = root.add_subcommand("live", "Play a scene live on an audio device");
  cmd->footer(
      R"(The stream starts at once; sources are analysed in the background and each layer fades in when
its material is ready. Stops after --seconds, or on Ctrl-C / SIGTERM, and prints a summary.
Backends: jack (joins a running JACK server at its rate), pulse, alsa, auto (tries them in that
order), offline (no device: the engine paced to realtime). See docs/live.md.

Examples:
  afterglow live --scene scenes/default.yaml
  afterglow live --backend jack --events moves.jsonl --seconds 60
  afterglow live --backend alsa --device "USB Audio" --rate 48000 --block 128
  afterglow devices)");
  cmd->add_option("--scene", options->scene, "Scene file (default scenes/default.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--backend", options->backend, "auto, jack, pulse, alsa or offline (default: the scene's)")
      ->check(CLI::IsMember({"auto", "jack", "pulse", "alsa", "offline"}));
  cmd->add_option("--device", options->device, "Output device: index or name (see `afterglow devices`)");
  cmd->add_option("--rate", options->rate, "Sample rate (JACK: must equal the server's)")
      ->check(CLI::Range(8000u, 192000u));
  cmd->add_option("--block", options->block, "Frames per block (JACK uses the server's period)")
      ->check(CLI::Range(16u, 8192u));
  cmd->add_option("--out", options->out, "Export folder (overrides the scene's)");
  cmd->add_option("--events", options->events, "Events file to play (JSON lines, docs/events.md)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--seconds", options->seconds, "Stop after this long (default: until Ctrl-C)")
      ->check(CLI::Range(0.0, 7.0 * 24 * 3600.0));
  cmd->add_flag("--no-status", options->no_status, "No status line on the terminal");
  cmd->add_flag("--no-cache", options->no_cache, "Neither read nor write the analysis cache");
  cmd->add_option("--osc-port", options->osc_port, "OSC server UDP port (default: the scene's osc.port; 0 = any free)")
      ->check(CLI::Range(0, 65535));
  cmd->add_flag("--no-osc", options->no_osc, "No OSC server");
  cmd->add_option("--learn", options->learn,
                  "MIDI learn for a parameter (an id such as cloud1.density, or its OSC address): the last "
                  "knob moved plays it, saved to <scene>.mappings.yaml (docs/midi.md)");
  cmd->add_option("--midi-in", options->midi_in,
                  "MIDI input: a port name (or part of it), an index from `afterglow devices`, or `virtual`; "
                  "repeatable (default: the scene's midi.inputs)");
  cmd->add_flag("--watch", options->watch,
                "Reload the scene file when it changes (a morph to the new values; a broken file is reported "
                "and the current scene keeps playing)");
  cmd->add_flag("--record", options->record,
                "Record the session from the start to <export>/sessions/<YYYYmmdd-HHMMSS>/ (docs/live.md)");
  cmd->callback([options, &exit_code] { exit_code = run_live(*options); });
}

}  // namespace afterglow::app
