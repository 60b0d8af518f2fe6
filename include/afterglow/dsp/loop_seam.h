#pragma once
// How audible the wrap of a loop is (issue 4, acceptance 3). Two rules, both measured on the loop as
// it plays (cyclically):
//   - step: the jump from the last sample to the first, |y[0] - y[L-1]|, must be no larger than the
//     `percentile` (99.9th) of the jumps inside the loop, |y[i+1] - y[i]|. A seam that jumps further
//     than the material itself ever does is a click.
//   - level: the short-term RMS (a `window` sliding in steps of window/4 with centres from `span`
//     before the wrap to `span` after it) must stay within ±tolerance_db of the surrounding level. The
//     surrounding level is the RMS of `context` frames on either side beyond that region; when the
//     two sides differ (material that swells), any level between them is the transition the source
//     itself makes, so the seam must not fall more than the tolerance below the lower side nor rise
//     more than it above the higher one. A faded tail or a cancelling blend shows up here as a dip
//     even when the step rule passes; level_jump_db() tells how different the two sides are.
//     Material whose own short-term level wanders by more than the tolerance (beating detuned saws,
//     Paulstretch renderings whose partials are narrow-band noise with Rayleigh amplitudes by design)
//     is allowed at the wrap what it does at its ordinary points: the seam's excursion beyond the
//     tolerance band must not exceed the largest excursion measured the same way at
//     `interior_points` evenly spaced points inside the loop (each treated as if it were the wrap).
//     On steady material every interior excursion is 0 and this is the ±tolerance rule as written;
//     a blend that dips or bumps is an excursion the material never makes. The price: on material
//     whose own level swings as deep as a fade would dip (a chord of detuned saws beating by 7 dB over
//     50 ms windows), the level rule cannot tell a faded tail from a beat; the step rule still holds,
//     and make_seamless_loop never leaves a faded tail.

#include <cstddef>
#include <span>

namespace afterglow::dsp {

struct SeamOptions {
  std::size_t window = 2205;  // short-term RMS length; 50 ms at 44.1 kHz (several periods of a bass note)
  std::size_t span = 2205;    // frames either side of the wrap followed by the RMS (cover the crossfade)
  std::size_t context = 0;    // frames each side for the surrounding level; 0 = 4 windows
  double percentile = 99.9;   // of the internal steps
  double tolerance_db = 1.0;
  std::size_t interior_points = 32;  // 0 = the plain ±tolerance rule
};

// Options scaled to a sample rate: a 50 ms window, and a span covering a crossfade of
// `crossfade_frames` (at least one window).
SeamOptions seam_options_for(double sample_rate, std::size_t crossfade_frames);

struct SeamReport {
  double wrap_step = 0.0;        // |y[0] - y[L-1]|
  double internal_step = 0.0;    // the `percentile` of |y[i+1] - y[i]|, i = 0..L-2
  double before_rms = 0.0;       // linear, the context before the measured region
  double after_rms = 0.0;        // linear, the context after it
  double surrounding_rms = 0.0;  // linear, power mean of the two
  double seam_min_db = 0.0;      // lowest short-term RMS across the seam, dB above the lower side
  double seam_max_db = 0.0;      // highest, dB above the higher side
  double tolerance_db = 1.0;
  double interior_excursion_db = 0.0;  // largest excursion beyond ±tolerance at the interior points

  // How far the seam's short-term level strays outside the ±tolerance band (0 inside it).
  double excursion_db() const;
  // after - before, in dB: a level change across the wrap that the material brings with it.
  double level_jump_db() const;

  bool step_ok() const { return wrap_step <= internal_step; }
  bool level_ok() const { return excursion_db() <= interior_excursion_db; }
  bool seamless() const { return step_ok() && level_ok(); }
};

// The loop must hold at least 2 frames; window, span and context are shrunk to fit shorter loops
// (the measured region and its surroundings never overlap themselves). A silent loop reports 0 dB.
SeamReport seam_report(std::span<const float> loop, const SeamOptions& options = {});

}  // namespace afterglow::dsp
