#pragma once
// One Drone voice: a swell envelope over one or two read heads on a seamless loop. The second head
// exists for cross-fades: whenever what a voice should read changes — another stretch rendering, a new
// pad, the direction, the octave copy its pitch calls for — the voice binds the spare head to the new
// source at the matching point (the same fraction of the loop) and fades across, so nothing is ever cut.
// A change that arrives mid-fade waits for that fade's end and is taken up at that exact sample.
//
// Reads are 4-point Hermite on the octave copy whose band stays below the new Nyquist (the Cloud's
// rule): a head at ratio r reads the 2× copy up to r = 2^(1/12), the half-rate copy up to 2·2^(1/12)
// and the quarter-rate copy up to 4·2^(1/12); pitches further up are clamped there (+25 semitones).
//
// Plain data, no heap: the Drone owns an array of these and hands each render call its scratch buffers.

#include <cstddef>
#include <cstdint>

#include "afterglow/gen/material.h"

namespace afterglow::gen {

struct DroneHead {
  MaterialView loop;  // the loop as handed in (all levels): identity and level switches
  const float* left = nullptr;
  const float* right = nullptr;
  std::size_t frames = 0;  // of the level read; 0 = silent head
  double rate = 1.0;       // level frames per full-rate frame (2, 1, 1/2, 1/4)
  double ratio = 1.0;      // playback ratio before fine tune
  double pos = 0.0;        // in level frames, [0, frames)
  float semitones = 0.0f;  // pitch relative to the loop's root, before fine tune
  int level = 0;           // −1 the 2× copy, else the octave level
  bool reverse = false;

  // Binds to `loop` at `fraction` of its length for a pitch of `semitones` (+ `fine_cents`).
  void bind(const MaterialView& loop, float semitones, float fine_cents, bool reverse,
            double fraction) noexcept;
  double fraction() const noexcept { return frames > 0 ? pos / static_cast<double>(frames) : 0.0; }
  bool same_source(const MaterialView& other) const noexcept {
    return loop.levels[0].left == other.levels[0].left;
  }

  // Adds gain[i] × the read at the head into out, advancing by ratio × fine[i] full-rate frames a sample.
  void render(const double* fine, const float* gain, float* out_left, float* out_right,
              std::size_t count) noexcept;
};

// The octave copy a head at `semitones` above its root reads (−1 = the 2× copy when present).
int drone_level_for(const MaterialView& loop, double semitones) noexcept;

// What every voice should be reading now.
struct DroneTarget {
  const MaterialView* loop = nullptr;  // never null: an empty view means silence
  float root_note = 69.0f;
  float fine_cents = 0.0f;  // the fine-tune target (the octave choice follows it)
  bool reverse = false;
};

struct DroneScratch {
  float* env = nullptr;  // per-sample envelope gain
  float* gain_a = nullptr;
  float* gain_b = nullptr;
};

class DroneVoice {
 public:
  enum class State : std::uint8_t { kIdle, kHeld, kReleased, kStolen };

  // `rate_glide`: the fraction of the way the envelope's rate moves to a new rate each sample.
  void start(int note, float velocity, std::uint64_t order, double attack_rate, double rate_glide,
             const DroneTarget& target, double fraction) noexcept;
  void release(double rate) noexcept;
  void steal(double rate) noexcept;
  void set_attack_rate(double rate) noexcept;
  void set_release_rate(double rate) noexcept;
  // Starts a cross-fade if the voice reads something other than `target` (and is not fading already).
  void retarget(const DroneTarget& target, const float* fade_linear, const float* fade_power,
                std::uint32_t fade_length) noexcept;

  // Adds `count` (≤ the scratch length) frames into out. Cross-fades that end inside the block retarget
  // at their last sample.
  void render(const double* fine, float* out_left, float* out_right, std::size_t count,
              const DroneScratch& scratch, const DroneTarget& target, const float* fade_linear,
              const float* fade_power, std::uint32_t fade_length) noexcept;

  State state() const noexcept { return state_; }
  bool idle() const noexcept { return state_ == State::kIdle; }
  int note() const noexcept { return note_; }
  std::uint64_t order() const noexcept { return order_; }
  float amplitude() const noexcept;  // velocity × envelope, now
  bool fading() const noexcept { return fade_length_ > 0; }
  bool reads_from(const MaterialView& loop) const noexcept;
  const DroneHead& head() const noexcept { return heads_[current_]; }

 private:
  void compute_envelope(float* env, std::size_t count) noexcept;

  DroneHead heads_[2];
  int current_ = 0;  // the head being faded in (or the only one)
  const float* fade_ = nullptr;
  std::uint32_t fade_pos_ = 0;
  std::uint32_t fade_length_ = 0;  // 0: no cross-fade running
  State state_ = State::kIdle;
  int note_ = 0;
  float velocity_ = 0.0f;
  std::uint64_t order_ = 0;
  double env_ = 0.0;
  double env_rate_ = 0.0;     // per sample; > 0 attacking, < 0 releasing
  double rate_target_ = 0.0;  // where env_rate_ glides
  double rate_glide_ = 1.0;
};

}  // namespace afterglow::gen
