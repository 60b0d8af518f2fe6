#pragma once
// Extreme time stretch for drones, after Paul Nasca's Paulstretch (field notes §6). Per window: keep
// the FFT magnitudes, replace the phases with random ones, inverse FFT, window again, overlap-add at
// 50 %; the input advances by window/2/stretch per window. Transients smear by design and a pad becomes
// a still, even drone. Offline/worker-thread code: it allocates.
//
// Choices beyond the recipe:
//   - the window, (1 - x^2)^1.25 over x in [-1, 1], has an even length with only 2, 3 and 5 as factors
//     (the next such size at or above window_seconds * sample_rate) so the FFT stays fast;
//   - frames are centred: input time t lands at output time t * stretch, and the output is exactly
//     round(len * stretch) long (the ends fade in and out over half a window, as the material leaves
//     the window);
//   - the level is compensated: random phases spread each window's energy evenly, the double window
//     and 50 % overlap then lose about 3 dB, which the gain restores, so a stationary input keeps its
//     RMS;
//   - phases come from an afterglow::Random seeded by the caller: same seed, same output, byte for
//     byte. For stereo, stretch each channel with its own seed (a wider, decorrelated image) or the
//     same seed (phases shared per bin, the image kept).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "afterglow/core/result.h"

namespace afterglow::dsp {

struct PaulstretchOptions {
  double window_seconds = 0.25;
  std::uint64_t seed = 1;
};

inline constexpr double kMaxPaulstretch = 1024.0;

// The window length used for a request: even, >= 16, only factors 2, 3 and 5.
std::size_t paulstretch_window_size(double window_seconds, double sample_rate);

// Output length round(len * stretch). `stretch` must be finite and in [1, kMaxPaulstretch], the sample
// rate positive and the window 1 ms..10 s; otherwise kInvalidValue. An empty input gives an empty output.
Result<std::vector<float>> paulstretch(std::span<const float> x, double stretch, double sample_rate,
                                       const PaulstretchOptions& options = {});

}  // namespace afterglow::dsp
