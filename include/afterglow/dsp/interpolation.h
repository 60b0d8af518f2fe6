#pragma once
// Fractional-position reads for grains and voices: linear, 4-point Hermite and band-limited
// windowed sinc. All are realtime safe (no allocation, no locks, no exceptions) and never touch memory
// outside the span they are given.
//
// Edges: `read*` treats samples outside the span as silence, so a grain that runs off its source
// fades out instead of reading foreign memory; `read*_wrapped` treats the span as one period of a loop
// (a seamless drone loop), so reads across the wrap see the loop's start after its end.
//
// Which to use: linear is cheapest and fine for pitches at or below the source's (it droops the top
// octave a little and images faintly); Hermite is nearly as cheap and much cleaner for ratios up to
// about 1; the sinc reader is the one that stays alias-free when reading faster than 1 (pitching up),
// because its low-pass follows the ratio: a sample read at ratio r > 1 is filtered at the output's
// Nyquist, fs / (2r), so partials that would land above Nyquist vanish instead of folding back.
// Clouds (design §9, Mutable Instruments' practice) drop to cheaper interpolation when the pool is
// busy; the choice is a template/type decision at the call site, not a branch per sample.

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace afterglow::dsp {

namespace detail {
// x[i] or 0 outside the span.
inline float at_or_zero(std::span<const float> x, std::ptrdiff_t i) noexcept {
  return i >= 0 && static_cast<std::size_t>(i) < x.size() ? x[static_cast<std::size_t>(i)] : 0.0f;
}
// x[i mod size]; x must not be empty.
inline float at_wrapped(std::span<const float> x, std::ptrdiff_t i) noexcept {
  const auto n = static_cast<std::ptrdiff_t>(x.size());
  i %= n;
  return x[static_cast<std::size_t>(i < 0 ? i + n : i)];
}
// Splits a finite position into floor and fraction; false for positions too far out to matter.
inline bool split_position(double position, double limit, std::ptrdiff_t& index, float& frac) noexcept {
  if (!(position > -limit && position < limit)) return false;  // also rejects NaN
  const double fl = std::floor(position);
  index = static_cast<std::ptrdiff_t>(fl);
  frac = static_cast<float>(position - fl);
  return true;
}
// Wraps a position into [0, size).
inline double wrap_position(double position, std::size_t size) noexcept {
  const double n = static_cast<double>(size);
  double p = std::fmod(position, n);
  if (p < 0.0) p += n;
  return p >= n ? 0.0 : p;
}
}  // namespace detail

// Linear interpolation at `position` (in samples).
inline float read_linear(std::span<const float> x, double position) noexcept {
  std::ptrdiff_t i = 0;
  float f = 0.0f;
  if (!detail::split_position(position, static_cast<double>(x.size()) + 2.0, i, f)) return 0.0f;
  const float a = detail::at_or_zero(x, i);
  const float b = detail::at_or_zero(x, i + 1);
  return a + f * (b - a);
}

inline float read_linear_wrapped(std::span<const float> x, double position) noexcept {
  if (x.empty() || !std::isfinite(position)) return 0.0f;
  const double p = detail::wrap_position(position, x.size());
  const auto i = static_cast<std::ptrdiff_t>(p);
  const auto f = static_cast<float>(p - static_cast<double>(i));
  const float a = detail::at_wrapped(x, i);
  const float b = detail::at_wrapped(x, i + 1);
  return a + f * (b - a);
}

// 4-point, 3rd-order Hermite (Catmull-Rom) through x[i-1..i+2]: continuous slope, exact for
// quadratics, error falling as the fourth power of frequency.
inline float hermite4(float xm1, float x0, float x1, float x2, float f) noexcept {
  const float c1 = 0.5f * (x1 - xm1);
  const float c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
  const float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
  return ((c3 * f + c2) * f + c1) * f + x0;
}

inline float read_hermite(std::span<const float> x, double position) noexcept {
  std::ptrdiff_t i = 0;
  float f = 0.0f;
  if (!detail::split_position(position, static_cast<double>(x.size()) + 3.0, i, f)) return 0.0f;
  if (i >= 1 && static_cast<std::size_t>(i) + 2 < x.size()) {
    const float* p = x.data() + (i - 1);
    return hermite4(p[0], p[1], p[2], p[3], f);
  }
  return hermite4(detail::at_or_zero(x, i - 1), detail::at_or_zero(x, i), detail::at_or_zero(x, i + 1),
                  detail::at_or_zero(x, i + 2), f);
}

inline float read_hermite_wrapped(std::span<const float> x, double position) noexcept {
  if (x.empty() || !std::isfinite(position)) return 0.0f;
  const double p = detail::wrap_position(position, x.size());
  const auto i = static_cast<std::ptrdiff_t>(p);
  const auto f = static_cast<float>(p - static_cast<double>(i));
  return hermite4(detail::at_wrapped(x, i - 1), detail::at_wrapped(x, i), detail::at_wrapped(x, i + 1),
                  detail::at_wrapped(x, i + 2), f);
}

// Band-limited reads from a Kaiser-windowed sinc. The kernel is tabulated once, at construction (the
// only allocation), in two layouts: polyphase rows for ratio <= 1, where every tap shares one
// fractional phase and a read is a short dot product, and one finely sampled half-kernel for ratio > 1,
// where the kernel is stretched by the ratio (cutoff fs / (2 ratio), ratio times as many taps).
// Ratios above max_ratio are filtered as max_ratio, which bounds the work per read.
class SincReader {
 public:
  struct Options {
    std::size_t zero_crossings = 16;  // kernel half-length in input samples at ratio <= 1 (even)
    std::size_t phases = 256;         // table resolution per input sample (linearly interpolated)
    double cutoff = 0.45;             // -6 dB point in cycles per sample at ratio 1 (0.5 = Nyquist)
    double attenuation_db = 80.0;     // Kaiser design stop-band
    double max_ratio = 4.0;           // +24 semitones
  };

  SincReader();
  explicit SincReader(const Options& options);

  // Reads x at `position` (samples) for playback at `ratio` input samples per output sample.
  float read(std::span<const float> x, double position, double ratio = 1.0) const noexcept;
  float read_wrapped(std::span<const float> x, double position, double ratio = 1.0) const noexcept;

  // Input samples either side of `position` that a read at `ratio` uses.
  std::size_t reach(double ratio) const noexcept;
  const Options& options() const noexcept { return options_; }

 private:
  template <bool kWrapped>
  float read_stretched(std::span<const float> x, double position, double ratio) const noexcept;
  template <bool kWrapped>
  float read_edge(std::span<const float> x, std::ptrdiff_t first, std::size_t row,
                  float alpha) const noexcept;

  Options options_;
  std::size_t taps_ = 0;             // 2 * zero_crossings
  std::vector<float> rows_;          // (phases + 1) rows of taps_ coefficients
  std::vector<float> kernel_pairs_;  // (h(j / phases), slope to the next), j = 0 .. zero_crossings * phases
};

}  // namespace afterglow::dsp
