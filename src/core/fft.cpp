#include "afterglow/core/fft.h"

#include <kiss_fftr.h>

#include <new>
#include <stdexcept>
#include <utility>

namespace afterglow {

// std::complex<float> is specified to be layout-compatible with float[2], and kiss_fft_cpx is
// {float r; float i;}: spans can be handed to kissfft without a copy.
static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<float>), "kiss_fft_scalar must be float");

namespace {

void release(kiss_fftr_state*& plan) {
  if (plan != nullptr) kiss_fftr_free(plan);
  plan = nullptr;
}

}  // namespace

RealFft::RealFft(std::size_t size) : size_(size) {
  if (size < 2 || size % 2 != 0) throw std::invalid_argument("RealFft: size must be even and at least 2");
  forward_plan_ = kiss_fftr_alloc(static_cast<int>(size), 0, nullptr, nullptr);
  inverse_plan_ = kiss_fftr_alloc(static_cast<int>(size), 1, nullptr, nullptr);
  if (forward_plan_ == nullptr || inverse_plan_ == nullptr) {
    release(forward_plan_);
    release(inverse_plan_);
    throw std::bad_alloc();
  }
}

RealFft::~RealFft() {
  release(forward_plan_);
  release(inverse_plan_);
}

RealFft::RealFft(RealFft&& other) noexcept
    : size_(std::exchange(other.size_, 0)),
      forward_plan_(std::exchange(other.forward_plan_, nullptr)),
      inverse_plan_(std::exchange(other.inverse_plan_, nullptr)) {}

RealFft& RealFft::operator=(RealFft&& other) noexcept {
  if (this != &other) {
    release(forward_plan_);
    release(inverse_plan_);
    size_ = std::exchange(other.size_, 0);
    forward_plan_ = std::exchange(other.forward_plan_, nullptr);
    inverse_plan_ = std::exchange(other.inverse_plan_, nullptr);
  }
  return *this;
}

void RealFft::forward(std::span<const float> input, std::span<std::complex<float>> output) {
  if (forward_plan_ == nullptr || input.size() != size_ || output.size() != bins()) {
    throw std::invalid_argument("RealFft::forward: span sizes do not match the transform size");
  }
  kiss_fftr(forward_plan_, input.data(), reinterpret_cast<kiss_fft_cpx*>(output.data()));
}

void RealFft::inverse(std::span<const std::complex<float>> input, std::span<float> output) {
  if (inverse_plan_ == nullptr || input.size() != bins() || output.size() != size_) {
    throw std::invalid_argument("RealFft::inverse: span sizes do not match the transform size");
  }
  kiss_fftri(inverse_plan_, reinterpret_cast<const kiss_fft_cpx*>(input.data()), output.data());
  // kiss_fftri is unnormalised (it returns N·x); the 1/N here makes the pair an identity.
  const float scale = 1.0f / static_cast<float>(size_);
  for (float& v : output) v *= scale;
}

}  // namespace afterglow
