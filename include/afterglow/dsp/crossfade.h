#pragma once
// Fades and the two-signal crossfade of reference §2.3/§2.4. The curves are the original's exactly
// (N points from 0 to 1, both ends included) so that the golden fixtures reproduce.

#include <cstddef>
#include <span>
#include <vector>

namespace afterglow::dsp {

enum class FadeCurve {
  kEqualPower,  // out = sqrt(1-t), in = sqrt(t): constant power for uncorrelated material
  kLinear,      // out = 1-t, in = t: constant amplitude for identical, in-phase material
};

// a[0 : len(a)-n], then a's last n samples faded out over b's first n faded in, then b[n:].
// Output length = len(a) + len(b) - n. `n` is clamped to the shorter input, so it never reads past
// either signal.
std::vector<float> crossfade(std::span<const float> a, std::span<const float> b, std::size_t n,
                             FadeCurve curve = FadeCurve::kEqualPower);

// Multiplies the first `length` samples by a linear ramp 0 -> 1 (both ends included, so the first
// sample becomes 0). `length` is clamped to the signal; 0 is a no-op.
void fade_in(std::span<float> x, std::size_t length);

// Multiplies the last `length` samples by a linear ramp 1 -> 0 (the last sample becomes 0). `length`
// is clamped to the signal; 0 is a no-op (the original crashes there).
void fade_out(std::span<float> x, std::size_t length);

}  // namespace afterglow::dsp
