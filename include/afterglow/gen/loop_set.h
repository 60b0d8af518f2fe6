#pragma once
// What the Drone plays: a pad made into seamless loops, once at its own speed and once per stretched
// rendering (Paulstretch ×2, ×4, ×8 and a "frozen" moment), each with band-limited octave copies and a
// 2× copy so a voice can pitch up or down with a cheap Hermite read and stay alias-free.
//
// Worker side (design §4): DroneLoopSet allocates and runs the stretches, so it is built and extended
// off the audio thread. Only its view() — plain pointers and lengths — reaches the Drone. Each loop lives
// in its own heap block that never moves, so a rendering added later (render()) leaves the pointers of
// the earlier ones valid: a worker publishes the pad loop at once and each stretch as it finishes.
//
// Every buffer of a loop is one period of a cycle, including the decimated and oversampled copies:
// they are filtered circularly (the loop is extended by its own wrap before filtering), so reading any
// level across its end is as seamless as the full-rate loop itself. Loop lengths are multiples of 4 so
// that the half- and quarter-rate copies have exactly half and a quarter of the period.
//
// Stereo: stereo pads keep their image (both channels looped at the same points, stretched with the same
// phases). Mono pads, with `decorrelate_mono`, become L = (x + D x)/√2, R = (x − D x)/√2, where D is a
// cascade of all-pass filters run to its periodic steady state over the loop: the mid is the pad itself,
// the side a decorrelated copy of it, so the Drone's width control can narrow the image back to the
// untouched pad (the view's `synthetic_width` tells it to keep the level constant while it does).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/gen/loop_set_periodic.h"
#include "afterglow/gen/material.h"

namespace afterglow::gen {

enum class DroneStretch : std::uint8_t { k1x = 0, k2x, k4x, k8x, kFrozen, kCount };

inline constexpr std::size_t kDroneStretchCount = static_cast<std::size_t>(DroneStretch::kCount);

// 1, 2, 4, 8; the frozen rendering reports 0 (its factor depends on the options).
double drone_stretch_factor(DroneStretch stretch);

// A snapshot of the loops rendered so far. Copyable, no ownership: the DroneLoopSet that produced it
// must outlive every reader (the engine retires it off the audio thread).
struct DroneLoopSetView {
  MaterialView loops[kDroneStretchCount];  // empty() while that rendering is not ready
  float root_note = 69.0f;                 // MIDI note of the pad's detected root
  double sample_rate = 0.0;
  bool synthetic_width = false;  // L/R are mid ± decorrelated side built from mono material

  const MaterialView& loop(DroneStretch s) const { return loops[static_cast<std::size_t>(s)]; }
  bool has(DroneStretch s) const { return !loop(s).empty(); }
};

struct DroneLoopSetOptions {
  double loop_crossfade_ms = 150.0;  // blend of the pad loop (dsp/loop); stretched loops need none
  double peak_dbfs = -3.0;           // the pad loop's peak; stretched loops match its RMS
  bool decorrelate_mono = true;
  bool oversampled = true;              // the 2× copy (twice the full-rate memory) for pitched-down reads
  double window_seconds = 0.25;         // Paulstretch window
  std::uint64_t seed = 1;               // Paulstretch phases and the decorrelator's delays
  double frozen_source_seconds = 0.75;  // the moment the frozen rendering holds, from the loop's centre
  double frozen_seconds = 16.0;         // length of the frozen loop
  // Stretched loops longer than this are rendered from the loop's centre only (memory: a 10 s pad at ×8
  // is 80 s, ~55 MB per channel with its copies).
  double max_stretched_seconds = 90.0;
};

class DroneLoopSet {
 public:
  // The pad loop (×1): looped, normalised, decorrelated when mono. `right` empty for mono; otherwise
  // the same length as `left`. Errors: no audio, channels of unequal length, a non-positive rate,
  // non-finite samples, silence, a pad too short to loop (under 50 ms).
  static Result<DroneLoopSet> from_pad(std::span<const float> left, std::span<const float> right,
                                       double sample_rate, float root_note,
                                       const DroneLoopSetOptions& options = {});

  DroneLoopSet();
  ~DroneLoopSet();
  DroneLoopSet(DroneLoopSet&&) noexcept;
  DroneLoopSet& operator=(DroneLoopSet&&) noexcept;
  DroneLoopSet(const DroneLoopSet&) = delete;
  DroneLoopSet& operator=(const DroneLoopSet&) = delete;

  // Renders one stretched loop (worker thread; ×1 is always there). Re-rendering one that exists is a
  // no-op. Pointers handed out for other loops stay valid.
  Status render(DroneStretch stretch);
  Status render_all();

  bool has(DroneStretch stretch) const;
  DroneLoopSetView view() const;

  // Full-rate channels of a loop (one period), for tests and the offline renderer. Empty when absent.
  std::span<const float> left(DroneStretch stretch) const;
  std::span<const float> right(DroneStretch stretch) const;
  double sample_rate() const { return sample_rate_; }
  bool source_stereo() const { return source_stereo_; }

 private:
  struct Loop;
  Status add_loop(DroneStretch stretch, std::vector<float> left, std::vector<float> right);

  std::array<std::unique_ptr<Loop>, kDroneStretchCount> loops_;
  // The pad loop before decorrelation (mono pads) or per channel (stereo pads): what the stretches read.
  std::vector<float> source_left_;
  std::vector<float> source_right_;
  double sample_rate_ = 0.0;
  float root_note_ = 69.0f;
  double pad_rms_ = 0.0;
  bool source_stereo_ = false;
  DroneLoopSetOptions options_;
};

// Building blocks, public for tests.

// Cuts `channels` (equal lengths) into a seamless loop (dsp/loop, planned on their average) whose length
// is a multiple of 4. The blend is at least a few frames; channels shorter than 8 frames are an error.
// `optimize` runs dsp/loop's correlation search for the best trim; for blends longer than 150 ms the
// search uses a 150 ms window (its cost grows with blend × search length) and the long blend is then
// made at the trim it found.
Result<std::vector<std::vector<float>>> make_periodic_loop(std::span<const std::span<const float>> channels,
                                                           double crossfade_ms, double sample_rate,
                                                           bool optimize = true);

}  // namespace afterglow::gen
