#include "afterglow/dsp/paulstretch.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include "afterglow/core/fft.h"
#include "afterglow/core/random.h"

namespace afterglow::dsp {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

bool only_small_factors(std::size_t n) {
  for (std::size_t f : {2u, 3u, 5u}) {
    while (n % f == 0) n /= f;
  }
  return n == 1;
}

}  // namespace

std::size_t paulstretch_window_size(double window_seconds, double sample_rate) {
  const double wanted = window_seconds * sample_rate;
  std::size_t n = std::isfinite(wanted) && wanted > 16.0 ? static_cast<std::size_t>(std::ceil(wanted)) : 16;
  if (n % 2 != 0) ++n;
  while (!only_small_factors(n)) n += 2;
  return n;
}

Result<std::vector<float>> paulstretch(std::span<const float> x, double stretch, double sample_rate,
                                       const PaulstretchOptions& options) {
  if (!std::isfinite(stretch) || stretch < 1.0 || stretch > kMaxPaulstretch) {
    return Error(ErrorKind::kInvalidValue, "The Paulstretch factor must be a number between 1 and 1024",
                 {{"stretch", std::to_string(stretch)}});
  }
  if (!std::isfinite(sample_rate) || sample_rate <= 0.0) {
    return Error(ErrorKind::kInvalidValue, "The sample rate must be positive",
                 {{"sample_rate", std::to_string(sample_rate)}});
  }
  if (!std::isfinite(options.window_seconds) || options.window_seconds < 0.001 ||
      options.window_seconds > 10.0) {
    return Error(ErrorKind::kInvalidValue, "The Paulstretch window must be between 1 ms and 10 s",
                 {{"window_seconds", std::to_string(options.window_seconds)}});
  }
  const auto out_length = static_cast<std::size_t>(std::llround(static_cast<double>(x.size()) * stretch));
  if (x.empty()) return std::vector<float>{};

  const std::size_t n = paulstretch_window_size(options.window_seconds, sample_rate);
  const std::size_t half = n / 2;
  const std::size_t bins = half + 1;

  std::vector<float> window(n);
  double window_power = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(n - 1);  // linspace(-1, 1, n)
    window[i] = static_cast<float>(std::pow(std::max(0.0, 1.0 - t * t), 1.25));
    window_power += static_cast<double>(window[i]) * window[i];
  }
  // Random phases spread a frame's energy (window_power * input power) evenly over its n samples; the
  // second window and the 50 % overlap then weight sample i by w[i]^2 + w[i + n/2]^2, about 1.
  double overlap_power = 0.0;
  for (std::size_t i = 0; i < half; ++i) {
    overlap_power +=
        static_cast<double>(window[i]) * window[i] + static_cast<double>(window[i + half]) * window[i + half];
  }
  overlap_power /= static_cast<double>(half);
  const auto gain =
      static_cast<float>(1.0 / std::sqrt(window_power / static_cast<double>(n) * overlap_power));

  RealFft fft(n);
  Random rng(options.seed);
  std::vector<float> frame(n);
  std::vector<std::complex<float>> spectrum(bins);
  // Output frame m is centred on output sample m*half; the buffer carries `half` samples of lead-in.
  const std::size_t frames = out_length / half + 2;
  std::vector<float> out(frames * half + n, 0.0f);
  const auto length = static_cast<std::ptrdiff_t>(x.size());
  const double input_hop = static_cast<double>(half) / stretch;

  for (std::size_t m = 0; m < frames; ++m) {
    const auto centre = static_cast<std::ptrdiff_t>(std::floor(static_cast<double>(m) * input_hop));
    const std::ptrdiff_t start = centre - static_cast<std::ptrdiff_t>(half);
    for (std::size_t i = 0; i < n; ++i) {
      const std::ptrdiff_t s = start + static_cast<std::ptrdiff_t>(i);
      frame[i] = s >= 0 && s < length ? x[static_cast<std::size_t>(s)] * window[i] : 0.0f;
    }
    fft.forward(frame, spectrum);
    for (auto& bin : spectrum) bin = std::polar(std::abs(bin), static_cast<float>(kTwoPi * rng.uniform()));
    fft.inverse(spectrum, frame);
    float* o = out.data() + m * half;  // = (m*half - half) + half lead-in
    for (std::size_t i = 0; i < n; ++i) o[i] += frame[i] * window[i] * gain;
  }
  return std::vector<float>(out.begin() + static_cast<std::ptrdiff_t>(half),
                            out.begin() + static_cast<std::ptrdiff_t>(half + out_length));
}

}  // namespace afterglow::dsp
