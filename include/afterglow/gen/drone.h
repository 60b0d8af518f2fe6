#pragma once
// The drone generator: polyphonic voices, each a swell over a seamless loop of a pad (or of one of its
// stretched renderings), pitched from MIDI notes relative to the pad's root, through a continuous tone
// control, a stereo width and a level.
//
// Realtime contract (design §4): prepare() allocates everything; process() writes the block and never
// allocates, locks, does I/O or throws. Work per block is bounded: at most voices + kStealReserve voices
// sound, each reading at most two heads.
//
// Determinism (design §6): events apply at their frame; every envelope step, cross-fade and decision
// (a voice's start point from the seeded RNG, which voice is stolen, when a fade ends) happens at an
// absolute sample, and voices are summed in slot order, so a seed and a list of timed events give
// byte-identical output for any block sizes.
//
// Never a cut: a note starts with its attack (≥ 5 ms) at a random point of the loop; a stolen voice
// fades over kStealFadeMs; changing the stretch, the direction, the pad, or a fine tune that moves a
// voice to another octave copy cross-fades each voice over kCrossfadeMs (DroneVoice); a stretch whose
// rendering is not ready yet keeps voices on what they play until set_loops() brings it. Tone, level,
// width and fine tune glide over kSmoothingMs.
//
// Stealing: `voices` (≥ 16 by default) may be held or releasing at once. A note-on beyond that steals
// one — the quietest releasing voice if any, else the oldest held one — which then fades in one of
// kStealReserve extra slots; if even those are full (more than kStealReserve steals inside a fade
// time), the new note is dropped and counted rather than cutting anything.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "afterglow/core/audio_block.h"
#include "afterglow/core/random.h"
#include "afterglow/dsp/smoother.h"
#include "afterglow/gen/drone_params.h"
#include "afterglow/gen/drone_tone.h"
#include "afterglow/gen/drone_voice.h"
#include "afterglow/gen/event.h"
#include "afterglow/gen/loop_set.h"

namespace afterglow::gen {

class Drone {
 public:
  static constexpr std::size_t kDefaultVoices = 16;
  static constexpr std::size_t kStealReserve = 64;
  static constexpr double kStealFadeMs = 15.0;
  static constexpr double kCrossfadeMs = 80.0;
  static constexpr double kSmoothingMs = 30.0;
  static constexpr double kEnvelopeGlideMs = 4.0;  // how fast a swell's rate follows a change

  struct Stats {
    std::size_t sounding = 0;  // voices audible at the end of the last block (fading ones included)
    std::uint64_t started = 0;
    std::uint64_t stolen = 0;
    std::uint64_t dropped = 0;  // note-ons refused because even the steal reserve was full
  };

  // Allocates the voices and the per-block buffers. Not realtime. voices ≥ 1.
  void prepare(double sample_rate, std::size_t max_block, std::size_t voices = kDefaultVoices);
  // Silences every voice, restarts the random sequence (parameters and loops are kept).
  void reset(std::uint64_t seed) noexcept;

  // Pointer swap, realtime safe. The buffers behind the view must stay valid until no voice reads them
  // (reads_from()); the view struct itself is copied. A stretch rendering that was missing and is now
  // present is faded to; a new pad is faded to (each voice at its note relative to the new root).
  void set_loops(const DroneLoopSetView& loops) noexcept;
  // True while any voice still reads from a loop of `loops` (the engine frees it only after false).
  bool reads_from(const DroneLoopSetView& loops) const noexcept;

  // Sets a parameter now (before the next block), as if by an event at frame 0.
  void set_param(DroneParam param, float value) noexcept;
  const DroneParams& params() const noexcept { return params_; }

  // Writes (not adds) the block; events apply at their frames (sorted by frame). Handles note on (note
  // == the pad's root plays it at its own pitch; velocity 0 is a note off), note off, all off, params,
  // and freeze (on: the frozen rendering regardless of the stretch parameter; off: back to it).
  void process(StereoBlock out, EventSpan events) noexcept;

  std::size_t voices() const noexcept { return polyphony_; }
  const Stats& stats() const noexcept { return stats_; }
  // The rendering voices are moving to (the requested one once it is ready).
  DroneStretch playing_stretch() const noexcept { return effective_; }
  double sample_rate() const noexcept { return sample_rate_; }

 private:
  void render(std::size_t offset, std::size_t count, StereoBlock out) noexcept;
  void render_piece(float* out_left, float* out_right, std::size_t count) noexcept;
  void apply_event(const Event& e) noexcept;
  void apply_param(DroneParam param, float value) noexcept;
  void note_on(int note, float velocity) noexcept;
  void note_off(int note) noexcept;
  void all_off() noexcept;
  void update_target() noexcept;
  // The pitch every voice is moved by: fine tune plus the wheel's bend, in cents.
  float pitch_cents() const noexcept { return params_.fine_tune + params_.bend; }
  void retarget_all() noexcept;
  double rate_for(double seconds) const noexcept;

  double sample_rate_ = 48000.0;
  std::size_t max_block_ = 0;
  std::size_t polyphony_ = kDefaultVoices;

  DroneParams params_;
  DroneLoopSetView loops_;
  DroneStretch effective_ = DroneStretch::k1x;
  bool freeze_ = false;
  DroneTarget target_;

  std::vector<DroneVoice> voices_;
  std::uint64_t order_ = 0;
  Random rng_;

  std::vector<float> fade_linear_;
  std::vector<float> fade_power_;
  std::uint32_t fade_length_ = 1;
  double steal_rate_ = 1.0;
  double rate_glide_ = 1.0;

  // Per-piece scratch.
  std::vector<float> mix_left_, mix_right_, env_, gain_a_, gain_b_;
  std::vector<double> fine_;

  dsp::OnePoleSmoother fine_cents_;
  double fine_factor_ = 1.0;  // 2^(cents/1200) while the smoother is settled
  dsp::OnePoleSmoother level_;
  dsp::OnePoleSmoother width_;
  dsp::OnePoleSmoother synthetic_;  // 1 when the loops' side channel is synthetic (level kept constant)
  DroneTone tone_;

  Stats stats_;
};

}  // namespace afterglow::gen
