#pragma once
// A forward real FFT of fixed size (kissfft's kiss_fftr underneath). The plan and its scratch are
// allocated once at construction, so a transform per STFT frame costs no allocation. Scaling is the
// unnormalised forward transform (X_k = sum x_n e^{-2 pi i k n / N}), as numpy and librosa use, so
// magnitudes and powers compare directly with the reference tool's.

#include <complex>
#include <cstddef>
#include <span>

struct kiss_fftr_state;

namespace afterglow::analysis {

class RealFft {
 public:
  // `size` must be even and >= 2 (kiss_fftr's requirement); anything else throws std::invalid_argument,
  // since a bad size is a programming error, not user input.
  explicit RealFft(std::size_t size);
  ~RealFft();
  RealFft(RealFft&& other) noexcept;
  RealFft& operator=(RealFft&& other) noexcept;
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;

  std::size_t size() const { return size_; }
  std::size_t bins() const { return size_ / 2 + 1; }

  // input.size() == size(), output.size() == bins(); other sizes throw std::invalid_argument.
  void forward(std::span<const float> input, std::span<std::complex<float>> output) const;

 private:
  std::size_t size_ = 0;
  kiss_fftr_state* plan_ = nullptr;
};

}  // namespace afterglow::analysis
