#include "afterglow/gen/owned_material.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "afterglow/dsp/halfband.h"
#include "afterglow/dsp/upsample2.h"

namespace afterglow::gen {

// The 2× copy (dsp/upsample2.h): 127 half-band taps at 90 dB keep the audio band flat to ~21 kHz at
// 48 kHz and the images ≥ 90 dB down.
std::vector<float> OwnedMaterial::upsample2(std::span<const float> x) {
  return dsp::upsample2(x);
}

OwnedMaterial::OwnedMaterial(std::span<const float> left, std::span<const float> right, double sample_rate,
                             Options options) {
  if (!right.empty() && right.size() != left.size()) {
    throw std::invalid_argument("OwnedMaterial: left and right channels differ in length");
  }
  const int levels = std::clamp(options.levels, 1, MaterialView::kMaxLevels);
  // Each channel's octave copies and 2× copy, the right one on a second thread: building the material
  // of a long recording is what stands between a start and the first sound.
  const auto build = [&](std::span<const float> in, std::vector<float>* out, std::vector<float>& up) {
    out[0].assign(in.begin(), in.end());
    const dsp::HalfRateDecimator decimator;
    for (int k = 1; k < levels; ++k) {
      if (out[k - 1].size() < 2) break;
      out[k] = decimator.process(out[k - 1]);
    }
    if (options.oversampled && !out[0].empty()) up = upsample2(out[0]);
  };
  std::thread right_thread;
  if (!right.empty()) right_thread = std::thread([&] { build(right, right_, right_up_); });
  build(left, left_, left_up_);
  if (right_thread.joinable()) right_thread.join();
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
