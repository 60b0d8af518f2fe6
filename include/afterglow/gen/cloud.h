#pragma once
// The granular cloud: a fixed pool of grains read from the analysed material, controlled like Mutable
// Instruments Clouds (density, size, position, pitch, spread, window morph, freeze) and more (grain
// starts chosen by what the material sounds like, scale-quantised pitch, reverse grains).
//
// Realtime contract (design §4): prepare() allocates everything; process() writes the block and never
// allocates, locks, does I/O or throws. Work per block is bounded: at most one grain starts per
// sample, the pool holds at most capacity + kFadeReserve sounding grains, and rendering is grain-major
// over contiguous frames.
//
// Determinism (design §6): every decision is taken at an absolute sample time — grain starts (with a
// sub-sample offset), parameter events, steal fades, the playhead — and grains are summed in the order
// they started, so a seed and a list of timed events give byte-identical output whatever the block
// sizes.
//
// Pitch without aliasing: a grain at ratio r reads the material level whose band limit stays below
// the output's Nyquist after the shift: level k (1/2^k rate) for r up to 2^k, with a semitone of slack
// (a level is kept up to 2^k · 2^(1/12)): only the top 6 % of that level's band (above 22.6 kHz at
// 48 kHz for the full-rate level, the half-band filter's transition for the others) can fold back, and
// in exchange a grain a few cents sharp keeps its full brightness instead of dropping an octave of top
// end. Grains pitched down (and up within the slack) read the 2× copy when the material has one.
// Levels are not cross-faded: a cross-fade would double the reads of every pitched grain and, between
// octaves, let the finer level's top fold back at up to half its level; the price of the plain rule is
// that a grain pitched up by more than a semitone keeps a band limit of the level's own Nyquist (12 kHz
// source content for one octave up), i.e. its very top octave is darker than an ideal resampler's.
//
// Voice stealing: the pool has `capacity` grains plus kFadeReserve slots for grains being stolen. When a
// grain is due and the pool is full, the oldest sounding grain starts a raised-cosine fade of
// kStealFadeMs and moves to the reserve, and the new grain starts on time. Only if the reserve itself
// is full (more than kFadeReserve steals within kStealFadeMs, i.e. densities above ~64 000 grains/s at
// 48 kHz) is the new grain deferred, until the first fade ends: at most kStealFadeMs late.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "afterglow/core/audio_block.h"
#include "afterglow/core/random.h"
#include "afterglow/dsp/smoother.h"
#include "afterglow/gen/cloud_params.h"
#include "afterglow/gen/event.h"
#include "afterglow/gen/grain.h"
#include "afterglow/gen/material.h"

namespace afterglow::gen {

// What the cloud decided for one grain, for telemetry and tests.
struct GrainSpawn {
  std::uint64_t frame = 0;  // absolute frame of its first sample
  std::uint32_t source = 0;
  double start = 0.0;  // first frame read, in full-rate frames of the source
  float ratio = 1.0f;  // playback rate (pitch)
  int level = 0;       // material level read: −1 the 2× copy, 0 full rate, 1 half, 2 quarter
  bool reverse = false;
  bool picked = false;       // start chosen by the GrainPicker
  std::uint32_t length = 0;  // samples
};

class GrainSpawnObserver {
 public:
  virtual ~GrainSpawnObserver() = default;
  // Called on the audio thread for every grain started; must be realtime safe.
  virtual void on_spawn(const GrainSpawn& spawn) noexcept = 0;
};

class Cloud {
 public:
  static constexpr std::size_t kDefaultCapacity = 512;
  static constexpr std::size_t kFadeReserve = 256;
  static constexpr double kStealFadeMs = 4.0;
  static constexpr double kGainSmoothingMs = 40.0;
  static constexpr std::size_t kMaxPendingTriggers = 64;

  struct Stats {
    std::size_t active = 0;  // grains sounding at the end of the last block (stolen ones included)
    std::size_t fading = 0;  // of those, grains in their steal fade
    std::uint64_t spawned = 0;
    std::uint64_t stolen = 0;
    std::uint64_t deferred = 0;  // starts delayed because the fade reserve was full
    std::uint64_t picked = 0;    // starts chosen by the picker
  };

  // Allocates the pool, the per-block buffers and the tables. Not realtime. capacity ≥ 1.
  void prepare(double sample_rate, std::size_t max_block, std::size_t capacity = kDefaultCapacity);
  // Restarts the random sequence and the clock and silences every grain (parameters are kept).
  void reset(std::uint64_t seed) noexcept;

  // Pointer swaps, realtime safe. The views must stay valid until replaced (the engine retires them
  // off the audio thread); grains already sounding keep reading the material they started on, so
  // swap material only between its retirement points.
  void set_material(std::span<const MaterialView> material) noexcept { material_ = material; }
  void set_picker(const GrainPicker* picker) noexcept { picker_ = picker; }
  void set_spawn_observer(GrainSpawnObserver* observer) noexcept { observer_ = observer; }

  // Sets a parameter now (before the next block), as if by an event at frame 0.
  void set_param(CloudParam param, float value) noexcept;
  const CloudParams& params() const noexcept { return params_; }

  // Writes (not adds) the block; events apply at their frames (sorted by frame).
  void process(StereoBlock out, EventSpan events) noexcept;

  std::size_t capacity() const noexcept { return capacity_; }
  std::size_t active_grains() const noexcept { return stats_.active; }
  const Stats& stats() const noexcept { return stats_; }
  std::uint64_t clock() const noexcept { return clock_; }
  double sample_rate() const noexcept { return sample_rate_; }
  // The gain the output is heading for (level × overlap normalisation).
  double target_gain() const noexcept { return gain_.target(); }

 private:
  struct Placement;  // a chosen source region and level (cloud_spawn.cpp)

  void process_block(StereoBlock out, EventSpan events, std::size_t event_offset) noexcept;
  void begin_block(std::size_t frames) noexcept;
  void run_segment(std::size_t offset, std::size_t count) noexcept;
  void apply_event(const Event& e, std::size_t frame) noexcept;
  void apply_param(CloudParam param, float value, double time) noexcept;
  void update_gain_target() noexcept;

  // Scheduling (cloud_spawn.cpp).
  void spawn_until(std::size_t limit) noexcept;
  double draw_interval() noexcept;
  void advance_ends(std::size_t rel) noexcept;
  bool steal_oldest(std::uint64_t at) noexcept;
  std::uint64_t first_fade_end() const noexcept;
  void fade_out(Grain& g, std::uint64_t at) noexcept;
  bool start_grain(std::uint64_t at, float offset, float amplitude) noexcept;
  bool place(Placement& p, std::uint64_t at, float u_position, float u_choice) noexcept;
  float draw_pitch(float u, const MaterialView& m) const noexcept;

  // Configuration.
  double sample_rate_ = 48000.0;
  std::size_t max_block_ = 0;
  std::size_t capacity_ = kDefaultCapacity;
  std::uint32_t fade_length_ = 1;
  GrainRenderFn render_ = nullptr;
  GrainWindow window_;
  std::vector<float> fade_curve_;

  // Inputs.
  std::span<const MaterialView> material_;
  const GrainPicker* picker_ = nullptr;
  GrainSpawnObserver* observer_ = nullptr;
  CloudParams params_;

  // Pool, in start order.
  std::vector<Grain> grains_;
  std::size_t count_ = 0;
  std::size_t live_ = 0;                  // sounding, not fading, at the scheduler's current time
  std::size_t fading_ = 0;                // in their steal fade at that time
  std::vector<std::uint32_t> ends_live_;  // per frame of the current block: grains ending there
  std::vector<std::uint32_t> ends_fading_;
  std::size_t ends_done_ = 0;     // frames of the block whose ends are accounted for
  std::size_t steal_cursor_ = 0;  // grains before it are fading or over

  // Time and randomness.
  std::uint64_t clock_ = 0;  // absolute frame at the start of the current block
  std::size_t block_frames_ = 0;
  std::size_t segment_offset_ = 0;  // the segment being scheduled, inside the block
  double next_spawn_ = 0.0;         // absolute time (frames) of the next regular grain
  std::int64_t last_start_ = -1;    // absolute frame of the last grain started
  float pending_triggers_[kMaxPendingTriggers] = {};
  std::size_t trigger_head_ = 0;
  std::size_t trigger_count_ = 0;
  std::uint64_t trigger_time_ = 0;  // earliest frame for the next triggered grain
  Random rng_;
  Random pick_rng_;
  std::int64_t drift_ = 0;      // playhead, Q.20 full-rate frames
  std::int64_t scan_step_ = 0;  // playhead advance per frame, Q.20
  bool frozen_ = false;

  // Output gain (level × 1/√overlap), smoothed per sample.
  dsp::OnePoleSmoother gain_;
  std::vector<float> gain_buffer_;

  Stats stats_;
};

}  // namespace afterglow::gen
