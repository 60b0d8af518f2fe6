#pragma once
// Seamless loops (issue 4, "Seamless loops"; reference §2.5).
//
// A drone plays a pad over and over, so the last sample of the loop is followed by its first. The
// loop is made in three steps:
//   1. find where the end of the material best continues into its start (best_loop_trim: the
//      reference's correlation search, kept exactly so trims match the original tool);
//   2. blend the N samples after the new end (the "tail") into the first N samples (the "head"),
//      tail fading out while the head fades in;
//   3. drop the tail. The loop is then x[0 : len - trim - N] with its head blended, and it wraps from
//      x[len - trim - N - 1] straight into the blend, which starts as pure tail, i.e. x[len - trim - N]:
//      the wrap is a step the source itself contains, so there is no seam.
// The original tool skips step 3 (it keeps the tail and fades it to silence): a click-free but audible
// dip at every wrap. legacy_loop_crossfade() reproduces it for comparison with its golden file only.
//
// The blend curve is chosen by the correlation r of head and tail (zero lag, over the overlap): a
// power-complementary family built from an odd part u/2 and the even part that restores power,
// whose fade-in is
//   g(u) = u/2 + sqrt((1 - (1 - r) u^2 / 2) / (2 (1 + r))),  u in [-1, 1],  fade-out g(-u),
// which keeps g_in^2 + g_out^2 + 2 r g_in g_out = 1: the expected power of head*g_in + tail*g_out
// stays that of either signal for any r. r = 1 gives the linear (equal-gain) crossfade, right for
// material the trim has aligned in phase; r = 0 gives an equal-power crossfade, right for noise and
// other uncorrelated material. r is clamped to [-0.5, 1]: below that the curve would need gains well
// above 1 to rebuild power that head and tail cancel, which would change the sound, not just its level.

#include <cstddef>
#include <span>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/dsp/crossfade.h"

namespace afterglow::dsp {

inline constexpr double kMinLoopCorrelation = -0.5;

// Reference §2.5, exactly: ref = x[0:N] minus its mean, reg = the last `search` samples minus their
// mean, corr[k] = sum_j reg[k+j] ref[j] for k = 0..search-N, trim = search - (best + N) clamped to
// [0, len/4]; 0 when search (clamped to len) < N or N == 0. The reference takes the last index of the
// maximum, but its exact ties only arise for periodic test material, where floating-point noise
// decides; here values within 1e-6 of the maximum (relative) count as tied and the smallest k wins,
// which is the choice the reference's worked example shows (10 Hz at 1 kHz, N 100, search 500: k = 50
// of 50/150/250/350, trim 350).
std::size_t best_loop_trim(std::span<const float> mono, std::size_t crossfade, std::size_t search);

// int(crossfade_ms * sample_rate / 1000), 0 for non-positive or non-finite inputs (reference step 1).
std::size_t loop_crossfade_samples(double crossfade_ms, double sample_rate);
// The reference's search length: min(len/2, max(4N, int(0.5 * sample_rate))).
std::size_t loop_search_samples(std::size_t length, std::size_t crossfade, double sample_rate);

// Gains of the correlation-adaptive curve at position u in [0, 1] of the overlap (0: all tail, 1: all
// head), for correlation r (clamped to [kMinLoopCorrelation, 1]).
struct BlendGains {
  double head = 0.0;
  double tail = 0.0;
};
BlendGains adaptive_blend_gains(double u, double correlation);

// Where a seamless loop cuts a source of `source_length` frames.
struct LoopPlan {
  std::size_t source_length = 0;
  std::size_t trim = 0;         // frames dropped from the end before blending
  std::size_t crossfade = 0;    // N: frames of tail blended into the head (and then removed)
  std::size_t loop_length = 0;  // source_length - trim - crossfade
  double correlation = 1.0;     // of head and tail over the overlap, as the curve uses it
};

// Decides the loop on `mono` (for several channels, pass their average). N = loop_crossfade_samples(),
// clamped to half the source; 0 ms or a source shorter than 2 frames gives an unchanged loop (N = 0).
// With `optimize`, the trim is best_loop_trim() over loop_search_samples(); N is then clamped again to
// half of what remains so that head and tail never overlap.
LoopPlan plan_seamless_loop(std::span<const float> mono, double crossfade_ms, double sample_rate,
                            bool optimize = true);

// Writes the loop of `source` under `plan` into `out` (out.size() == plan.loop_length,
// source.size() == plan.source_length). No allocation: callable from any thread.
void render_seamless_loop(std::span<const float> source, const LoopPlan& plan, std::span<float> out);

// Plans on `mono` and renders it.
std::vector<float> make_seamless_loop(std::span<const float> mono, double crossfade_ms, double sample_rate,
                                      bool optimize = true);

// Planar channels (stereo or more) looped at the same points, decided on their average, so the image
// does not shift at the wrap. Channels of unequal length are an error.
Result<std::vector<std::vector<float>>> make_seamless_loop(std::span<const std::span<const float>> channels,
                                                           double crossfade_ms, double sample_rate,
                                                           bool optimize = true);

// The original tool's loop_crossfade (reference §2.5 steps 1-5, mono), defects included: the tail is
// faded to silence and kept. For comparison with loop_equal_power.wav only; never play this.
std::vector<float> legacy_loop_crossfade(std::span<const float> x, double crossfade_ms, double sample_rate,
                                         bool optimize = true, FadeCurve curve = FadeCurve::kEqualPower);

}  // namespace afterglow::dsp
