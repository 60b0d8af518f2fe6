#include "afterglow/gen/owned_material.h"

#include <algorithm>
#include <stdexcept>

#include "afterglow/dsp/halfband.h"
#include "afterglow/dsp/interpolation_kernel.h"

namespace afterglow::gen {

namespace {
// 2× interpolator: a half-band low-pass at the input's Nyquist (cutoff 0.25 of the doubled rate).
// 127 taps at 90 dB keep the audio band flat to ~21 kHz at 48 kHz and the images ≥ 90 dB down.
constexpr std::size_t kUpsampleTaps = 127;
constexpr double kUpsampleAttenuationDb = 90.0;
}  // namespace

std::vector<float> OwnedMaterial::upsample2(std::span<const float> x) {
  static_assert(kUpsampleTaps % 4 == 3,
                "a half-band interpolator of this length has zero even taps off centre");
  const std::vector<double> h = dsp::windowed_sinc_lowpass(kUpsampleTaps, 0.25, kUpsampleAttenuationDb);
  const auto centre = static_cast<std::ptrdiff_t>(kUpsampleTaps / 2);
  const auto n = static_cast<std::ptrdiff_t>(x.size());
  std::vector<float> y(x.size() * 2);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    y[static_cast<std::size_t>(2 * i)] = x[static_cast<std::size_t>(i)];
    // Odd output 2i+1 sits between inputs i and i+1: the odd-offset taps, doubled (zero stuffing
    // halves the gain).
    double acc = 0.0;
    for (std::ptrdiff_t k = 1; k <= centre; k += 2) {
      const double tap = 2.0 * h[static_cast<std::size_t>(centre + k)];
      const std::ptrdiff_t before = i - (k - 1) / 2;
      const std::ptrdiff_t after = i + 1 + (k - 1) / 2;
      if (before >= 0) acc += tap * x[static_cast<std::size_t>(before)];
      if (after < n) acc += tap * x[static_cast<std::size_t>(after)];
    }
    y[static_cast<std::size_t>(2 * i + 1)] = static_cast<float>(acc);
  }
  return y;
}

OwnedMaterial::OwnedMaterial(std::span<const float> left, std::span<const float> right, double sample_rate,
                             Options options) {
  if (!right.empty() && right.size() != left.size()) {
    throw std::invalid_argument("OwnedMaterial: left and right channels differ in length");
  }
  const int levels = std::clamp(options.levels, 1, MaterialView::kMaxLevels);
  left_[0].assign(left.begin(), left.end());
  right_[0].assign(right.begin(), right.end());
  const dsp::HalfRateDecimator decimator;
  for (int k = 1; k < levels; ++k) {
    if (left_[k - 1].size() < 2) break;
    left_[k] = decimator.process(left_[k - 1]);
    if (!right_[0].empty()) right_[k] = decimator.process(right_[k - 1]);
  }
  if (options.oversampled && !left_[0].empty()) {
    left_up_ = upsample2(left_[0]);
    if (!right_[0].empty()) right_up_ = upsample2(right_[0]);
  }
  view_.sample_rate = sample_rate;
  view_.root_note = options.root_note;
  bind();
}

void OwnedMaterial::bind() {
  view_.level_count = 0;
  for (int k = 0; k < MaterialView::kMaxLevels; ++k) {
    view_.levels[k] = {};
    if (left_[k].empty()) continue;
    const float* l = left_[k].data();
    view_.levels[k] = {l, right_[k].empty() ? l : right_[k].data(), left_[k].size()};
    view_.level_count = k + 1;
  }
  view_.oversampled = {};
  if (!left_up_.empty()) {
    view_.oversampled = {left_up_.data(), right_up_.empty() ? left_up_.data() : right_up_.data(),
                         left_up_.size()};
  }
}

}  // namespace afterglow::gen
