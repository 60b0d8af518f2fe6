#include "afterglow/dsp/crossfade.h"

#include <algorithm>
#include <cmath>

namespace afterglow::dsp {
namespace {

// Point i of n evenly spaced over [0, 1] with both ends included (numpy's linspace): a single point
// is 0.
double ramp_point(std::size_t i, std::size_t n) {
  return n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
}

}  // namespace

std::vector<float> crossfade(std::span<const float> a, std::span<const float> b, std::size_t n,
                             FadeCurve curve) {
  n = std::min({n, a.size(), b.size()});
  std::vector<float> out;
  out.reserve(a.size() + b.size() - n);
  out.insert(out.end(), a.begin(), a.end() - static_cast<std::ptrdiff_t>(n));
  const std::size_t tail = a.size() - n;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = ramp_point(i, n);
    const double g_out = curve == FadeCurve::kEqualPower ? std::sqrt(1.0 - t) : 1.0 - t;
    const double g_in = curve == FadeCurve::kEqualPower ? std::sqrt(t) : t;
    out.push_back(
        static_cast<float>(static_cast<double>(a[tail + i]) * g_out + static_cast<double>(b[i]) * g_in));
  }
  out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(n), b.end());
  return out;
}

void fade_in(std::span<float> x, std::size_t length) {
  length = std::min(length, x.size());
  for (std::size_t i = 0; i < length; ++i) {
    x[i] = static_cast<float>(static_cast<double>(x[i]) * ramp_point(i, length));
  }
}

void fade_out(std::span<float> x, std::size_t length) {
  length = std::min(length, x.size());
  const std::size_t start = x.size() - length;
  for (std::size_t i = 0; i < length; ++i) {
    // The ramp runs 1 -> 0, i.e. the fade-in ramp read backwards.
    x[start + i] = static_cast<float>(static_cast<double>(x[start + i]) * (1.0 - ramp_point(i, length)));
  }
}

}  // namespace afterglow::dsp
