#include "afterglow/dsp/upsample2.h"

#include <algorithm>
#include <cstring>

#include "afterglow/dsp/interpolation_kernel.h"

namespace afterglow::dsp {
namespace {

constexpr std::size_t kTaps = 127;
constexpr double kAttenuationDb = 90.0;
constexpr std::ptrdiff_t kCentre = static_cast<std::ptrdiff_t>(kTaps / 2);  // odd taps 1 … 63
// Inputs an odd output reads: i − 31 … i + 32.
constexpr std::ptrdiff_t kReach = kCentre / 2 + 1;
constexpr std::size_t kBlock = 16;       // four accumulators of four lanes: the additions' latency hidden
constexpr std::size_t kChunk = 1 << 16;  // inputs per chunk (a multiple of kBlock)

using Double4 = double __attribute__((vector_size(32)));

// Four doubles from anywhere (written through a reference: a vector return would change the ABI
// between the portable and the AVX2 builds of the callers).
[[gnu::always_inline]] inline void load4(const double* p, Double4& out) {
  std::memcpy(&out, p, sizeof out);
}

// The odd-offset taps, doubled (zero stuffing halves the gain), nearest first.
std::vector<double> odd_taps() {
  const std::vector<double> h = windowed_sinc_lowpass(kTaps, 0.25, kAttenuationDb);
  std::vector<double> taps;
  for (std::ptrdiff_t k = 1; k <= kCentre; k += 2) taps.push_back(2.0 * h[static_cast<std::size_t>(kCentre + k)]);
  return taps;
}

// Odd outputs for inputs i in [from, to) (whole blocks) of x, whose reach lies inside the buffer.
[[gnu::always_inline]] inline void blocks_body(const double* taps, const double* x, std::size_t from,
                                               std::size_t to, float* out) {
  for (std::size_t i = from; i < to; i += kBlock) {
    Double4 acc[kBlock / 4] = {};
    for (std::ptrdiff_t k = 1; k <= kCentre; k += 2) {
      const double t = taps[(k - 1) / 2];
      const Double4 tap = {t, t, t, t};
      const double* before = x + (static_cast<std::ptrdiff_t>(i) - (k - 1) / 2);
      const double* after = x + (static_cast<std::ptrdiff_t>(i) + 1 + (k - 1) / 2);
      for (std::size_t v = 0; v < kBlock / 4; ++v) {
        Double4 b4, a4;
        load4(before + 4 * v, b4);
        load4(after + 4 * v, a4);
        acc[v] = acc[v] + tap * b4;
        acc[v] = acc[v] + tap * a4;
      }
    }
    for (std::size_t v = 0; v < kBlock / 4; ++v) {
      for (std::size_t j = 0; j < 4; ++j) out[2 * (i + 4 * v + j) + 1] = static_cast<float>(acc[v][j]);
    }
  }
}

using BlocksFn = void (*)(const double*, const double*, std::size_t, std::size_t, float*);

void blocks_portable(const double* taps, const double* x, std::size_t from, std::size_t to, float* out) {
  blocks_body(taps, x, from, to, out);
}

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::target("avx2")]] void blocks_avx2(const double* taps, const double* x, std::size_t from, std::size_t to,
                                         float* out) {
  blocks_body(taps, x, from, to, out);
}
#endif

BlocksFn blocks_function() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return blocks_avx2;
#endif
  return blocks_portable;
}

std::vector<float> upsample(std::span<const float> x, bool periodic) {
  const std::size_t n = x.size();
  std::vector<float> out(2 * n);
  if (n == 0) return out;
  static const std::vector<double> taps = odd_taps();
  static const BlocksFn run = blocks_function();
  const auto length = static_cast<std::ptrdiff_t>(n);
  const auto at = [&](std::ptrdiff_t j) -> double {
    if (j >= 0 && j < length) return x[static_cast<std::size_t>(j)];
    if (!periodic) return 0.0;
    const std::ptrdiff_t k = j % length;
    return x[static_cast<std::size_t>(k < 0 ? k + length : k)];
  };
  std::vector<double> buffer(kChunk + 2 * static_cast<std::size_t>(kReach));
  for (std::size_t i = 0; i < n; ++i) out[2 * i] = x[i];
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t count = std::min(kChunk, n - start);
    const auto first = static_cast<std::ptrdiff_t>(start) - kReach;
    for (std::size_t j = 0; j < count + 2 * static_cast<std::size_t>(kReach); ++j)
      buffer[j] = at(first + static_cast<std::ptrdiff_t>(j));
    const double* chunk = buffer.data() + kReach;  // chunk[i] is x[start + i]
    float* chunk_out = out.data() + 2 * start;
    const std::size_t blocked = count / kBlock * kBlock;
    run(taps.data(), chunk, 0, blocked, chunk_out);
    for (std::size_t i = blocked; i < count; ++i) {
      double acc = 0.0;
      for (std::ptrdiff_t k = 1; k <= kCentre; k += 2) {
        const double tap = taps[static_cast<std::size_t>((k - 1) / 2)];
        acc += tap * chunk[static_cast<std::ptrdiff_t>(i) - (k - 1) / 2];
        acc += tap * chunk[static_cast<std::ptrdiff_t>(i) + 1 + (k - 1) / 2];
      }
      chunk_out[2 * i + 1] = static_cast<float>(acc);
    }
  }
  return out;
}

}  // namespace

std::vector<float> upsample2(std::span<const float> x) {
  return upsample(x, false);
}

std::vector<float> upsample2_periodic(std::span<const float> period) {
  return upsample(period, true);
}

}  // namespace afterglow::dsp
