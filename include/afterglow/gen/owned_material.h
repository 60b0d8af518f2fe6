#pragma once
// Material that owns its audio: builds a MaterialView (full rate, the band-limited half- and
// quarter-rate copies from dsp's decimator, and the optional 2× copy) from planar audio. Offline
// helper for tests, benchmarks and the renderer: it allocates, so it is built off the audio thread and
// only its view() reaches a generator.

#include <cstddef>
#include <span>
#include <vector>

#include "afterglow/gen/material.h"

namespace afterglow::gen {

class OwnedMaterial {
 public:
  struct Options {
    int levels = MaterialView::kMaxLevels;  // 1 … kMaxLevels
    bool oversampled = true;                // build the 2× copy (2× the full-rate level's memory)
    float root_note = 69.0f;
  };

  OwnedMaterial() = default;
  // Mono when `right` is empty; otherwise `right` must have left's length.
  OwnedMaterial(std::span<const float> left, std::span<const float> right, double sample_rate,
                Options options);
  OwnedMaterial(std::span<const float> left, std::span<const float> right, double sample_rate)
      : OwnedMaterial(left, right, sample_rate, Options{}) {}

  // The view points into this object: moving it keeps the view valid (vectors move their buffers).
  OwnedMaterial(OwnedMaterial&&) noexcept = default;
  OwnedMaterial& operator=(OwnedMaterial&&) noexcept = default;
  OwnedMaterial(const OwnedMaterial&) = delete;
  OwnedMaterial& operator=(const OwnedMaterial&) = delete;

  const MaterialView& view() const { return view_; }
  bool stereo() const { return !right_[0].empty(); }

  // Doubles the rate of `x` with a half-band windowed-sinc interpolator: even outputs are the input
  // samples exactly, odd outputs lie on the band-limited curve between them. Output length 2·len.
  static std::vector<float> upsample2(std::span<const float> x);

 private:
  void bind();

  std::vector<float> left_[MaterialView::kMaxLevels];
  std::vector<float> right_[MaterialView::kMaxLevels];
  std::vector<float> left_up_;
  std::vector<float> right_up_;
  MaterialView view_;
};

}  // namespace afterglow::gen
