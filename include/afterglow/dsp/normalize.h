#pragma once
// Peak normalisation with the original's checks, in the original's order (reference §2.2): empty, NaN,
// Inf, then silence. Silence is its own error kind (kSilent) because every caller skips that one output
// and carries on, whereas the other failures are bugs upstream.

#include <span>
#include <vector>

#include "afterglow/core/result.h"

namespace afterglow::dsp {

// Below this peak the audio is treated as silent: scaling it up would only amplify the noise floor.
inline constexpr double kSilencePeak = 1e-8;

// Scales `x` in place so that its peak sits at `target_dbfs`, then hard-clips to [-1, 1] (a positive
// target therefore clips). On error `x` is left untouched.
Status normalize_in_place(std::span<float> x, double target_dbfs = -1.0);

// The same on several channels with one common gain (a stereo pair keeps its balance). The checks run
// over all channels together.
Status normalize_in_place(std::span<const std::span<float>> channels, double target_dbfs = -1.0);

// Returns a normalised copy; `x` is unchanged.
Result<std::vector<float>> normalize(std::span<const float> x, double target_dbfs = -1.0);

}  // namespace afterglow::dsp
