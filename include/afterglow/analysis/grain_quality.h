#pragma once
// The original's grain quality score (reference §7.4), on raw (un-windowed) samples: a product of
// penalties starting at 1, clamped to [0, 1]. Grains below the scene's grain_quality_threshold (0.4 by
// default) are not played. The descriptor index precomputes it per analysis window so the audio thread
// never has to.
//
//   length < 2                        -> 0.1 (and nothing else)
//   rms < 0.005 -> x0.1,  rms < 0.01 -> x0.3
//   |mean| > 0.15 -> x0.5, > 0.08 -> x0.75
//   peak > 0.98 -> x0.3,  > 0.95 -> x0.5
//   crest = peak / (rms + 1e-6): > 15 -> x0.4, > 10 -> x0.6
//   length > 10: skew = |E1 - E2| / (E1 + E2) of the energies of the first len/2 samples and the rest:
//                 > 0.85 -> x0.3, > 0.7 -> x0.6

#include <span>

namespace afterglow::analysis {

double grain_quality_score(std::span<const float> grain);

}  // namespace afterglow::analysis
