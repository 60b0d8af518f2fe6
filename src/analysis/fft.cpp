#include "afterglow/analysis/fft.h"

#include <kiss_fftr.h>

#include <stdexcept>
#include <utility>

namespace afterglow::analysis {

// std::complex<float> is specified to be layout-compatible with float[2], and kiss_fft_cpx is
// {float r; float i;}: the output span can be handed to kissfft without a copy.
static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<float>), "kiss_fft_scalar must be float");

RealFft::RealFft(std::size_t size) : size_(size) {
  if (size < 2 || size % 2 != 0) throw std::invalid_argument("RealFft: size must be even and at least 2");
  plan_ = kiss_fftr_alloc(static_cast<int>(size), 0, nullptr, nullptr);
  if (plan_ == nullptr) throw std::bad_alloc();
}

RealFft::~RealFft() {
  if (plan_ != nullptr) kiss_fftr_free(plan_);
}

RealFft::RealFft(RealFft&& other) noexcept
    : size_(std::exchange(other.size_, 0)), plan_(std::exchange(other.plan_, nullptr)) {}

RealFft& RealFft::operator=(RealFft&& other) noexcept {
  if (this != &other) {
    if (plan_ != nullptr) kiss_fftr_free(plan_);
    size_ = std::exchange(other.size_, 0);
    plan_ = std::exchange(other.plan_, nullptr);
  }
  return *this;
}

void RealFft::forward(std::span<const float> input, std::span<std::complex<float>> output) const {
  if (plan_ == nullptr || input.size() != size_ || output.size() != bins()) {
    throw std::invalid_argument("RealFft::forward: span sizes do not match the transform size");
  }
  kiss_fftr(plan_, input.data(), reinterpret_cast<kiss_fft_cpx*>(output.data()));
}

}  // namespace afterglow::analysis
