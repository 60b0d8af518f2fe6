#pragma once
// Signal processing on one period of a cycle (worker side, allocates): every result is itself one
// period of a cycle, so a loop and all its copies wrap as seamlessly as the loop does. Used by
// DroneLoopSet; public for tests.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace afterglow::gen {

// Paulstretch (field notes §6: FFT magnitudes kept, phases random, window (1 − x²)^1.25, 50 % overlap)
// made periodic: the output is a whole number of frames long, frame m reads the cycle at a point that
// returns to its start after the last frame, and the overlap-add wraps round the output, so the result
// is one period of an endless rendering — seamless by construction, with no blend to dip or bump.
struct PeriodicStretch {
  std::size_t window = 12000;  // frames (even)
  std::size_t start = 0;       // where in the cycle the walk begins
  std::size_t span = 0;        // how much of the cycle it walks
  bool ping_pong = false;      // there and back (a held moment) instead of once round
  double frames_out = 0.0;     // requested output length (rounded to whole frames, a multiple of 4 of them)
};
std::vector<float> paulstretch_periodic(std::span<const float> cycle, const PeriodicStretch& plan,
                                        std::uint64_t seed);

// One period of a cycle decimated by 2 (dsp/halfband's filter applied circularly). Even length in.
std::vector<float> decimate_periodic(std::span<const float> period);
// One period of a cycle at twice the rate (OwnedMaterial::upsample2 applied circularly).
std::vector<float> upsample_periodic(std::span<const float> period);
// The periodic steady state of a cascade of all-pass filters with seeded delays over `period`: same
// magnitude spectrum, scrambled phase, seamless across the wrap.
std::vector<float> decorrelate_periodic(std::span<const float> period, double sample_rate,
                                        std::uint64_t seed);

}  // namespace afterglow::gen
