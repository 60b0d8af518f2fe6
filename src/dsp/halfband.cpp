#include "afterglow/dsp/halfband.h"

#include "afterglow/dsp/interpolation_kernel.h"

namespace afterglow::dsp {
namespace {

// In cycles per input sample: the band edges are 0.225 and 0.25; the -6 dB point sits between them.
constexpr double kCutoff = 0.2375;
constexpr double kDesignAttenuationDb = 70.0;

}  // namespace

HalfRateDecimator::HalfRateDecimator() : taps_(windowed_sinc_lowpass(kTaps, kCutoff, kDesignAttenuationDb)) {}

std::vector<float> HalfRateDecimator::process(std::span<const float> x) const {
  const std::size_t length = x.size();
  std::vector<float> y((length + 1) / 2);
  const auto centre = static_cast<std::ptrdiff_t>((kTaps - 1) / 2);
  const auto n = static_cast<std::ptrdiff_t>(length);
  for (std::size_t m = 0; m < y.size(); ++m) {
    const std::ptrdiff_t first = 2 * static_cast<std::ptrdiff_t>(m) - centre;
    double acc = 0.0;
    if (first >= 0 && first + static_cast<std::ptrdiff_t>(kTaps) <= n) {
      const float* s = x.data() + first;
      for (std::size_t k = 0; k < kTaps; ++k) acc += taps_[k] * s[k];
    } else {
      for (std::size_t k = 0; k < kTaps; ++k) {
        const std::ptrdiff_t i = first + static_cast<std::ptrdiff_t>(k);
        if (i >= 0 && i < n) acc += taps_[k] * x[static_cast<std::size_t>(i)];
      }
    }
    y[m] = static_cast<float>(acc);
  }
  return y;
}

std::vector<std::vector<float>> octave_copies(std::span<const float> x, std::size_t count) {
  const HalfRateDecimator decimator;
  std::vector<std::vector<float>> copies;
  std::span<const float> source = x;
  for (std::size_t k = 0; k < count && source.size() >= 4; ++k) {
    copies.push_back(decimator.process(source));
    source = copies.back();
  }
  return copies;
}

}  // namespace afterglow::dsp
