#include "afterglow/dsp/halfband.h"

#include <algorithm>
#include <cstring>

#include "afterglow/dsp/interpolation_kernel.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define AFTERGLOW_HALFBAND_AVX2 1
#else
#define AFTERGLOW_HALFBAND_AVX2 0
#endif

namespace afterglow::dsp {
namespace {

// In cycles per input sample: the band edges are 0.225 and 0.25; the -6 dB point sits between them.
constexpr double kCutoff = 0.2375;
constexpr double kDesignAttenuationDb = 70.0;
constexpr std::ptrdiff_t kCentre = (HalfRateDecimator::kTaps - 1) / 2;
static_assert(kCentre % 2 == 0, "the even/odd split below assumes an even filter delay");

// Outputs computed together: four accumulators of four lanes, enough independent sums to hide the
// latency of the additions.
constexpr std::size_t kBlock = 16;

using Double4 = double __attribute__((vector_size(32)));

// Four doubles from anywhere (written through a reference: a vector return would change the ABI
// between the portable and the AVX2 builds of the callers). The input is widened once beforehand
// rather than at every one of the many taps that read each sample.
[[gnu::always_inline]] inline void load4(const double* p, Double4& out) {
  std::memcpy(&out, p, sizeof out);
}

// Outputs [m, m + kBlock), all of whose taps lie inside x. Output m reads x[2m + k − centre]: with the
// input split into its even and odd samples, consecutive outputs read consecutive samples of one
// phase, so each lane is a plain load. Every lane sums its products in tap order from 0.0 exactly as
// the one-output loop does (and no FMA is enabled), so the result does not depend on the path taken.
[[gnu::always_inline]] inline void block(const double* taps, const double* even, const double* odd,
                                         std::size_t m, float* y) {
  Double4 acc[kBlock / 4] = {};
  for (std::ptrdiff_t k = 0; k < static_cast<std::ptrdiff_t>(HalfRateDecimator::kTaps); ++k) {
    const std::ptrdiff_t d = k - kCentre;  // x[2m + d]: even phase at m + d/2, odd at m + (d − 1)/2
    const double* src = (d % 2 == 0) ? even + (static_cast<std::ptrdiff_t>(m) + d / 2)
                                     : odd + (static_cast<std::ptrdiff_t>(m) + (d - 1) / 2);
    const double t = taps[k];
    const Double4 tap = {t, t, t, t};
    for (std::size_t v = 0; v < kBlock / 4; ++v) {
      Double4 x4;
      load4(src + 4 * v, x4);
      acc[v] = acc[v] + tap * x4;
    }
  }
  for (std::size_t v = 0; v < kBlock / 4; ++v) {
    for (std::size_t j = 0; j < 4; ++j) y[m + 4 * v + j] = static_cast<float>(acc[v][j]);
  }
}

using BlocksFn = void (*)(const double*, const double*, const double*, std::size_t, std::size_t, float*);

void blocks_portable(const double* taps, const double* even, const double* odd, std::size_t from,
                     std::size_t to, float* y) {
  for (std::size_t m = from; m < to; m += kBlock) block(taps, even, odd, m, y);
}

#if AFTERGLOW_HALFBAND_AVX2
[[gnu::target("avx2")]] void blocks_avx2(const double* taps, const double* even, const double* odd,
                                         std::size_t from, std::size_t to, float* y) {
  for (std::size_t m = from; m < to; m += kBlock) block(taps, even, odd, m, y);
}
#endif

BlocksFn blocks_function() {
#if AFTERGLOW_HALFBAND_AVX2
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return blocks_avx2;
#endif
  return blocks_portable;
}

}  // namespace

HalfRateDecimator::HalfRateDecimator() : taps_(windowed_sinc_lowpass(kTaps, kCutoff, kDesignAttenuationDb)) {}

std::vector<float> HalfRateDecimator::process(std::span<const float> x) const {
  const std::size_t length = x.size();
  std::vector<float> y((length + 1) / 2);
  const auto n = static_cast<std::ptrdiff_t>(length);
  // One output, with the taps that fall outside x skipped (the ends).
  const auto one = [&](std::size_t m) {
    const std::ptrdiff_t first = 2 * static_cast<std::ptrdiff_t>(m) - kCentre;
    double acc = 0.0;
    for (std::size_t k = 0; k < kTaps; ++k) {
      const std::ptrdiff_t i = first + static_cast<std::ptrdiff_t>(k);
      if (i >= 0 && i < n) acc += taps_[k] * x[static_cast<std::size_t>(i)];
    }
    y[m] = static_cast<float>(acc);
  };
  // Outputs whose taps all lie inside x: 2m − centre ≥ 0 and 2m + centre < n.
  const std::size_t lo = static_cast<std::size_t>(kCentre / 2);
  const std::size_t hi = n > kCentre ? static_cast<std::size_t>((n - kCentre - 1) / 2 + 1) : 0;
  const std::size_t blocks = hi > lo ? (hi - lo) / kBlock : 0;
  const std::size_t inner_end = lo + blocks * kBlock;
  if (blocks > 0) {
    std::vector<double> even((length + 1) / 2), odd(length / 2 + 1, 0.0);
    for (std::size_t i = 0; i < length; ++i) (i % 2 == 0 ? even[i / 2] : odd[i / 2]) = x[i];
    static const BlocksFn run = blocks_function();
    run(taps_.data(), even.data(), odd.data(), lo, inner_end, y.data());
  }
  for (std::size_t m = 0; m < std::min(lo, y.size()); ++m) one(m);
  for (std::size_t m = std::max(lo, inner_end); m < y.size(); ++m) one(m);
  return y;
}

std::vector<std::vector<float>> octave_copies(std::span<const float> x, std::size_t count) {
  const HalfRateDecimator decimator;
  std::vector<std::vector<float>> copies;
  std::span<const float> source = x;
  for (std::size_t k = 0; k < count && source.size() >= 4; ++k) {
    copies.push_back(decimator.process(source));
    source = copies.back();
  }
  return copies;
}

}  // namespace afterglow::dsp
