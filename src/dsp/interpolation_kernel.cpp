#include "afterglow/dsp/interpolation_kernel.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace afterglow::dsp {

double bessel_i0(double x) {
  // sum_k ((x/2)^k / k!)^2; terms shrink fast once k > x/2.
  const double half = 0.5 * x;
  double term = 1.0;
  double sum = 1.0;
  for (int k = 1; k < 200; ++k) {
    term *= half / k;
    const double add = term * term;
    sum += add;
    if (add < sum * 1e-17) break;
  }
  return sum;
}

double kaiser_beta(double attenuation_db) {
  if (attenuation_db > 50.0) return 0.1102 * (attenuation_db - 8.7);
  if (attenuation_db > 21.0) {
    return 0.5842 * std::pow(attenuation_db - 21.0, 0.4) + 0.07886 * (attenuation_db - 21.0);
  }
  return 0.0;
}

double kaiser(double t, double beta) {
  if (t < -1.0 || t > 1.0) return 0.0;
  return bessel_i0(beta * std::sqrt(std::max(0.0, 1.0 - t * t))) / bessel_i0(beta);
}

double windowed_sinc(double t, double cutoff, double half_width, double beta) {
  const double x = 2.0 * cutoff * t;
  const double sinc = std::fabs(x) < 1e-12 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
  return 2.0 * cutoff * sinc * kaiser(t / half_width, beta);
}

std::vector<double> windowed_sinc_lowpass(std::size_t taps, double cutoff, double attenuation_db) {
  if (taps % 2 == 0) ++taps;
  std::vector<double> h(taps);
  const double beta = kaiser_beta(attenuation_db);
  const double centre = static_cast<double>(taps - 1) / 2.0;
  // The window reaches zero one sample beyond the outermost taps, so those taps are not wasted.
  for (std::size_t i = 0; i < taps; ++i)
    h[i] = windowed_sinc(static_cast<double>(i) - centre, cutoff, centre + 1.0, beta);
  const double sum = std::accumulate(h.begin(), h.end(), 0.0);
  for (double& v : h) v /= sum;
  return h;
}

}  // namespace afterglow::dsp
