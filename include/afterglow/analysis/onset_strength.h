#pragma once
// The standard onset-strength envelope (librosa.onset.onset_strength defaults, reference §2.8):
//   1. 128-band Slaney mel power spectrum of each frame;
//   2. dB: 10 log10(max(1e-10, P)), clamped from below at (file maximum - 80 dB);
//   3. flux: mean over bands of max(0, D[t] - D[t-1]);
//   4. 3 zero frames prepended (lag 1 + n_fft / (2 hop), librosa's centring compensation), truncated to
//      the frame count.
//
// Streaming and the 80 dB clamp: the clamp refers to the loudest mel value of the whole file, known
// only after the last frame, and it changes the flux wherever a band dips below it. To stay exactly
// equal to librosa, the consumer keeps each frame's 128 mel-dB values (4 x 128 bytes per frame: ~26 MB
// for ten minutes at hop 512, about a quarter of the mono audio) and computes the flux in finish(),
// after which that buffer is released. Only the envelope (one float per frame) is kept.

#include <vector>

#include "afterglow/analysis/mel_filterbank.h"
#include "afterglow/analysis/stft.h"

namespace afterglow::analysis {

struct OnsetStrengthParams {
  std::size_t n_mels = 128;
  float top_db = 80.0f;
  float amin = 1e-10f;
};

class OnsetStrength final : public FrameConsumer {
 public:
  explicit OnsetStrength(OnsetStrengthParams params = {}) : params_(params) {}

  void begin(const StftLayout& layout) override;
  void consume(const StftFrame& frame) override;
  void finish() override;

  // The envelope, one value per frame (valid after finish()).
  const std::vector<float>& envelope() const { return envelope_; }
  std::vector<float> take() { return std::move(envelope_); }

 private:
  OnsetStrengthParams params_;
  MelFilterbank filterbank_;
  double filterbank_rate_ = 0.0;
  std::size_t filterbank_fft_ = 0;
  std::size_t lag_frames_ = 0;
  std::vector<float> mel_;
  std::vector<float> mel_db_;  // frame-major, n_mels per frame; released in finish()
  float max_db_ = 0.0f;
  std::vector<float> envelope_;
};

}  // namespace afterglow::analysis
