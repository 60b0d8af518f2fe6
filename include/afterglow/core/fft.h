#pragma once
// A real FFT of fixed size, forward and inverse (kissfft's kiss_fftr underneath), shared by analysis and
// the dsp layer. The plans and their scratch are allocated once at construction, so a transform per
// frame costs no allocation and may run on the audio thread. Scaling: the forward transform is
// unnormalised (X_k = sum x_n e^{-2 pi i k n / N}), as numpy and librosa use, so magnitudes compare
// directly with the reference tool's; the inverse divides by N so that inverse(forward(x)) == x.
//
// A plan holds kissfft's scratch buffer, so one RealFft must not be used by two threads at once
// (hence the non-const transforms); give each thread its own.

#include <complex>
#include <cstddef>
#include <span>

struct kiss_fftr_state;

namespace afterglow {

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

  // input.size() == size(), output.size() == bins(); other sizes throw std::invalid_argument (checked
  // before any work, so a correct call never throws).
  void forward(std::span<const float> input, std::span<std::complex<float>> output);

  // The inverse of forward(): input.size() == bins(), output.size() == size(). The imaginary parts of
  // bin 0 and bin N/2 are ignored, as for any real signal's spectrum.
  void inverse(std::span<const std::complex<float>> input, std::span<float> output);

 private:
  std::size_t size_ = 0;
  kiss_fftr_state* forward_plan_ = nullptr;
  kiss_fftr_state* inverse_plan_ = nullptr;
};

}  // namespace afterglow
