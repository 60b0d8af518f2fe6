#include "afterglow/dsp/interpolation.h"

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/interpolation_kernel.h"

namespace afterglow::dsp {

SincReader::SincReader() : SincReader(Options{}) {}

SincReader::SincReader(const Options& options) : options_(options) {
  options_.zero_crossings = std::max<std::size_t>(options_.zero_crossings, 2);
  options_.zero_crossings += options_.zero_crossings % 2;  // even: the tap count is a multiple of 4
  options_.phases = std::max<std::size_t>(options_.phases, 16);
  options_.cutoff = std::clamp(options_.cutoff, 0.05, 0.5);
  options_.max_ratio = std::max(options_.max_ratio, 1.0);
  const std::size_t z = options_.zero_crossings;
  const std::size_t phases = options_.phases;
  const double beta = kaiser_beta(options_.attenuation_db);
  const auto zd = static_cast<double>(z);
  taps_ = 2 * z;

  // Row p, tap k: the weight of x[floor(pos) - z + 1 + k] when frac(pos) = p / phases.
  rows_.resize((phases + 1) * taps_);
  for (std::size_t p = 0; p <= phases; ++p) {
    const double f = static_cast<double>(p) / static_cast<double>(phases);
    for (std::size_t k = 0; k < taps_; ++k) {
      const double t = f + zd - 1.0 - static_cast<double>(k);
      rows_[p * taps_ + k] = static_cast<float>(windowed_sinc(t, options_.cutoff, zd, beta));
    }
  }
  // (h(j / phases), h((j + 1) / phases) - h(j / phases)) pairs: one 8-byte read per stretched tap.
  const std::size_t points = z * phases + 1;
  std::vector<float> half_kernel(points + 1, 0.0f);
  for (std::size_t j = 0; j < points; ++j) {
    const double t = static_cast<double>(j) / static_cast<double>(phases);
    half_kernel[j] = static_cast<float>(windowed_sinc(t, options_.cutoff, zd, beta));
  }
  kernel_pairs_.resize(2 * points);
  for (std::size_t j = 0; j < points; ++j) {
    kernel_pairs_[2 * j] = half_kernel[j];
    kernel_pairs_[2 * j + 1] = half_kernel[j + 1] - half_kernel[j];
  }
}

std::size_t SincReader::reach(double ratio) const noexcept {
  const double r = ratio > 1.0 ? std::min(ratio, options_.max_ratio) : 1.0;
  return static_cast<std::size_t>(std::ceil(static_cast<double>(options_.zero_crossings) * r)) + 1;
}

template <bool kWrapped>
float SincReader::read_edge(std::span<const float> x, std::ptrdiff_t first, std::size_t row,
                            float alpha) const noexcept {
  const float* r0 = rows_.data() + row * taps_;
  const float* r1 = r0 + taps_;
  float sum0 = 0.0f;
  float sum1 = 0.0f;
  for (std::size_t k = 0; k < taps_; ++k) {
    const auto i = first + static_cast<std::ptrdiff_t>(k);
    const float v = kWrapped ? detail::at_wrapped(x, i) : detail::at_or_zero(x, i);
    sum0 += r0[k] * v;
    sum1 += r1[k] * v;
  }
  return sum0 + alpha * (sum1 - sum0);
}

template <bool kWrapped>
float SincReader::read_stretched(std::span<const float> x, double position, double ratio) const noexcept {
  const double scale = 1.0 / ratio;
  const double half_width = static_cast<double>(options_.zero_crossings) * ratio;
  const auto lo = static_cast<std::ptrdiff_t>(std::ceil(position - half_width));
  const auto hi = static_cast<std::ptrdiff_t>(std::floor(position + half_width));
  // Table coordinate of tap i is |position - i| * scale * phases: it starts at `t0` for i = lo and
  // falls by `step` per tap, so each tap costs one table pair read and two multiply-adds.
  const auto step = static_cast<float>(scale * static_cast<double>(options_.phases));
  const auto t0 =
      static_cast<float>((position - static_cast<double>(lo)) * scale * static_cast<double>(options_.phases));
  const auto limit = static_cast<float>(options_.zero_crossings * options_.phases);
  const auto count = static_cast<std::size_t>(hi - lo + 1);
  const float* table = kernel_pairs_.data();
  const auto weight = [&](std::size_t k) {
    const float t = std::min(std::fabs(t0 - static_cast<float>(k) * step), limit);
    const auto j = static_cast<int>(t);  // t >= 0: a signed 32-bit truncation is one instruction
    const float* pair = table + 2 * j;
    return pair[0] + (t - static_cast<float>(j)) * pair[1];
  };
  float sum = 0.0f;
  if (lo >= 0 && static_cast<std::size_t>(hi) < x.size()) {
    // Four independent partial sums keep the multiply-adds pipelined.
    const float* s = x.data() + lo;
    float partial[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    std::size_t k = 0;
    for (; k + 4 <= count; k += 4) {
      for (std::size_t u = 0; u < 4; ++u) partial[u] += weight(k + u) * s[k + u];
    }
    for (; k < count; ++k) partial[0] += weight(k) * s[k];
    sum = (partial[0] + partial[1]) + (partial[2] + partial[3]);
  } else {
    for (std::size_t k = 0; k < count; ++k) {
      const std::ptrdiff_t i = lo + static_cast<std::ptrdiff_t>(k);
      sum += weight(k) * (kWrapped ? detail::at_wrapped(x, i) : detail::at_or_zero(x, i));
    }
  }
  return sum * static_cast<float>(scale);
}

float SincReader::read(std::span<const float> x, double position, double ratio) const noexcept {
  if (x.empty()) return 0.0f;
  const double r = ratio > 1.0 ? std::min(ratio, options_.max_ratio) : 1.0;  // NaN -> 1
  const double limit = static_cast<double>(x.size()) + static_cast<double>(reach(r)) + 1.0;
  if (!(position > -limit && position < limit)) return 0.0f;
  if (r > 1.0) return read_stretched<false>(x, position, r);

  std::ptrdiff_t i0 = 0;
  float f = 0.0f;
  detail::split_position(position, limit, i0, f);
  const float fp = f * static_cast<float>(options_.phases);
  auto row = static_cast<std::size_t>(fp);
  float alpha = fp - static_cast<float>(row);
  if (row >= options_.phases) {  // f rounded up to 1.0f
    row = options_.phases - 1;
    alpha = 1.0f;
  }
  const std::ptrdiff_t first = i0 - static_cast<std::ptrdiff_t>(options_.zero_crossings) + 1;
  if (first < 0 || static_cast<std::size_t>(first) + taps_ > x.size())
    return read_edge<false>(x, first, row, alpha);

  // Two dot products and one blend between the neighbouring phases. The taps are a multiple of 4
  // (zero_crossings is even), and four-lane partial sums let the compiler use SIMD without reordering
  // a single float reduction.
  const float* r0 = rows_.data() + row * taps_;
  const float* r1 = r0 + taps_;
  const float* s = x.data() + first;
  float sum0[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float sum1[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (std::size_t k = 0; k < taps_; k += 4) {
    for (std::size_t u = 0; u < 4; ++u) {
      sum0[u] += r0[k + u] * s[k + u];
      sum1[u] += r1[k + u] * s[k + u];
    }
  }
  const float a = (sum0[0] + sum0[1]) + (sum0[2] + sum0[3]);
  const float b = (sum1[0] + sum1[1]) + (sum1[2] + sum1[3]);
  return a + alpha * (b - a);
}

float SincReader::read_wrapped(std::span<const float> x, double position, double ratio) const noexcept {
  if (x.empty() || !std::isfinite(position)) return 0.0f;
  const double r = ratio > 1.0 ? std::min(ratio, options_.max_ratio) : 1.0;
  const double p = detail::wrap_position(position, x.size());
  if (r > 1.0) return read_stretched<true>(x, p, r);
  const auto i0 = static_cast<std::ptrdiff_t>(p);
  const auto f = static_cast<float>(p - static_cast<double>(i0));
  const float fp = f * static_cast<float>(options_.phases);
  auto row = static_cast<std::size_t>(fp);
  float alpha = fp - static_cast<float>(row);
  if (row >= options_.phases) {
    row = options_.phases - 1;
    alpha = 1.0f;
  }
  return read_edge<true>(x, i0 - static_cast<std::ptrdiff_t>(options_.zero_crossings) + 1, row, alpha);
}

}  // namespace afterglow::dsp
