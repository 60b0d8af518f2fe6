#pragma once
// The hiss layer: band-limited noise from synthesis (white, pink) or from drum recordings (seamless
// loops of random drum slices, hiss_material.h), an order-4 Butterworth band-pass or high-pass
// (reference §8), tremolo (free in Hz or synced to a tempo; reference §2.3's formula), and flicker
// bursts (random at a rate, or triggered by events) laid over the continuous bed.
//
// Three decorrelated noise streams run through the filter: the bed's left and right channels and the
// flickers' stream (independent generators for white and pink; a drum loop is read at three offsets a
// quarter and a half of its length apart). So the bed is wide, and a burst is heard as a burst, not
// as the bed getting louder.
//
// Realtime contract (design §4): prepare() allocates everything; process() writes the block and never
// allocates, locks, does I/O or throws. Work per sample is bounded: three filter cascades (six during
// a retune crossfade), two sources during a source crossfade, at most FlickerPool::kCapacity bursts.
//
// Click-free by construction: source switches (kind, drum loop, material swap) crossfade at equal
// power over kSourceFadeMs (the sources are uncorrelated); filter retunes crossfade two cascades
// (hiss_filter.h); tremolo depth, bed level and output level are smoothed; the tremolo rate only
// changes the phase increment; bursts fix their shape at their start.
//
// Determinism (design §6): every decision is taken at an absolute sample time (events at their frame,
// random bursts on a Poisson schedule in absolute time, crossfades started at a sample) and the random
// draws happen in time order, so a seed and a list of timed events give byte-identical output whatever
// the block sizes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "afterglow/core/audio_block.h"
#include "afterglow/core/random.h"
#include "afterglow/dsp/noise.h"
#include "afterglow/dsp/smoother.h"
#include "afterglow/gen/event.h"
#include "afterglow/gen/hiss_filter.h"
#include "afterglow/gen/hiss_flicker.h"
#include "afterglow/gen/hiss_material.h"
#include "afterglow/gen/hiss_params.h"

namespace afterglow::gen {

// What the hiss decided for one burst, for telemetry and tests.
struct FlickerStart {
  std::uint64_t frame = 0;   // absolute frame of its first sample
  std::uint32_t length = 0;  // frames
  float pan = 0.0f;          // −1 left … 1 right
  bool triggered = false;    // by an event (else by the random schedule)
};

class FlickerObserver {
 public:
  virtual ~FlickerObserver() = default;
  // Called on the audio thread for every burst started; must be realtime safe.
  virtual void on_flicker(const FlickerStart& start) noexcept = 0;
};

class Hiss {
 public:
  static constexpr double kSourceFadeMs = 30.0;
  static constexpr double kGainSmoothingMs = 20.0;
  static constexpr double kFlickerAttackMs = 10.0;   // the original's fade-in
  static constexpr double kFlickerReleaseMs = 50.0;  // the original's fade-out

  struct Stats {
    std::uint64_t flickers = 0;          // bursts started
    std::uint64_t flickers_dropped = 0;  // bursts that found the pool full
    std::size_t active_flickers = 0;     // sounding at the end of the last block
  };

  // Allocates the per-block buffers and tables. Not realtime.
  void prepare(double sample_rate, std::size_t max_block);
  // Restarts the random sequences and the clock, silences every burst and snaps every smoothed
  // value, filter and source to the current parameters (parameters are kept).
  void reset(std::uint64_t seed) noexcept;

  // Pointer swap, realtime safe; nullptr or an empty view means no drum material (the drum source
  // then plays white noise). A drum loop that is sounding crossfades to the new material's loop; the
  // previous view must stay valid while reading_previous_material() is true (kSourceFadeMs).
  void set_material(const HissMaterialView* material) noexcept;
  bool reading_previous_material() const noexcept;
  void set_flicker_observer(FlickerObserver* observer) noexcept { observer_ = observer; }

  // Sets a parameter now (before the next block), as if by an event at frame 0.
  void set_param(HissParam param, float value) noexcept;
  const HissParams& params() const noexcept { return params_; }

  // Writes (not adds) the block; events apply at their frames (sorted by frame). kParam sets a
  // HissParam, kTrigger starts a burst at its frame (strength 0–1 scales its gain); notes, freeze
  // and all-off do not apply (bursts last at most 500 ms and end on their own).
  void process(StereoBlock out, EventSpan events) noexcept;

  const Stats& stats() const noexcept { return stats_; }
  std::uint64_t clock() const noexcept { return clock_; }
  double sample_rate() const noexcept { return sample_rate_; }
  // The tremolo's current rate in Hz (free or from tempo × division).
  double tremolo_rate_hz() const noexcept;

 private:
  static constexpr std::size_t kStreams = HissFilter::kStreams;

  // One sound source as the bed reads it: a noise kind, or one drum loop and its read position.
  struct Voice {
    HissSource kind = HissSource::kWhite;
    HissLoopView loop{};
    const HissMaterialView* material = nullptr;  // the view `loop` came from
    std::size_t position = 0;
    bool operator==(const Voice& o) const {
      return kind == o.kind && loop.samples == o.loop.samples && loop.frames == o.loop.frames;
    }
  };

  void process_block(StereoBlock out, EventSpan events, std::size_t event_offset) noexcept;
  void run_segment(StereoBlock out, std::size_t offset, std::size_t count) noexcept;
  void apply_event(const Event& e, std::size_t frame) noexcept;
  void apply_param(HissParam param, float value, double time) noexcept;

  Voice resolve_voice() const noexcept;
  void render_sources(std::size_t offset, std::size_t count) noexcept;
  void fill_voice(Voice& v, const std::array<float*, kStreams>& out, std::size_t count) noexcept;
  void update_filter_target() noexcept;
  void schedule_flickers(std::size_t offset, std::size_t count) noexcept;
  void start_flicker(std::uint64_t at, float strength, bool triggered) noexcept;
  double draw_flicker_interval() noexcept;

  // Configuration.
  double sample_rate_ = 48000.0;
  std::size_t max_block_ = 0;
  std::size_t source_fade_length_ = 1;
  std::vector<float> source_fade_in_;  // equal power
  std::vector<float> source_fade_out_;

  // Inputs.
  const HissMaterialView* material_ = nullptr;
  FlickerObserver* observer_ = nullptr;
  HissParams params_;

  // Sources.
  std::array<dsp::WhiteNoise, kStreams> white_;
  std::array<dsp::PinkNoise, kStreams> pink_;
  Voice voice_;                      // what plays (fading out while a source crossfade runs)
  Voice next_voice_;                 // what fades in
  std::size_t source_fade_pos_ = 0;  // == source_fade_length_ when no crossfade runs

  // Filter, tremolo, gains.
  HissFilter filter_;
  double tremolo_phase_ = 0.0;  // cycles, in [0, 1)
  dsp::OnePoleSmoother depth_;
  dsp::OnePoleSmoother bed_level_;
  dsp::OnePoleSmoother level_;

  // Flickers.
  FlickerPool flickers_;
  Random flicker_rng_;
  double next_flicker_ = 0.0;  // absolute time (frames) of the next random burst

  // Per-block scratch.
  std::array<std::vector<float>, kStreams> streams_;
  std::array<std::vector<float>, kStreams> incoming_;
  std::vector<float> env_left_;
  std::vector<float> env_right_;

  std::uint64_t clock_ = 0;  // absolute frame at the start of the current block
  Stats stats_;
};

}  // namespace afterglow::gen
