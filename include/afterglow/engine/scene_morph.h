#pragma once
// Scene morphs (issue 6). Recalling a scene while playing glides every parameter from where it is to
// where the new scene puts it: continuous parameters move through their control curve (so a frequency
// glides in equal ratios), integer and on/off parameters switch at the glide's midpoint, and a
// parameter the performer moves during the glide is left to the performer from then on.
//
// The target is built on a control thread (morph_target_for: load, validate, map onto the running
// engine's registry) and reaches the audio thread by pointer, like a material bank; the engine runs
// the glide itself (SceneMorph), emitting the values as ordinary parameter changes every kTick frames
// at absolute frames, so a morph is as block-size independent as any command — and a session
// recording logs those changes, so a replay needs no knowledge of morphs at all.
//
// What a recall means for the running engine: the layers it names take its values (parameters it
// does not name go to their defaults: a scene is a whole state); layers of the engine that the new
// scene does not have fade out (level → 0). Layers the new scene adds, or different sources, need a
// restart (the registry and the material belong to the running scene) and are reported as warnings.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "afterglow/config/scene.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/param_registry.h"

namespace afterglow::engine {

struct MorphTarget {
  std::vector<float> values;  // natural units per registry parameter; NaN = leave it where it is
  double glide_seconds = 2.0;
  std::uint64_t start_frame = 0;  // the first block boundary at or after this frame (0: on arrival)
  std::string name;               // for messages
};

// The target `next` sets on `registry`'s engine. kInvalidConfig (every bad value with file:line:col)
// when its layer values do not fit; what it cannot do on the running engine goes to `warnings`.
Result<std::unique_ptr<MorphTarget>> morph_target_for(const config::Scene& next, const config::Scene& current,
                                                      const ParamRegistry& registry,
                                                      std::vector<std::string>* warnings = nullptr);

inline constexpr double kDefaultGlideSeconds = 2.0;

// A recall by name: loads `name` (relative to `current`'s folder; ".yaml" added when it has no
// extension), validates it and builds its morph target. Every problem of the file (syntax errors,
// unknown keys, out-of-range values, each with file:line:col) comes back as one kInvalidConfig error;
// a missing file is kNotFound. The caller keeps the current scene playing on any error.
Result<std::unique_ptr<MorphTarget>> recall_scene(const std::string& name, const config::Scene& current,
                                                  const ParamRegistry& registry, double glide_seconds,
                                                  std::uint64_t start_frame,
                                                  std::vector<std::string>* warnings = nullptr);

// The glide's state on the audio thread. prepare() allocates; everything else is realtime safe.
class SceneMorph {
 public:
  static constexpr std::uint32_t kTick = 256;  // frames between two emitted values (5.3 ms at 48 kHz)

  void prepare(const ParamRegistry& registry, double sample_rate);
  // A parameter the performer moved this recently when a glide begins is still in their hands.
  static constexpr double kTouchHoldSeconds = 0.5;
  static constexpr std::uint64_t kNeverTouched = ~std::uint64_t{0};

  // Starts gliding from `current` (the engine's values) to `target` at frame `now`; replaces a glide
  // in progress (from wherever it got to). `touched[i]` is the frame the performer last moved
  // parameter i (kNeverTouched if never); one moved within kTouchHoldSeconds is left alone.
  void begin(const MorphTarget& target, const float* current, const std::uint64_t* touched,
             std::uint64_t now) noexcept;
  // The performer moved parameter `index`: the glide lets go of it.
  void release(std::uint32_t index) noexcept;
  bool active() const noexcept { return active_count_ > 0; }
  // The next frame at which begin()'s glide emits values (only meaningful while active()).
  std::uint64_t next_emit() const noexcept { return next_emit_; }
  // The first frame after `now` at which the glide will emit (when it emits at `now`, the one after).
  std::uint64_t emit_after(std::uint64_t now) const noexcept {
    if (next_emit_ > now) return next_emit_;
    std::uint64_t next = std::min<std::uint64_t>(now + kTick, end_);
    if (mid_ > now && mid_ < next) next = mid_;
    return next > now ? next : now + kTick;  // past the end: nothing more to split for
  }
  // Emits the values due at frame `now` (== next_emit()) through emit(index, value) and advances.
  template <typename Emit>
  void emit_due(std::uint64_t now, Emit&& emit) noexcept {
    if (!active() || now != next_emit_) return;
    const bool last = now >= end_;
    const double u = last ? 1.0 : static_cast<double>(now - start_) / static_cast<double>(end_ - start_);
    for (std::size_t i = 0; i < state_.size(); ++i) {
      State& s = state_[i];
      if (!s.active) continue;
      float value = s.to;
      if (s.discrete) {
        if (now < mid_) continue;
      } else if (!last) {
        value = static_cast<float>(specs_[i]->from_normalised(s.from_n + (s.to_n - s.from_n) * u));
      }
      emit(static_cast<std::uint32_t>(i), value);
      if (s.discrete || last) {
        s.active = false;
        --active_count_;
      }
    }
    next_emit_ = last ? now : emit_after(now);  // includes the midpoint, where discrete ones switch
  }

 private:
  struct State {
    bool active = false;
    bool discrete = false;
    float to = 0.0f;
    double from_n = 0.0;
    double to_n = 0.0;
  };
  std::vector<State> state_;
  std::vector<const ParamSpec*> specs_;
  std::size_t active_count_ = 0;
  double sample_rate_ = 48000.0;
  std::uint64_t start_ = 0;
  std::uint64_t end_ = 0;
  std::uint64_t mid_ = 0;
  std::uint64_t next_emit_ = 0;
};

}  // namespace afterglow::engine
