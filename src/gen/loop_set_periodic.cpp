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

namespace afterglow::gen {

namespace {

// Reach of the decimator (201 taps) and the 2× interpolator (127 taps) in input samples either side,
// rounded up to an even number so that decimated output stays aligned with even input frames.
constexpr std::size_t kDecimateMargin = dsp::HalfRateDecimator::kTaps / 2 + 2;
constexpr std::size_t kUpsampleMargin = 64;

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

// The 2× interpolator of OwnedMaterial::upsample2, restated so that it can run in blocks: the same
// half-band taps, and every odd output summed in the same order from 0.0, so its copies are the same
// bit for bit (a test compares the two).
constexpr std::size_t kUpsampleTaps = 127;
constexpr double kUpsampleAttenuationDb = 90.0;
constexpr std::ptrdiff_t kUpsampleReach = static_cast<std::ptrdiff_t>(kUpsampleTaps / 2);  // odd taps 1..63
constexpr std::size_t kUpsampleBlock = 16;  // four accumulators of four lanes: the additions' latency hidden

using Double4 = double __attribute__((vector_size(32)));

// Four doubles from anywhere (written through a reference: a vector return would change the ABI
// between the portable and the AVX2 builds of the callers). The input is widened once beforehand
// rather than at every one of the many taps that read each sample.
[[gnu::always_inline]] inline void load4(const double* p, Double4& out) {
  std::memcpy(&out, p, sizeof out);
}

// Odd outputs 2i + 1 for i in [from, to) (a whole number of blocks) of x, whose reach lies inside x.
[[gnu::always_inline]] inline void upsample_blocks_body(const double* taps, const double* x, std::size_t from,
                                                        std::size_t to, float* odd_out) {
  for (std::size_t i = from; i < to; i += kUpsampleBlock) {
    Double4 acc[kUpsampleBlock / 4] = {};
    for (std::ptrdiff_t k = 1; k <= kUpsampleReach; k += 2) {
      const double t = taps[(k - 1) / 2];
      const Double4 tap = {t, t, t, t};
      const double* before = x + (static_cast<std::ptrdiff_t>(i) - (k - 1) / 2);
      const double* after = x + (static_cast<std::ptrdiff_t>(i) + 1 + (k - 1) / 2);
      for (std::size_t v = 0; v < kUpsampleBlock / 4; ++v) {
        Double4 b4, a4;
        load4(before + 4 * v, b4);
        load4(after + 4 * v, a4);
        acc[v] = acc[v] + tap * b4;
        acc[v] = acc[v] + tap * a4;
      }
    }
    for (std::size_t v = 0; v < kUpsampleBlock / 4; ++v) {
      for (std::size_t j = 0; j < 4; ++j) odd_out[2 * (i + 4 * v + j)] = static_cast<float>(acc[v][j]);
    }
  }
}

using UpsampleBlocksFn = void (*)(const double*, const double*, std::size_t, std::size_t, float*);

void upsample_blocks_portable(const double* taps, const double* x, std::size_t from, std::size_t to,
                              float* out) {
  upsample_blocks_body(taps, x, from, to, out);
}

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::target("avx2")]] void upsample_blocks_avx2(const double* taps, const double* x, std::size_t from,
                                                  std::size_t to, float* out) {
  upsample_blocks_body(taps, x, from, to, out);
}
#endif

UpsampleBlocksFn upsample_blocks_function() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return upsample_blocks_avx2;
#endif
  return upsample_blocks_portable;
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
  const std::size_t n = period.size();
  if (n == 0) return {};
  const auto margin = static_cast<std::ptrdiff_t>(kUpsampleMargin);
  static_assert(kUpsampleMargin > kUpsampleTaps / 4 + 1, "the margin must cover the interpolator's reach");
  const std::vector<double> extended = cyclic_excerpt<double>(period, -margin, n + 2 * kUpsampleMargin);
  // Odd-offset taps, doubled (zero stuffing halves the gain), nearest first.
  const std::vector<double> h = dsp::windowed_sinc_lowpass(kUpsampleTaps, 0.25, kUpsampleAttenuationDb);
  std::vector<double> taps;
  for (std::ptrdiff_t k = 1; k <= kUpsampleReach; k += 2)
    taps.push_back(2.0 * h[static_cast<std::size_t>(kUpsampleReach + k)]);
  // Output 2j is period[j]; output 2j + 1 sits between extended[margin + j] and the sample after.
  std::vector<float> out(2 * n);
  const double* x = extended.data() + margin;
  for (std::size_t j = 0; j < n; ++j) out[2 * j] = period[j];
  const std::size_t blocked = n / kUpsampleBlock * kUpsampleBlock;
  static const UpsampleBlocksFn run = upsample_blocks_function();
  run(taps.data(), x, 0, blocked, out.data() + 1);
  for (std::size_t j = blocked; j < n; ++j) {
    double acc = 0.0;
    for (std::ptrdiff_t k = 1; k <= kUpsampleReach; k += 2) {
      const double tap = taps[static_cast<std::size_t>((k - 1) / 2)];
      acc += tap * x[static_cast<std::ptrdiff_t>(j) - (k - 1) / 2];
      acc += tap * x[static_cast<std::ptrdiff_t>(j) + 1 + (k - 1) / 2];
    }
    out[2 * j + 1] = static_cast<float>(acc);
  }
  return out;
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
