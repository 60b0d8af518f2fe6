#pragma once
// The master-bus lookahead peak limiter: the last stage before the sound card and the recorder, so no
// sample it emits ever exceeds its ceiling, whatever comes in (design §7 "never exceed 0 dBFS").
//
// How it guarantees that, with lookahead L samples (latency L):
//  1. per input frame, the gain that frame needs: r = min(1, ceiling / max_channels|x|) (stereo-linked:
//     one gain for all channels, so the image does not shift);
//  2. h = the minimum of r over the last L+1 frames — every frame still in the delay line, including
//     the one about to leave;
//  3. a release one-pole that only slows increases of h (h' <= h always);
//  4. g = the mean of h' over the last L+1 frames: a linear ramp down that starts L frames before a peak
//     leaves the delay line and has fully arrived when it does.
// Output frame n is x[n−L]·g[n]. Every term of that mean comes from a window that contains frame n−L, so
// each is <= r[n−L], and so is their mean: |y| <= ceiling exactly, no clipper needed. The ceiling used
// inside is a hair (kSafety) below the nominal one so float rounding of x·g cannot cross it.
// Material that never needs reduction passes through bit-exact (g is exactly 1), delayed by L.
//
// prepare() allocates; process() does not (ring buffers sized there), never locks and never throws.
// Non-finite input samples (NaN/Inf from a broken upstream) are replaced by silence so they cannot
// poison the gain computer.

#include <cstddef>
#include <span>
#include <vector>

namespace afterglow::dsp {

struct LimiterParams {
  double lookahead_ms = 1.5;  // clamped to [0.05, kMaxLookaheadMs]
  double ceiling_db = -0.3;   // dBFS
  double release_ms = 80.0;   // time constant of the recovery after a peak
};

class Limiter {
 public:
  static constexpr double kMaxLookaheadMs = 2.0;
  static constexpr double kSafety = 1.0 - 1e-6;

  // Allocates the delay lines for `channels` and the gain windows for the lookahead.
  void prepare(double sample_rate, std::size_t max_block, std::size_t channels,
               const LimiterParams& params = {});
  // Ceiling and release may change while running (the lookahead is fixed by prepare()). A lowered
  // ceiling governs frames entering after the change; the up to `latency` frames already in the delay
  // line were limited to the previous one.
  void set_ceiling_db(double ceiling_db);
  void set_release_ms(double release_ms);
  void reset();

  // Planar: in[c] and out[c] hold `frames` samples of channel c; out may alias in (in place).
  // in.size() and out.size() must equal the prepared channel count; frames may exceed max_block (the
  // limiter works per frame; max_block is only the caller's promise).
  void process(std::span<const float* const> in, std::span<float* const> out, std::size_t frames);
  // Interleaved frames (channel count as prepared), in place.
  void process_interleaved(std::span<float> io, std::size_t frames);

  std::size_t latency_samples() const { return lookahead_; }
  std::size_t channels() const { return channels_; }
  double ceiling_linear() const { return ceiling_; }
  // The gain applied to the most recent output frame (metering / telemetry).
  double current_gain() const { return gain_; }
  // Lowest gain applied since the last call (gain-reduction meter), then resets to 1.
  double take_min_gain() {
    const double g = min_gain_;
    min_gain_ = 1.0;
    return g;
  }

 private:
  // Pushes one frame's required gain and returns the gain for the frame leaving the delay line.
  double next_gain(double peak);

  std::size_t channels_ = 0;
  std::size_t lookahead_ = 0;
  std::size_t window_ = 1;  // lookahead + 1
  double ceiling_ = 1.0;
  double release_retain_ = 0.0;
  double sample_rate_ = 48000.0;

  // Delay line: lookahead frames per channel, interleaved.
  std::vector<float> delay_;
  std::size_t delay_pos_ = 0;

  // Sliding minimum of r over the window: a monotonic deque on a ring of (frame index, value).
  std::vector<double> min_values_;
  std::vector<std::size_t> min_frames_;
  std::size_t min_head_ = 0;
  std::size_t min_count_ = 0;
  std::size_t frame_ = 0;

  double released_ = 1.0;
  // Box mean of the released gain over the window.
  std::vector<double> box_;
  std::size_t box_pos_ = 0;
  double box_sum_ = 0.0;

  double gain_ = 1.0;
  double min_gain_ = 1.0;
  std::vector<float> frame_scratch_;
};

}  // namespace afterglow::dsp
