#pragma once
// Per-frame spectral flatness (Wiener entropy), librosa.feature.spectral_flatness with power 2 and
// amin 1e-10 (reference §2.8): geometric mean over arithmetic mean of max(1e-10, |X_k|^2). Near 1 for
// noise, near 0 for a few partials. A silent frame is all floor values and so reads 1.0 — silence is
// "flat", which is why the pad miner's flatness gate also keeps pads out of silences.

#include <vector>

#include "afterglow/analysis/stft.h"

namespace afterglow::analysis {

inline constexpr float kFlatnessFloor = 1e-10f;

// The flatness of one power spectrum (exposed for tests and for callers outside an STFT pass).
float spectral_flatness(std::span<const float> power);

class SpectralFlatness final : public FrameConsumer {
 public:
  void begin(const StftLayout& layout) override;
  void consume(const StftFrame& frame) override;

  const std::vector<float>& values() const { return values_; }
  std::vector<float> take() { return std::move(values_); }

 private:
  std::vector<float> values_;
};

}  // namespace afterglow::analysis
