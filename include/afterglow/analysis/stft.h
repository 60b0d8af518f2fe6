#pragma once
// The streaming short-time Fourier transform every per-frame feature rides on. It walks a mono signal
// once, frame by frame, and hands each frame's magnitude and power spectrum to a list of consumers;
// only the current frame exists at any time, so the full complex STFT is never held in memory (an
// hour of audio would otherwise cost ~1 GB of spectra).
//
// Framing follows librosa 0.10 (reference §2.8) so thresholds carried over from afterglow configs mean
// the same here: periodic Hann window of n_fft, centred frames with n_fft/2 zeros of padding at both
// ends, frame count 1 + len/hop, frame t centred on sample hop*t, sample s belongs to frame s/hop.

#include <complex>
#include <cstddef>
#include <span>
#include <vector>

#include "afterglow/core/fft.h"
#include "afterglow/core/result.h"

namespace afterglow::analysis {

struct StftParams {
  std::size_t n_fft = 2048;  // even, >= 16
  std::size_t hop = 512;     // >= 1
};

// kInvalidValue naming the offending field when n_fft is odd or below 16, or hop is 0.
Status validate(const StftParams& params);

inline std::size_t stft_frame_count(std::size_t length, std::size_t hop) {
  return 1 + length / hop;
}

// What a consumer learns before the first frame, to size its storage once.
struct StftLayout {
  double sample_rate = 0.0;
  std::size_t n_fft = 0;
  std::size_t hop = 0;
  std::size_t bins = 0;         // n_fft/2 + 1
  std::size_t frame_count = 0;  // 1 + length/hop
  std::size_t length = 0;       // samples in the signal

  // Centre frequency of bin k in Hz: k * sample_rate / n_fft.
  double bin_hz(std::size_t k) const {
    return static_cast<double>(k) * sample_rate / static_cast<double>(n_fft);
  }
};

struct StftFrame {
  std::size_t index = 0;
  std::span<const float> samples;    // the n_fft raw (unwindowed) samples, zero outside the signal
  std::span<const float> magnitude;  // |X_k|, k = 0..n_fft/2
  std::span<const float> power;      // |X_k|^2
};

// One per-frame feature. begin() is called once before the first frame, consume() once per frame in
// order, finish() once after the last (where a feature that needs the whole file, such as the onset
// envelope's global dB ceiling, completes its work).
class FrameConsumer {
 public:
  virtual ~FrameConsumer() = default;
  virtual void begin(const StftLayout& layout) = 0;
  virtual void consume(const StftFrame& frame) = 0;
  virtual void finish() {}
};

class Stft {
 public:
  static Result<Stft> create(StftParams params = {});

  const StftParams& params() const { return params_; }
  StftLayout layout(std::size_t length, double sample_rate) const;

  // One pass over `mono`, feeding every consumer every frame. kInvalidValue when sample_rate <= 0 or
  // not finite. No allocation happens per frame.
  Status run(std::span<const float> mono, double sample_rate, std::span<FrameConsumer* const> consumers);

 private:
  explicit Stft(StftParams params);

  StftParams params_;
  RealFft fft_;
  std::vector<float> window_;
  std::vector<float> raw_;
  std::vector<float> windowed_;
  std::vector<std::complex<float>> spectrum_;
  std::vector<float> magnitude_;
  std::vector<float> power_;
};

}  // namespace afterglow::analysis
