#pragma once
// Pitch-preserving time stretch and time-preserving pitch shift (issue 4, "Time-stretch"; reference
// §2.8 for the original's semantics). Offline/worker-thread code: it allocates.
//
// A phase vocoder with identity phase locking (Laroche & Dolson 1999): each analysis frame's
// magnitude peaks advance their phase by their measured instantaneous frequency times the synthesis
// hop, and every other bin keeps its original phase offset to the peak whose region it lies in, so
// the partials stay internally coherent (far less "phasiness" than a bin-by-bin vocoder). Frames are
// centred (the first is centred on sample 0), periodic Hann analysis and synthesis windows,
// synthesis hop fft_size/4 by default, overlap-add normalised by the summed squared window.
//
// Two spellings of the stretch amount, both kept on purpose:
//   stretch_by(x, factor)  factor 2 means twice as long (how musicians say it);
//   time_stretch(x, rate)  the original's librosa semantics, rate > 1 is shorter (2.0 = half as long),
//                          so that afterglow configs' time_stretch_factors keep their meaning.

#include <cstddef>
#include <span>
#include <vector>

#include "afterglow/core/result.h"

namespace afterglow::dsp {

struct PhaseVocoderOptions {
  std::size_t fft_size = 2048;  // even, >= 16
  std::size_t hop = 512;        // synthesis hop, 1..fft_size/2
};

// The longest and shortest factors accepted: beyond them use paulstretch (for longer) or a plain
// resample (shorter); a phase vocoder smears or skips too much there.
inline constexpr double kMaxStretchFactor = 64.0;
inline constexpr double kMinStretchFactor = 1.0 / 64.0;

// Output length round(len * factor), rounding half to even as Python's round() does. An empty input gives an
// empty output. A factor that is not finite or outside [kMinStretchFactor, kMaxStretchFactor], or bad
// options, is an kInvalidValue error.
Result<std::vector<float>> stretch_by(std::span<const float> x, double factor,
                                      const PhaseVocoderOptions& options = {});

// The reference's time_stretch(x, rate): a stretch by 1/rate; output length round(len / rate) (half to
// even, as librosa's int(round(...))).
Result<std::vector<float>> time_stretch(std::span<const float> x, double rate,
                                        const PhaseVocoderOptions& options = {});

// The reference's pitch_shift(x, n_steps): stretch by 2^(n/12), then read the result back at ratio
// 2^(n/12) through the band-limited sinc reader (its low-pass follows the ratio, so shifting up does
// not alias). Output length exactly len(x). `semitones` must be finite and within ±72.
Result<std::vector<float>> pitch_shift(std::span<const float> x, double semitones,
                                       const PhaseVocoderOptions& options = {});

}  // namespace afterglow::dsp
