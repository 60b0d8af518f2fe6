#include "afterglow/engine/engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "afterglow/core/denormal.h"
#include "afterglow/engine/session_recorder.h"

namespace afterglow::engine {
namespace {

// Each layer's generator gets its own random stream of the engine seed.
constexpr std::uint64_t kLayerSeedStride = 0x9E3779B97F4A7C15ull;

float peak_of(std::span<const float> x) {
  float p = 0.0f;
  for (float v : x) p = std::max(p, std::fabs(v));
  return p;
}

}  // namespace

Engine::Engine(ParamRegistry registry, const EngineSettings& settings)
    : registry_(std::move(registry)),
      settings_(settings),
      queues_(settings.producers, settings.queue_capacity) {}

Engine::~Engine() {
  collect_garbage();
  MorphTarget* morph = nullptr;
  while (morph_queue_.try_dequeue(morph)) delete morph;
  MaterialBank* bank = nullptr;
  while (publish_queue_.try_dequeue(bank)) delete bank;
  for (std::size_t i = 0; i < held_count_; ++i) delete held_[i].bank;
  delete current_;
}

Result<std::unique_ptr<Engine>> Engine::create(const config::Scene& scene, const EngineSettings& settings) {
  std::vector<EngineLayer> layers;
  for (const config::LayerSpec& spec : scene.layers) {
    if (const LayerType* type = find_layer_type(spec.type)) layers.push_back({spec.name, type, spec.sources});
  }
  std::vector<RegistryLayer> reg_layers;
  for (const EngineLayer& l : layers) reg_layers.push_back({l.name, l.type});
  auto built = ParamRegistry::build(std::move(reg_layers));
  if (!built) return built.error();
  auto initial = built->initial_values(scene);
  if (!initial) return initial.error();
  EngineSettings s = settings;
  if (auto seed = scene.seed()) s.seed = static_cast<std::uint64_t>(*seed);
  return create(std::move(layers), *initial, s);
}

Result<std::unique_ptr<Engine>> Engine::create(std::vector<EngineLayer> layers,
                                               std::span<const InitialValue> initial,
                                               const EngineSettings& settings) {
  if (layers.size() > kMaxLayers) {
    return Error(ErrorKind::kInvalidConfig, "a scene may have at most 16 layers");
  }
  std::vector<RegistryLayer> reg_layers;
  for (const EngineLayer& l : layers) reg_layers.push_back({l.name, l.type});
  auto registry = ParamRegistry::build(std::move(reg_layers));
  if (!registry) return registry.error();
  std::unique_ptr<Engine> engine(new Engine(std::move(*registry), settings));
  for (std::size_t i = 0; i < layers.size(); ++i) {
    engine->bindings_.push_back({layers[i].type, layers[i].sources});
    Slot slot;
    slot.layer = layers[i].type->make();
    slot.seed = settings.seed + kLayerSeedStride * (i + 1);
    engine->slots_.push_back(std::move(slot));
  }
  engine->initial_.assign(initial.begin(), initial.end());
  return engine;
}

void Engine::prepare(double sample_rate, std::size_t max_block) {
  sample_rate_ = sample_rate;
  max_block_ = std::max<std::size_t>(1, max_block);
  clock_ = 0;
  rendered_.store(0, std::memory_order_release);
  values_.resize(registry_.size());
  for (const ParamSpec& p : registry_.params()) values_[p.index] = p.default_value;
  for (const InitialValue& v : initial_) values_[v.param] = v.value;

  for (Slot& slot : slots_) {
    slot.layer->prepare(sample_rate, max_block_);
    slot.layer->reset(slot.seed);
    slot.mixer.prepare(sample_rate, ParamRegistry::kLevelSmoothingMs, ParamRegistry::kMuteSmoothingMs,
                       settings_.material_fade_ms);
    slot.events.assign(settings_.max_events_per_block, gen::Event{});
    slot.mix.assign(settings_.max_events_per_block, MixCommand{});
    slot.event_count = 0;
    slot.mix_count = 0;
  }
  for (const ParamSpec& p : registry_.params()) {
    if (p.target == ParamTarget::kGenerator)
      slots_[p.layer_index].layer->set_param(p.generator_id, values_[p.index]);
  }
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    const bool has = current_ != nullptr && current_->layer(i) != nullptr;
    slot.layer->set_material(has ? current_->layer(i) : nullptr);
    slot.has_material = has;
    slot.mixer.reset(values_[registry_.control(i, ParamTarget::kLayerLevel)],
                     values_[registry_.control(i, ParamTarget::kLayerPan)],
                     values_[registry_.control(i, ParamTarget::kLayerMute)] > 0.5f, has);
  }
  pending_.reserve(settings_.pending_capacity);
  morph_.prepare(registry_, sample_rate);
  touched_.assign(registry_.size(), SceneMorph::kNeverTouched);
  master_commands_.assign(settings_.max_events_per_block, MixCommand{});
  scratch_left_.assign(max_block_, 0.0f);
  scratch_right_.assign(max_block_, 0.0f);
  master_level_.prepare(sample_rate, ParamRegistry::kLevelSmoothingMs);
  master_level_.reset(values_[registry_.master(ParamTarget::kMasterLevel)]);
  dsp::LimiterParams lp;
  lp.lookahead_ms = settings_.limiter_lookahead_ms;
  lp.ceiling_db = values_[registry_.master(ParamTarget::kLimiterCeiling)];
  limiter_.prepare(sample_rate, max_block_, 2, lp);
  telemetry_ = Telemetry{};
}

bool Engine::publish_material(std::unique_ptr<MaterialBank> bank) {
  if (!bank) return false;
  std::lock_guard lock(publish_mutex_);
  bank->generation = ++generation_;
  if (!publish_queue_.try_enqueue(bank.get())) return false;
  bank.release();
  return true;
}

std::size_t Engine::collect_garbage() {
  std::size_t freed = 0;
  MaterialBank* bank = nullptr;
  while (retire_queue_.try_dequeue(bank)) {
    delete bank;
    ++freed;
  }
  MorphTarget* morph = nullptr;
  while (morph_retire_.try_dequeue(morph)) delete morph;
  return freed;
}

bool Engine::publish_morph(std::unique_ptr<MorphTarget> target) {
  if (!target) return false;
  std::lock_guard lock(publish_mutex_);
  if (!morph_queue_.try_enqueue(target.get())) return false;
  target.release();
  return true;
}

void Engine::adopt_morph() noexcept {
  MorphTarget* const* next = morph_queue_.peek();
  if (next == nullptr || (*next)->start_frame > clock_) return;
  MorphTarget* target = *next;
  // The retire queue has the publish queue's capacity, so there is always room; if not, the target
  // stays queued and is begun on a later block.
  if (!morph_retire_.try_enqueue(target)) return;
  morph_queue_.pop();
  morph_.begin(*target, values_.data(), touched_.data(), clock_);
}

void Engine::emit_morph() noexcept {
  if (!morph_.active() || morph_.next_emit() != clock_) return;
  morph_.emit_due(clock_, [this](std::uint32_t index, float value) {
    Command applied;
    if (route(Command::param(clock_, index, value), 0, applied) == Routed::kApplied && recorder_ != nullptr)
      recorder_->on_command(clock_, applied);
  });
}

void Engine::retire_held() noexcept {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < held_count_; ++i) {
    // A full retire queue keeps the bank held until the collector catches up.
    if (clock_ >= held_[i].release_frame && retire_queue_.try_enqueue(held_[i].bank)) continue;
    held_[kept++] = held_[i];
  }
  held_count_ = kept;
}

void Engine::adopt_material() noexcept {
  retire_held();
  if (held_count_ == kMaxHeldBanks) return;  // adopt later, when a hold ends
  MaterialBank* const* next = publish_queue_.peek();
  if (next == nullptr || (*next)->adopt_frame > clock_) return;
  MaterialBank* bank = nullptr;
  if (!publish_queue_.try_dequeue(bank)) return;
  if (recorder_ != nullptr) recorder_->on_material(clock_, bank->stage);
  if (current_ != nullptr) {
    const auto hold = static_cast<std::uint64_t>(settings_.retire_hold_seconds * sample_rate_);
    held_[held_count_++] = {current_, clock_ + hold};
  }
  current_ = bank;
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    const LayerMaterial* m = bank->layer(i);
    if (m != nullptr) {
      slot.layer->set_material(m);
      if (!slot.has_material) slot.mixer.fade_material(true);
      slot.has_material = true;
      slot.unbind_pending = false;
    } else if (slot.has_material) {
      // Keep playing the old material (held) while the layer fades out, then let go of it.
      slot.mixer.fade_material(false);
      slot.unbind_pending = true;
      slot.has_material = false;
    }
  }
}

std::size_t Engine::frames_before_adoption(std::size_t limit) noexcept {
  std::uint64_t until = clock_ + limit;
  MaterialBank* const* bank = publish_queue_.peek();
  if (bank != nullptr && (*bank)->adopt_frame > clock_) until = std::min(until, (*bank)->adopt_frame);
  MorphTarget* const* morph = morph_queue_.peek();
  if (morph != nullptr && (*morph)->start_frame > clock_) until = std::min(until, (*morph)->start_frame);
  if (morph_.active()) until = std::min(until, morph_.emit_after(clock_));
  return static_cast<std::size_t>(until - clock_);
}

Engine::Routed Engine::route(const Command& c, std::uint32_t offset, Command& applied) noexcept {
  applied = c;
  if (c.type == CommandType::kParam) {
    if (c.target >= registry_.size()) return Routed::kIgnored;  // unknown target: dropped
    const ParamSpec& p = registry_[c.target];
    float v = c.value;
    if (!p.clamp(v)) return Routed::kIgnored;  // NaN/Inf: ignored
    applied.value = v;
    const MixCommand mc{offset, p.target, v};
    switch (p.target) {
      case ParamTarget::kGenerator: {
        Slot& slot = slots_[p.layer_index];
        if (slot.event_count == slot.events.size()) return Routed::kFull;
        slot.events[slot.event_count++] = gen::Event::param(offset, p.generator_id, v);
        break;
      }
      case ParamTarget::kMasterLevel:
      case ParamTarget::kLimiterCeiling:
        if (master_count_ == master_commands_.size()) return Routed::kFull;
        master_commands_[master_count_++] = mc;
        break;
      default: {
        Slot& slot = slots_[p.layer_index];
        if (slot.mix_count == slot.mix.size()) return Routed::kFull;
        slot.mix[slot.mix_count++] = mc;
        break;
      }
    }
    values_[c.target] = v;
    if (!change_queue_.try_enqueue(ParamChange{clock_ + offset, c.target, v}))
      changes_dropped_.fetch_add(1, std::memory_order_relaxed);
    return Routed::kApplied;
  }
  if (c.type == CommandType::kRecord) return Routed::kApplied;  // the recorder acts on it
  if (c.type == CommandType::kScene || c.target >= slots_.size()) return Routed::kIgnored;
  Slot& slot = slots_[c.target];
  if (slot.event_count == slot.events.size()) return Routed::kFull;
  gen::Event e;
  e.frame = offset;
  e.note = c.note;
  e.value = std::isfinite(c.value) ? std::clamp(c.value, 0.0f, 1.0f) : 0.0f;
  applied.value = e.value;
  switch (c.type) {
    case CommandType::kNoteOn:
      // Velocity 0 is a note-off, as in MIDI (and as an events file reads it back).
      e.type = e.value > 0.0f ? gen::EventType::kNoteOn : gen::EventType::kNoteOff;
      if (e.value <= 0.0f) applied.type = CommandType::kNoteOff;
      break;
    case CommandType::kNoteOff:
      e.type = gen::EventType::kNoteOff;
      break;
    case CommandType::kTrigger:
      e.type = gen::EventType::kTrigger;
      break;
    default:
      e.type = gen::EventType::kAllOff;
      break;
  }
  slot.events[slot.event_count++] = e;
  return Routed::kApplied;
}

std::size_t Engine::take_due_commands(std::size_t frames) noexcept {
  queues_.drain(pending_.capacity() - pending_.size(), [this](const Command& c) { return pending_.push(c); });
  const std::uint64_t end = clock_ + frames;
  std::size_t taken = 0;
  while (!pending_.empty() && pending_.front().frame_time < end) {
    const Command& c = pending_.front();
    const auto offset = static_cast<std::uint32_t>(c.frame_time > clock_ ? c.frame_time - clock_ : 0);
    Command applied;
    const Routed routed = route(c, offset, applied);
    if (routed == Routed::kFull) {
      // A per-block buffer is full: the rest waits for the next block (at its first frame).
      ++deferred_;
      break;
    }
    if (c.frame_time != 0 && c.frame_time <= clock_ + offset) {  // stamped on arrival (0: unstamped)
      ++telemetry_.stamped_commands;
      telemetry_.max_command_lateness =
          std::max(telemetry_.max_command_lateness, static_cast<std::uint32_t>(clock_ + offset - c.frame_time));
    }
    if (routed == Routed::kApplied) {
      if (c.type == CommandType::kParam && c.target < touched_.size()) {
        morph_.release(c.target);  // the performer has it now
        touched_[c.target] = clock_ + offset;
      }
      if (recorder_ != nullptr) recorder_->on_command(clock_ + offset, applied);
    }
    pending_.pop();
    ++taken;
  }
  applied_ += taken;
  return taken;
}

void Engine::apply_master(const MixCommand& c) noexcept {
  if (c.target == ParamTarget::kMasterLevel) {
    master_level_.set_target(c.value);
  } else {
    limiter_.set_ceiling_db(c.value);
  }
}

void Engine::render_master(StereoBlock out) noexcept {
  const std::size_t frames = out.frames();
  std::size_t done = 0;
  auto run = [&](std::size_t until) {
    if (until <= done) return;
    for (std::size_t i = done; i < until; ++i) {
      const auto g = static_cast<float>(master_level_.next());
      out.left[i] *= g;
      out.right[i] *= g;
    }
    const float* in[2] = {out.left.data() + done, out.right.data() + done};
    float* io[2] = {out.left.data() + done, out.right.data() + done};
    limiter_.process(in, io, until - done);
    done = until;
  };
  for (std::size_t k = 0; k < master_count_; ++k) {
    run(std::min<std::size_t>(master_commands_[k].frame, frames));
    apply_master(master_commands_[k]);
  }
  run(frames);
}

void Engine::process_chunk(StereoBlock out) noexcept {
  const std::size_t frames = out.frames();
  for (Slot& slot : slots_) {
    slot.event_count = 0;
    slot.mix_count = 0;
  }
  master_count_ = 0;
  emit_morph();  // at offset 0, so a performer's command at the same frame comes after it and wins
  take_due_commands(frames);
  out.clear();
  const StereoBlock scratch{std::span<float>(scratch_left_.data(), frames),
                            std::span<float>(scratch_right_.data(), frames)};
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    slot.layer->process(scratch, gen::EventSpan(slot.events.data(), slot.event_count));
    float peak = 0.0f;
    std::size_t done = 0;
    for (std::size_t k = 0; k < slot.mix_count; ++k) {
      const MixCommand& c = slot.mix[k];
      const std::size_t at = std::min<std::size_t>(c.frame, frames);
      if (at > done) peak = std::max(peak, slot.mixer.mix(scratch, out, done, at - done));
      done = std::max(done, at);
      if (c.target == ParamTarget::kLayerLevel) slot.mixer.set_level(c.value);
      if (c.target == ParamTarget::kLayerPan) slot.mixer.set_pan(c.value);
      if (c.target == ParamTarget::kLayerMute) slot.mixer.set_mute(c.value > 0.5f);
    }
    if (done < frames) peak = std::max(peak, slot.mixer.mix(scratch, out, done, frames - done));
    if (slot.unbind_pending && slot.mixer.material_silent()) {
      slot.layer->set_material(nullptr);
      slot.unbind_pending = false;
    }
    if (i < kMaxLayers) {
      telemetry_.layer_peak[i] = std::max(telemetry_.layer_peak[i], peak);
      telemetry_.layer_voices[i] = static_cast<std::uint32_t>(slot.layer->active_voices());
    }
  }
  render_master(out);
  if (recorder_ != nullptr) recorder_->capture(clock_, out.left.data(), out.right.data(), frames);
  telemetry_.master_peak = std::max({telemetry_.master_peak, peak_of(out.left), peak_of(out.right)});
  clock_ += frames;
}

void Engine::process(StereoBlock out) noexcept {
  const auto start = std::chrono::steady_clock::now();
  ScopedFlushDenormals flush;
  const std::uint64_t first = clock_;
  telemetry_.layer_peak.fill(0.0f);
  telemetry_.master_peak = 0.0f;
  telemetry_.stamped_commands = 0;
  telemetry_.max_command_lateness = 0;
  // A bank due at a frame inside the block (a replay adopting where the recording did) splits it.
  for (std::size_t offset = 0; offset < out.frames();) {
    adopt_material();
    adopt_morph();
    const std::size_t n = frames_before_adoption(std::min(max_block_, out.frames() - offset));
    process_chunk(out.slice(offset, n));
    offset += n;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  telemetry_.frame = first;
  telemetry_.frames = static_cast<std::uint32_t>(out.frames());
  telemetry_.process_seconds = seconds;
  telemetry_.load = out.frames() > 0 ? seconds * sample_rate_ / static_cast<double>(out.frames()) : 0.0;
  telemetry_.layer_count = static_cast<std::uint32_t>(std::min(slots_.size(), kMaxLayers));
  telemetry_.limiter_gain = static_cast<float>(limiter_.take_min_gain());
  telemetry_.commands_applied = applied_;
  telemetry_.commands_dropped = queues_.dropped();
  telemetry_.commands_deferred = deferred_;
  telemetry_.material_generation = material_generation();
  if (!telemetry_queue_.try_enqueue(telemetry_)) ++telemetry_dropped_;
  rendered_.store(clock_, std::memory_order_release);
  telemetry_.telemetry_dropped = telemetry_dropped_;
}

}  // namespace afterglow::engine
