#include "afterglow/control/midi_param_mirror.h"

namespace afterglow::control {

static_assert(std::atomic<float>::is_always_lock_free && std::atomic<double>::is_always_lock_free,
              "the MIDI callback may not take a lock");

MidiParamMirror::MidiParamMirror(const engine::ParamRegistry& registry,
                                 std::span<const engine::InitialValue> initial)
    : entries_(std::make_unique<Entry[]>(registry.size())), size_(registry.size()) {
  for (std::size_t i = 0; i < size_; ++i) {
    entries_[i].value.store(registry[static_cast<std::uint32_t>(i)].default_value, std::memory_order_relaxed);
  }
  for (const auto& v : initial) {
    if (v.param < size_) entries_[v.param].value.store(v.value, std::memory_order_relaxed);
  }
}

float MidiParamMirror::value(std::uint32_t param) const noexcept {
  return param < size_ ? entries_[param].value.load(std::memory_order_relaxed) : 0.0f;
}

std::uint32_t MidiParamMirror::version(std::uint32_t param) const noexcept {
  return param < size_ ? entries_[param].version.load(std::memory_order_acquire) : 0;
}

std::uint32_t MidiParamMirror::sent(std::uint32_t param, float value, double now) noexcept {
  if (param >= size_) return 0;
  Entry& e = entries_[param];
  e.value.store(value, std::memory_order_relaxed);
  e.last_sent.store(value, std::memory_order_relaxed);
  e.last_sent_at.store(now, std::memory_order_relaxed);
  return e.version.fetch_add(1, std::memory_order_acq_rel) + 1;
}

void MidiParamMirror::observe(std::uint32_t param, float value, double now) noexcept {
  if (param >= size_) return;
  Entry& e = entries_[param];
  if (now - e.last_sent_at.load(std::memory_order_relaxed) < kEchoWindow) return;
  if (value == e.last_sent.load(std::memory_order_relaxed)) return;
  if (value == e.value.load(std::memory_order_relaxed)) return;
  e.value.store(value, std::memory_order_relaxed);
  e.version.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace afterglow::control
