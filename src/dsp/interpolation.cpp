#include "afterglow/dsp/interpolation.h"

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/interpolation_kernel.h"

namespace afterglow::dsp {

SincReader::SincReader() : SincReader(Options{}) {}

SincReader::SincReader(const Options& options) : options_(options) {
  options_.zero_crossings = std::max<std::size_t>(options_.zero_crossings, 2);
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
  half_kernel_.resize(z * phases + 2, 0.0f);
  for (std::size_t j = 0; j <= z * phases; ++j) {
    const double t = static_cast<double>(j) / static_cast<double>(phases);
    half_kernel_[j] = static_cast<float>(windowed_sinc(t, options_.cutoff, zd, beta));
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
  const double step = scale * static_cast<double>(options_.phases);
  const auto limit = static_cast<double>(half_kernel_.size() - 2);
  const bool inside = lo >= 0 && static_cast<std::size_t>(hi) < x.size();
  float sum = 0.0f;
  for (std::ptrdiff_t i = lo; i <= hi; ++i) {
    const double t = std::min(std::fabs(position - static_cast<double>(i)) * step, limit);
    const auto j = static_cast<std::size_t>(t);
    const auto a = static_cast<float>(t - static_cast<double>(j));
    const float w = half_kernel_[j] + a * (half_kernel_[j + 1] - half_kernel_[j]);
    float v = 0.0f;
    if (inside) {
      v = x[static_cast<std::size_t>(i)];
    } else {
      v = kWrapped ? detail::at_wrapped(x, i) : detail::at_or_zero(x, i);
    }
    sum += w * v;
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
  if (first < 0 || static_cast<std::size_t>(first) + taps_ > x.size()) return read_edge<false>(x, first, row, alpha);

  // Two plain dot products (vectorisable) and one blend between the neighbouring phases.
  const float* r0 = rows_.data() + row * taps_;
  const float* r1 = r0 + taps_;
  const float* s = x.data() + first;
  float sum0 = 0.0f;
  float sum1 = 0.0f;
  for (std::size_t k = 0; k < taps_; ++k) {
    sum0 += r0[k] * s[k];
    sum1 += r1[k] * s[k];
  }
  return sum0 + alpha * (sum1 - sum0);
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
