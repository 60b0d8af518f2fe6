#pragma once
// Hiss loops and flicker bursts (reference §8, intended behaviour), rendered by the live engine's
// gen::Hiss so an exported hiss is what the hiss layer plays.
//
//   material   per drum source, hiss.hiss_loops_per_source random slices of hiss.loop_duration_sec
//              (gen::HissMaterial: seeded, high-passed, seamless). A source with no usable slice
//              (silent, too short) is skipped with a warning (the original crashed, §8 step 7).
//   loops      slice i played through the Hiss: hiss.use_bandpass selects the order-4 band-pass
//              bandpass_low_hz … bandpass_high_hz (an upper edge at or above Nyquist is kept just
//              below it instead of aborting the run, §15.2 item 10), else the high-pass at highpass_hz;
//              tremolo at tremolo_rate_hz (rounded to a whole number of cycles per loop, so the loop
//              wraps in phase) and tremolo_depth; made seamless with the original's fixed 50 ms
//              crossfade and no trim, so each loop is exactly loop_duration_sec; normalised to −6 dBFS.
//              Stereo (the Hiss's decorrelated pair) when export.hiss_stereo, else mono.
//   flickers   hiss.flicker_count bursts of a length drawn uniformly from flicker_min_ms … max_ms, the
//              Hiss's burst envelope (10 ms attack, 50 ms release, the original's fades), from the
//              source's slices in turn; mono; normalised to −3 dBFS.
//
// Synthetic noise is the fallback: a "synthetic" source of white noise is rendered only when the run
// has no drum source at all and hiss.use_synthetic_noise is true (the original rendered it always,
// and the key's name promised a fallback). Files: <label>/hiss/hiss_loop_<label>_NN.wav and
// hiss_flicker_<label>_NN.wav; synthetic/hiss/hiss_loop_NN.wav and hiss_flicker_NN.wav.
// Count per source = hiss_loops_per_source + flicker_count.
#include "afterglow/render/phase_common.h"

namespace afterglow::render {

inline constexpr double kHissLoopPeakDbfs = -6.0;
inline constexpr double kFlickerPeakDbfs = -3.0;
inline constexpr double kHissLoopCrossfadeMs = 50.0;
inline constexpr double kSyntheticSeconds = 30.0;

std::size_t hiss_per_source(const config::HissConfig& hiss);

// `src.source` null renders the synthetic source at `rate`.
Result<PhaseOutput> render_hiss(const PhaseSource& src, const config::Scene& scene, double rate);

}  // namespace afterglow::render
