#include "afterglow/dsp/loop.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace afterglow::dsp {
namespace {

// Relative margin under which two correlation values count as tied (see best_loop_trim in the header).
constexpr double kTieTolerance = 1e-6;

double mean_of(std::span<const float> x) {
  if (x.empty()) return 0.0;
  double sum = 0.0;
  for (float v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

// Normalised zero-lag correlation of two equally long spans; 0 when either is silent (nothing to
// align, and the equal-power curve is the safe default).
double normalised_correlation(std::span<const float> a, std::span<const float> b) {
  double ab = 0.0;
  double aa = 0.0;
  double bb = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  if (aa <= 1e-30 || bb <= 1e-30) return 0.0;
  return ab / std::sqrt(aa * bb);
}

std::vector<float> average_of(std::span<const std::span<const float>> channels) {
  std::vector<float> mono(channels.front().size(), 0.0f);
  const double scale = 1.0 / static_cast<double>(channels.size());
  for (std::size_t n = 0; n < mono.size(); ++n) {
    double sum = 0.0;
    for (const auto& c : channels) sum += c[n];
    mono[n] = static_cast<float>(sum * scale);
  }
  return mono;
}

// The "valid" cross-correlation corr[k] = Σ_j ref[j]·reg[k + j], k in [0, lags). Lags are computed
// kLagBlock at a time, as four accumulators of four lanes: each lane still sums its products in j order
// from 0.0 exactly as one std::inner_product per lag does (and no FMA is enabled), so the values — and
// hence the chosen trim — are the same bit for bit on every path, about 9× faster than one
// latency-bound sum at a time.
constexpr std::size_t kLagBlock = 16;

using Double4 = double __attribute__((vector_size(32)));

[[gnu::always_inline]] inline void correlate_blocks(const double* ref, std::size_t n, const double* reg,
                                                    std::size_t blocks, double* corr) {
  for (std::size_t b = 0; b < blocks; ++b) {
    const double* base = reg + b * kLagBlock;
    Double4 acc[kLagBlock / 4] = {};
    for (std::size_t j = 0; j < n; ++j) {
      const double r = ref[j];
      const Double4 r4 = {r, r, r, r};
      for (std::size_t v = 0; v < kLagBlock / 4; ++v) {
        Double4 x4;
        std::memcpy(&x4, base + j + 4 * v, sizeof x4);
        acc[v] = acc[v] + r4 * x4;
      }
    }
    for (std::size_t v = 0; v < kLagBlock / 4; ++v) {
      for (std::size_t l = 0; l < 4; ++l) corr[b * kLagBlock + 4 * v + l] = acc[v][l];
    }
  }
}

using CorrelateFn = void (*)(const double*, std::size_t, const double*, std::size_t, double*);

void correlate_portable(const double* ref, std::size_t n, const double* reg, std::size_t blocks,
                        double* corr) {
  correlate_blocks(ref, n, reg, blocks, corr);
}

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::target("avx2")]] void correlate_avx2(const double* ref, std::size_t n, const double* reg,
                                            std::size_t blocks, double* corr) {
  correlate_blocks(ref, n, reg, blocks, corr);
}
#endif

CorrelateFn correlate_function() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return correlate_avx2;
#endif
  return correlate_portable;
}

}  // namespace

std::size_t best_loop_trim(std::span<const float> mono, std::size_t crossfade, std::size_t search) {
  const std::size_t length = mono.size();
  search = std::min(search, length);
  if (crossfade == 0 || search < crossfade) return 0;

  const auto head = mono.first(crossfade);
  const auto region = mono.last(search);
  const double head_mean = mean_of(head);
  const double region_mean = mean_of(region);
  std::vector<double> ref(crossfade);
  std::vector<double> reg(search);
  for (std::size_t j = 0; j < crossfade; ++j) ref[j] = head[j] - head_mean;
  for (std::size_t j = 0; j < search; ++j) reg[j] = region[j] - region_mean;

  // "valid" cross-correlation, in double: O(search * N), about 50 M multiply-adds for the default
  // 50 ms at 44.1 kHz (90 M for 120 ms), which is offline work but the render's largest single cost.
  const std::size_t lags = search - crossfade + 1;
  std::vector<double> corr(lags);
  const std::size_t blocks = lags / kLagBlock;
  static const CorrelateFn correlate = correlate_function();
  correlate(ref.data(), crossfade, reg.data(), blocks, corr.data());
  for (std::size_t k = blocks * kLagBlock; k < lags; ++k) {
    corr[k] = std::inner_product(ref.begin(), ref.end(), reg.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
  }
  const double best_value = *std::max_element(corr.begin(), corr.end());
  const double margin = kTieTolerance * std::max(std::fabs(best_value), 1e-300);
  std::size_t best = 0;
  for (std::size_t k = 0; k < lags; ++k) {
    if (corr[k] >= best_value - margin) {
      best = k;
      break;
    }
  }
  const std::size_t used = best + crossfade;
  const std::size_t trim = search - used;
  return std::min(trim, length / 4);
}

std::size_t loop_crossfade_samples(double crossfade_ms, double sample_rate) {
  const double n = crossfade_ms * sample_rate / 1000.0;
  if (!std::isfinite(n) || n < 1.0) return 0;
  return static_cast<std::size_t>(n);
}

std::size_t loop_search_samples(std::size_t length, std::size_t crossfade, double sample_rate) {
  const double half_second = std::isfinite(sample_rate) && sample_rate > 0.0 ? 0.5 * sample_rate : 0.0;
  return std::min(length / 2, std::max(4 * crossfade, static_cast<std::size_t>(half_second)));
}

BlendGains adaptive_blend_gains(double u, double correlation) {
  const double r = std::clamp(std::isfinite(correlation) ? correlation : 0.0, kMinLoopCorrelation, 1.0);
  const double v = 2.0 * std::clamp(u, 0.0, 1.0) - 1.0;  // [-1, 1]
  const double odd = 0.5 * v;
  const double even = std::sqrt(std::max(0.0, (1.0 - 0.5 * (1.0 - r) * v * v) / (2.0 * (1.0 + r))));
  return {std::max(0.0, even + odd), std::max(0.0, even - odd)};
}

LoopPlan plan_seamless_loop(std::span<const float> mono, double crossfade_ms, double sample_rate,
                            bool optimize) {
  LoopPlan plan;
  plan.source_length = mono.size();
  plan.loop_length = mono.size();
  std::size_t n = loop_crossfade_samples(crossfade_ms, sample_rate);
  if (n == 0 || mono.size() < 2) return plan;
  n = std::min(n, mono.size() / 2);

  if (optimize) plan.trim = best_loop_trim(mono, n, loop_search_samples(mono.size(), n, sample_rate));
  const std::size_t kept = mono.size() - plan.trim;
  // Unlike the reference, the tail is removed, so head and tail must not overlap.
  n = std::min(n, kept / 2);
  plan.crossfade = n;
  plan.loop_length = kept - n;
  if (n > 0) {
    plan.correlation = std::clamp(normalised_correlation(mono.first(n), mono.subspan(kept - n, n)),
                                  kMinLoopCorrelation, 1.0);
  }
  return plan;
}

void render_seamless_loop(std::span<const float> source, const LoopPlan& plan, std::span<float> out) {
  const std::size_t n = plan.crossfade;
  const std::size_t length = std::min({plan.loop_length, out.size(), source.size()});
  std::copy_n(source.begin(), length, out.begin());
  if (n == 0 || plan.loop_length + n > source.size()) return;
  // Step i of the overlap sits at u = i/N: i = 0 is pure tail, the exact continuation of the loop's
  // last sample, and u reaches 1 at i = N, which is source[N] itself, the sample after the overlap.
  const std::size_t tail = plan.loop_length;
  for (std::size_t i = 0; i < n && i < length; ++i) {
    const auto g = adaptive_blend_gains(static_cast<double>(i) / static_cast<double>(n), plan.correlation);
    out[i] = static_cast<float>(g.head * source[i] + g.tail * source[tail + i]);
  }
}

std::vector<float> make_seamless_loop(std::span<const float> mono, double crossfade_ms, double sample_rate,
                                      bool optimize) {
  const LoopPlan plan = plan_seamless_loop(mono, crossfade_ms, sample_rate, optimize);
  std::vector<float> out(plan.loop_length);
  render_seamless_loop(mono, plan, out);
  return out;
}

Result<std::vector<std::vector<float>>> make_seamless_loop(std::span<const std::span<const float>> channels,
                                                           double crossfade_ms, double sample_rate,
                                                           bool optimize) {
  if (channels.empty()) return Error(ErrorKind::kInvalidValue, "A loop needs at least one channel of audio");
  for (const auto& c : channels) {
    if (c.size() != channels.front().size()) {
      return Error(
          ErrorKind::kInvalidValue, "The channels of a loop source must all have the same length",
          {{"frames", std::to_string(channels.front().size())}, {"other", std::to_string(c.size())}});
    }
  }
  const std::vector<float> mono = channels.size() == 1
                                      ? std::vector<float>(channels[0].begin(), channels[0].end())
                                      : average_of(channels);
  const LoopPlan plan = plan_seamless_loop(mono, crossfade_ms, sample_rate, optimize);
  std::vector<std::vector<float>> out(channels.size(), std::vector<float>(plan.loop_length));
  for (std::size_t c = 0; c < channels.size(); ++c) render_seamless_loop(channels[c], plan, out[c]);
  return out;
}

std::vector<float> legacy_loop_crossfade(std::span<const float> x, double crossfade_ms, double sample_rate,
                                         bool optimize, FadeCurve curve) {
  std::size_t n = loop_crossfade_samples(crossfade_ms, sample_rate);
  if (n == 0) return {x.begin(), x.end()};
  n = std::min(n, x.size() / 2);
  std::size_t length = x.size();
  if (optimize) length -= best_loop_trim(x, n, loop_search_samples(x.size(), n, sample_rate));
  // The reference does not recompute N after the trim, so head and tail may overlap on short sources;
  // the three passes run in its order so that an overlap is treated exactly as it treats it.
  const auto kept = x.first(length);
  std::vector<float> out(kept.begin(), kept.end());
  const std::size_t tail = length - n;
  const auto ramp = [&](std::size_t i) {
    return n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
  };
  const auto fade_out_gain = [&](std::size_t i) {
    return curve == FadeCurve::kEqualPower ? std::sqrt(1.0 - ramp(i)) : 1.0 - ramp(i);
  };
  const auto fade_in_gain = [&](std::size_t i) {
    return curve == FadeCurve::kEqualPower ? std::sqrt(ramp(i)) : ramp(i);
  };
  std::vector<double> work(out.begin(), out.end());
  for (std::size_t i = 0; i < n; ++i) work[tail + i] *= fade_out_gain(i);
  for (std::size_t i = 0; i < n; ++i) work[i] *= fade_in_gain(i);
  for (std::size_t i = 0; i < n; ++i) work[i] += static_cast<double>(kept[tail + i]) * fade_out_gain(i);
  std::transform(work.begin(), work.end(), out.begin(), [](double v) { return static_cast<float>(v); });
  return out;
}

}  // namespace afterglow::dsp
