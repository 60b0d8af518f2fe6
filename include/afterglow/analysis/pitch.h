#pragma once
// Rough pitch of a short sound (reference §2.10): the strongest bin of one FFT over the whole buffer.
// Meant for pads, grains and one-shots (seconds, not an hour: the transform is as long as the input).
//
//   1. DC removed (the buffer's mean subtracted); a peak below 1e-4 afterwards means no pitch;
//   2. one real FFT, no window, of the buffer zero-padded to the next size with only factors 2, 3 and
//      5 (the original used exactly the length; padding only interpolates the spectrum, so the
//      resolution is the same or finer, and kissfft stays fast on any length);
//   3. the largest magnitude's bin k gives k * sr / N; outside [30, 6000] Hz means no pitch.
// Stereo sources are downmixed by the caller (io::downmix averages the channels, which fixes the
// original's wrong-axis average on [n][2] arrays).

#include <cstddef>
#include <optional>
#include <span>

namespace afterglow::analysis {

inline constexpr double kPitchMinHz = 30.0;
inline constexpr double kPitchMaxHz = 6000.0;

// nullopt for silence, an empty buffer, a non-positive rate, or a peak outside [30, 6000] Hz.
std::optional<double> estimate_pitch(std::span<const float> mono, double sample_rate);

// The smallest even n >= size whose only prime factors are 2, 3 and 5.
std::size_t fast_fft_size(std::size_t size);

}  // namespace afterglow::analysis
