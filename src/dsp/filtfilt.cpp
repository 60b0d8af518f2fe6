#include "afterglow/dsp/filtfilt.h"

#include <algorithm>
#include <array>

namespace afterglow::dsp {
namespace {

// scipy's odd_ext: 2·x[0] − x[edge..1] before, 2·x[last] − x[last−1..last−edge] after.
std::vector<double> odd_extend(std::span<const double> x, std::size_t edge) {
  const std::size_t n = x.size();
  std::vector<double> ext(n + 2 * edge);
  for (std::size_t i = 0; i < edge; ++i) ext[i] = 2.0 * x[0] - x[edge - i];
  std::copy(x.begin(), x.end(), ext.begin() + static_cast<std::ptrdiff_t>(edge));
  for (std::size_t i = 0; i < edge; ++i) ext[edge + n + i] = 2.0 * x[n - 1] - x[n - 2 - i];
  return ext;
}

// Coefficients padded to a common length and normalised by a[0], as lfilter does.
struct Normalised {
  std::vector<double> b;
  std::vector<double> a;
};

Normalised normalise(const TransferFunction& tf) {
  const std::size_t n = std::max(tf.a.size(), tf.b.size());
  Normalised c{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  const double a0 = tf.a.empty() ? 1.0 : tf.a[0];
  for (std::size_t i = 0; i < tf.b.size(); ++i) c.b[i] = tf.b[i] / a0;
  for (std::size_t i = 0; i < tf.a.size(); ++i) c.a[i] = tf.a[i] / a0;
  if (tf.a.empty()) c.a[0] = 1.0;
  return c;
}

// lfilter (direct form II transposed) in place, starting from state `z`.
void lfilter(const Normalised& c, std::vector<double>& x, std::vector<double> z) {
  const std::size_t order = c.b.size() - 1;
  for (double& v : x) {
    const double in = v;
    const double y = c.b[0] * in + (order > 0 ? z[0] : 0.0);
    for (std::size_t i = 0; i + 1 < order; ++i) z[i] = c.b[i + 1] * in + z[i + 1] - c.a[i + 1] * y;
    if (order > 0) z[order - 1] = c.b[order] * in - c.a[order] * y;
    v = y;
  }
}

std::vector<double> scaled(const std::vector<double>& zi, double s) {
  std::vector<double> out(zi);
  for (double& v : out) v *= s;
  return out;
}

// A section's steady state for a unit step, and its DC gain.
std::array<double, 2> section_zi(const SosSection& s, double& dc_gain) {
  const double g = (s.b0 + s.b1 + s.b2) / (1.0 + s.a1 + s.a2);
  dc_gain = g;
  const double z1 = s.b2 - s.a2 * g;
  return {s.b1 - s.a1 * g + z1, z1};
}

void sosfilt(std::span<const SosSection> sections, std::vector<double>& x,
             const std::vector<std::array<double, 2>>& zi, double scale) {
  for (std::size_t k = 0; k < sections.size(); ++k) {
    const SosSection& s = sections[k];
    double z0 = zi[k][0] * scale, z1 = zi[k][1] * scale;
    for (double& v : x) {
      const double in = v;
      const double y = s.b0 * in + z0;
      z0 = s.b1 * in - s.a1 * y + z1;
      z1 = s.b2 * in - s.a2 * y;
      v = y;
    }
  }
}

template <typename Run>
std::vector<float> via_double(std::span<const float> x, Run run) {
  std::vector<double> in(x.begin(), x.end());
  const auto out = run(std::span<const double>(in));
  return std::vector<float>(out.begin(), out.end());
}

}  // namespace

std::size_t filtfilt_padlen(const TransferFunction& tf) {
  return 3 * std::max(tf.a.size(), tf.b.size());
}

std::size_t sosfiltfilt_padlen(std::span<const SosSection> sections) {
  const auto zero_b2 =
      std::count_if(sections.begin(), sections.end(), [](const SosSection& s) { return s.b2 == 0.0; });
  const auto zero_a2 =
      std::count_if(sections.begin(), sections.end(), [](const SosSection& s) { return s.a2 == 0.0; });
  const std::size_t ntaps = 2 * sections.size() + 1 - static_cast<std::size_t>(std::min(zero_b2, zero_a2));
  return 3 * ntaps;
}

std::vector<double> lfilter_zi(const TransferFunction& tf) {
  const Normalised c = normalise(tf);
  const std::size_t n = c.b.size();
  if (n < 2) return {};
  // Steady state of y = G·x for x = 1: each state holds the sum of what the later taps still owe,
  // z_i = Σ_{j>i} (b_j − a_j·G). This is the solution of scipy's (I − A)·zi = B without a solver.
  double sum_b = 0.0, sum_a = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sum_b += c.b[i];
    sum_a += c.a[i];
  }
  const double g = sum_b / sum_a;
  std::vector<double> zi(n - 1);
  double acc = 0.0;
  for (std::size_t i = n - 1; i >= 1; --i) {
    acc += c.b[i] - c.a[i] * g;
    zi[i - 1] = acc;
  }
  return zi;
}

std::vector<double> filtfilt(const TransferFunction& tf, std::span<const double> x) {
  const std::size_t edge = filtfilt_padlen(tf);
  // An empty numerator or a zero a[0] is no filter at all: hand the input back rather than divide by 0.
  if (x.size() <= edge || tf.b.empty() || (!tf.a.empty() && tf.a[0] == 0.0)) {
    return std::vector<double>(x.begin(), x.end());
  }
  const Normalised c = normalise(tf);
  const auto zi = lfilter_zi(tf);
  std::vector<double> y = odd_extend(x, edge);
  lfilter(c, y, scaled(zi, y.front()));
  std::reverse(y.begin(), y.end());
  lfilter(c, y, scaled(zi, y.front()));
  std::reverse(y.begin(), y.end());
  return std::vector<double>(y.begin() + static_cast<std::ptrdiff_t>(edge),
                             y.end() - static_cast<std::ptrdiff_t>(edge));
}

std::vector<float> filtfilt(const TransferFunction& tf, std::span<const float> x) {
  return via_double(x, [&](std::span<const double> d) { return filtfilt(tf, d); });
}

std::vector<double> sosfiltfilt(std::span<const SosSection> sections, std::span<const double> x) {
  const std::size_t edge = sosfiltfilt_padlen(sections);
  if (x.size() <= edge) return std::vector<double>(x.begin(), x.end());
  // sosfilt_zi: each section's steady state scaled by the DC gain of the sections before it.
  std::vector<std::array<double, 2>> zi(sections.size());
  double scale = 1.0;
  for (std::size_t k = 0; k < sections.size(); ++k) {
    double g = 1.0;
    const auto z = section_zi(sections[k], g);
    zi[k] = {z[0] * scale, z[1] * scale};
    scale *= g;
  }
  std::vector<double> y = odd_extend(x, edge);
  sosfilt(sections, y, zi, y.front());
  std::reverse(y.begin(), y.end());
  sosfilt(sections, y, zi, y.front());
  std::reverse(y.begin(), y.end());
  return std::vector<double>(y.begin() + static_cast<std::ptrdiff_t>(edge),
                             y.end() - static_cast<std::ptrdiff_t>(edge));
}

std::vector<float> sosfiltfilt(std::span<const SosSection> sections, std::span<const float> x) {
  return via_double(x, [&](std::span<const double> d) { return sosfiltfilt(sections, d); });
}

}  // namespace afterglow::dsp
