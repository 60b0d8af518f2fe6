#include "afterglow/gen/loop_set_periodic.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <numbers>

#include "afterglow/core/fft.h"
#include "afterglow/core/random.h"
#include "afterglow/dsp/halfband.h"
#include "afterglow/dsp/interpolation_kernel.h"
#include "afterglow/dsp/upsample2.h"

namespace afterglow::gen {

namespace {

// Reach of the decimator (201 taps) in input samples either side,
// rounded up to an even number so that decimated output stays aligned with even input frames.
constexpr std::size_t kDecimateMargin = dsp::HalfRateDecimator::kTaps / 2 + 2;

// x[(start + i) mod n] for i in [0, count): a stretch of the cycle, wrapping as often as needed.
template <typename T = float>
std::vector<T> cyclic_excerpt(std::span<const float> period, std::ptrdiff_t start, std::size_t count) {
  std::vector<T> out(count);
  const auto n = static_cast<std::ptrdiff_t>(period.size());
  std::ptrdiff_t k = start % n;
  if (k < 0) k += n;
  for (std::size_t i = 0; i < count;) {
    const auto run = std::min(count - i, static_cast<std::size_t>(n - k));
    std::copy_n(period.begin() + k, run, out.begin() + static_cast<std::ptrdiff_t>(i));
    i += run;
    k = 0;
  }
  return out;
}

}  // namespace

std::vector<float> paulstretch_periodic(std::span<const float> cycle, const PeriodicStretch& plan,
                                        std::uint64_t seed) {
  const std::size_t n = std::max<std::size_t>(16, plan.window + plan.window % 2);
  const std::size_t half = n / 2;
  // A whole number of frames, a multiple of 4 of them, so that the output is exactly periodic and its
  // length halves twice for the octave copies.
  std::size_t frames =
      static_cast<std::size_t>(std::llround(std::max(0.0, plan.frames_out) / static_cast<double>(half)));
  frames = std::max<std::size_t>(4, (frames + 3) / 4 * 4);
  const std::size_t length = frames * half;
  std::vector<float> window(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(n - 1);
    window[i] = static_cast<float>(std::pow(std::max(0.0, 1.0 - t * t), 1.25));
  }
  RealFft fft(n);
  Random rng(seed);
  std::vector<float> frame(n);
  std::vector<std::complex<float>> spectrum(fft.bins());
  std::vector<float> out(length, 0.0f);
  const auto cycle_length = static_cast<std::ptrdiff_t>(cycle.size());
  const double span = static_cast<double>(std::min(plan.span, cycle.size()));
  for (std::size_t m = 0; m < frames; ++m) {
    // Where frame m reads: once round the span per cycle of output frames (or there and back).
    const double u = static_cast<double>(m) / static_cast<double>(frames);
    const double along = plan.ping_pong ? span * (1.0 - std::fabs(1.0 - 2.0 * u)) : span * u;
    const auto centre =
        static_cast<std::ptrdiff_t>(plan.start) + static_cast<std::ptrdiff_t>(std::floor(along));
    for (std::size_t i = 0; i < n; ++i) {
      std::ptrdiff_t k =
          (centre - static_cast<std::ptrdiff_t>(half) + static_cast<std::ptrdiff_t>(i)) % cycle_length;
      if (k < 0) k += cycle_length;
      frame[i] = cycle[static_cast<std::size_t>(k)] * window[i];
    }
    fft.forward(frame, spectrum);
    for (auto& bin : spectrum) {
      bin = std::polar(std::abs(bin), static_cast<float>(2.0 * std::numbers::pi * rng.uniform()));
    }
    fft.inverse(spectrum, frame);
    // Overlap-add around the cycle: the frames at the end run on into the start, so there is no seam.
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t at = (m * half + length - half + i) % length;
      out[at] += frame[i] * window[i];
    }
  }
  return out;
}

std::vector<float> decimate_periodic(std::span<const float> period) {
  const std::size_t n = period.size();
  if (n < 2) return {};
  const auto margin = static_cast<std::ptrdiff_t>(kDecimateMargin);
  const std::vector<float> extended = cyclic_excerpt(period, -margin, n + 2 * kDecimateMargin);
  const std::vector<float> decimated = dsp::HalfRateDecimator().process(extended);
  // Output m is aligned with input 2m; period[0] sits at extended[margin], an even index.
  const auto first = decimated.begin() + margin / 2;
  return {first, first + static_cast<std::ptrdiff_t>(n / 2)};
}

std::vector<float> upsample_periodic(std::span<const float> period) {
  return dsp::upsample2_periodic(period);
}

std::vector<float> decorrelate_periodic(std::span<const float> period, double sample_rate,
                                        std::uint64_t seed) {
  // Six Schroeder all-passes, y[n] = -g x[n] + x[n-D] + g y[n-D], delays 1.5–9 ms, alternating signs:
  // flat magnitude, a phase that wanders fast with frequency, and so a copy whose correlation with the
  // input is near zero for any broadband material, with no audible echo at these delays.
  constexpr int kStages = 6;
  constexpr double kGain = 0.6;
  const std::size_t n = period.size();
  if (n == 0) return {};
  Random rng(seed, 0x6a09e667f3bcc909ULL);
  std::size_t delays[kStages];
  std::size_t longest = 1;
  for (int s = 0; s < kStages; ++s) {
    const double ms = 1.5 + 7.5 * (static_cast<double>(s) + rng.uniform()) / kStages;
    delays[s] = std::max<std::size_t>(1, static_cast<std::size_t>(ms * 0.001 * sample_rate));
    longest = std::max(longest, delays[s]);
  }
  // The impulse response falls by g per trip round a delay: after 60 trips of every stage it is below
  // 1e-13. Running the cycle that long before keeping a period makes the kept period the steady state.
  const std::size_t settle = 60 * kStages * longest;
  const std::size_t periods = 1 + (settle + n - 1) / n;
  std::vector<float> out(n);
  std::vector<std::vector<double>> x_hist(kStages), y_hist(kStages);
  for (int s = 0; s < kStages; ++s) {
    x_hist[s].assign(delays[s], 0.0);
    y_hist[s].assign(delays[s], 0.0);
  }
  std::vector<std::size_t> cursor(kStages, 0);
  for (std::size_t p = 0; p < periods; ++p) {
    for (std::size_t i = 0; i < n; ++i) {
      double v = period[i];
      for (int s = 0; s < kStages; ++s) {
        const double g = (s % 2 == 0) ? kGain : -kGain;
        const std::size_t c = cursor[s];
        const double y = -g * v + x_hist[s][c] + g * y_hist[s][c];
        x_hist[s][c] = v;
        y_hist[s][c] = y;
        cursor[s] = c + 1 == delays[s] ? 0 : c + 1;
        v = y;
      }
      if (p + 1 == periods) out[i] = static_cast<float>(v);
    }
  }
  return out;
}

}  // namespace afterglow::gen
