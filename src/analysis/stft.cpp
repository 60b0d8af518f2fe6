#include "afterglow/analysis/stft.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace afterglow::analysis {

Status validate(const StftParams& params) {
  if (params.n_fft < 16 || params.n_fft % 2 != 0) {
    return Error(ErrorKind::kInvalidValue, "The FFT size must be an even number of at least 16 samples",
                 {{"n_fft", std::to_string(params.n_fft)}});
  }
  if (params.hop == 0) {
    return Error(ErrorKind::kInvalidValue, "The STFT hop must be at least one sample", {{"hop", "0"}});
  }
  return Ok{};
}

Result<Stft> Stft::create(StftParams params) {
  if (auto status = validate(params); !status) return status.error();
  return Stft(params);
}

Stft::Stft(StftParams params)
    : params_(params),
      fft_(params.n_fft),
      window_(params.n_fft),
      raw_(params.n_fft),
      windowed_(params.n_fft),
      spectrum_(params.n_fft / 2 + 1),
      magnitude_(params.n_fft / 2 + 1),
      power_(params.n_fft / 2 + 1) {
  // Periodic ("fftbins") Hann, as scipy.signal.get_window('hann', N) gives librosa.
  const double n = static_cast<double>(params.n_fft);
  for (std::size_t i = 0; i < params.n_fft; ++i) {
    window_[i] =
        static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / n));
  }
}

StftLayout Stft::layout(std::size_t length, double sample_rate) const {
  StftLayout l;
  l.sample_rate = sample_rate;
  l.n_fft = params_.n_fft;
  l.hop = params_.hop;
  l.bins = params_.n_fft / 2 + 1;
  l.frame_count = stft_frame_count(length, params_.hop);
  l.length = length;
  return l;
}

Status Stft::run(std::span<const float> mono, double sample_rate, std::span<FrameConsumer* const> consumers) {
  if (!(sample_rate > 0.0) || !std::isfinite(sample_rate)) {
    return Error(ErrorKind::kInvalidValue, "The sample rate must be a positive number",
                 {{"sample_rate", std::to_string(sample_rate)}});
  }
  const StftLayout l = layout(mono.size(), sample_rate);
  for (FrameConsumer* c : consumers) c->begin(l);

  const auto n_fft = static_cast<std::ptrdiff_t>(l.n_fft);
  const auto length = static_cast<std::ptrdiff_t>(mono.size());
  const std::ptrdiff_t half = n_fft / 2;
  for (std::size_t t = 0; t < l.frame_count; ++t) {
    // Frame t covers samples [hop*t - n_fft/2, hop*t + n_fft/2); the part outside the signal is the
    // centring pad, zeros (librosa 0.10's pad_mode="constant").
    const std::ptrdiff_t first = static_cast<std::ptrdiff_t>(t * l.hop) - half;
    const std::ptrdiff_t lo = std::clamp<std::ptrdiff_t>(first, 0, length);
    const std::ptrdiff_t hi = std::clamp<std::ptrdiff_t>(first + n_fft, 0, length);
    std::fill(raw_.begin(), raw_.end(), 0.0f);
    if (hi > lo) std::copy(mono.begin() + lo, mono.begin() + hi, raw_.begin() + (lo - first));

    for (std::size_t i = 0; i < l.n_fft; ++i) windowed_[i] = raw_[i] * window_[i];
    fft_.forward(windowed_, spectrum_);
    for (std::size_t k = 0; k < l.bins; ++k) {
      const float re = spectrum_[k].real();
      const float im = spectrum_[k].imag();
      const float p = re * re + im * im;
      power_[k] = p;
      magnitude_[k] = std::sqrt(p);
    }
    const StftFrame frame{t, raw_, magnitude_, power_};
    for (FrameConsumer* c : consumers) c->consume(frame);
  }
  for (FrameConsumer* c : consumers) c->finish();
  return Ok{};
}

}  // namespace afterglow::analysis
