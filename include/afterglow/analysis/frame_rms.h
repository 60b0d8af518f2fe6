#pragma once
// Per-frame RMS: sqrt(mean(x^2)) of the frame's n_fft raw samples (time domain, unwindowed, zero
// centring pad included), which is librosa.feature.rms(y=..., center=True) with frame_length = n_fft.
// Time domain rather than Parseval over the Hann-windowed spectrum: the window would weight the frame's
// centre and change the level that dB thresholds carried over from afterglow configs refer to.

#include <vector>

#include "afterglow/analysis/stft.h"

namespace afterglow::analysis {

class FrameRms final : public FrameConsumer {
 public:
  void begin(const StftLayout& layout) override;
  void consume(const StftFrame& frame) override;

  const std::vector<float>& values() const { return values_; }
  std::vector<float> take() { return std::move(values_); }

 private:
  std::vector<float> values_;
};

}  // namespace afterglow::analysis
