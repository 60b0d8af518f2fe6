#include "afterglow/dsp/time_stretch.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include "afterglow/core/fft.h"
#include "afterglow/dsp/interpolation.h"

namespace afterglow::dsp {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kMaxSemitones = 72.0;

double wrap_phase(double phase) {
  return phase - kTwoPi * std::round(phase / kTwoPi);
}

Status validate(double factor, const PhaseVocoderOptions& options) {
  if (!std::isfinite(factor) || factor < kMinStretchFactor || factor > kMaxStretchFactor) {
    return Error(ErrorKind::kInvalidValue, "The stretch factor must be a number between 1/64 and 64",
                 {{"factor", std::to_string(factor)}});
  }
  if (options.fft_size < 16 || options.fft_size % 2 != 0 || options.hop == 0 ||
      options.hop > options.fft_size / 2) {
    return Error(ErrorKind::kInvalidValue,
                 "The phase vocoder needs an even FFT size >= 16 and a hop of 1..size/2",
                 {{"fft_size", std::to_string(options.fft_size)}, {"hop", std::to_string(options.hop)}});
  }
  return Ok{};
}

// Assigns every bin to a magnitude peak (a bin louder than its two neighbours on each side); bins
// between two peaks split at the quietest bin between them, where one partial's skirt meets the next.
void assign_regions(const std::vector<float>& magnitude, std::vector<std::size_t>& peaks,
                    std::vector<std::size_t>& owner) {
  const std::size_t bins = magnitude.size();
  peaks.clear();
  for (std::size_t k = 0; k < bins; ++k) {
    const float m = magnitude[k];
    bool peak = m > 0.0f;
    for (std::size_t d = 1; d <= 2 && peak; ++d) {
      if (k >= d && magnitude[k - d] >= m) peak = false;
      if (k + d < bins && magnitude[k + d] > m) peak = false;
    }
    if (peak) peaks.push_back(k);
  }
  if (peaks.empty()) {  // silence: every bin is its own peak
    for (std::size_t k = 0; k < bins; ++k) owner[k] = k;
    return;
  }
  std::size_t start = 0;
  for (std::size_t p = 0; p < peaks.size(); ++p) {
    std::size_t end = bins;  // exclusive
    if (p + 1 < peaks.size()) {
      end = peaks[p];
      for (std::size_t k = peaks[p]; k <= peaks[p + 1]; ++k) {
        if (magnitude[k] < magnitude[end]) end = k;
      }
      end = std::max(end, peaks[p] + 1);
    }
    for (std::size_t k = start; k < end; ++k) owner[k] = peaks[p];
    start = end;
  }
}

// Python's round(): half to even (the default floating-point rounding mode).
std::size_t round_half_even(double v) {
  return static_cast<std::size_t>(std::nearbyint(v));
}

Result<std::vector<float>> stretch_to(std::span<const float> x, double factor, std::size_t out_length,
                                      const PhaseVocoderOptions& options) {
  if (auto status = validate(factor, options); !status) return status.error();
  if (x.empty() || out_length == 0) return std::vector<float>(out_length, 0.0f);

  const std::size_t n = options.fft_size;
  const std::size_t half = n / 2;
  const std::size_t bins = half + 1;
  const double synthesis_hop = static_cast<double>(options.hop);
  const double analysis_hop = synthesis_hop / factor;

  std::vector<float> window(n);
  for (std::size_t i = 0; i < n; ++i) {
    window[i] =
        static_cast<float>(0.5 - 0.5 * std::cos(kTwoPi * static_cast<double>(i) / static_cast<double>(n)));
  }

  RealFft fft(n);
  std::vector<float> frame(n);
  std::vector<std::complex<float>> spectrum(bins);
  std::vector<float> magnitude(bins);
  std::vector<double> phase(bins);
  std::vector<double> previous_phase(bins, 0.0);
  std::vector<double> synth_phase(bins, 0.0);
  std::vector<std::size_t> peaks;
  std::vector<std::size_t> owner(bins);

  // Output frame m is centred on output sample m*hop; the buffers carry `half` samples of lead-in.
  const std::size_t frames = out_length / options.hop + 2;
  std::vector<double> out(frames * options.hop + n + half, 0.0);
  std::vector<double> norm(out.size(), 0.0);
  const auto length = static_cast<std::ptrdiff_t>(x.size());
  std::ptrdiff_t previous_start = 0;

  for (std::size_t m = 0; m < frames; ++m) {
    const std::ptrdiff_t centre = std::llround(static_cast<double>(m) * analysis_hop);
    const std::ptrdiff_t start = centre - static_cast<std::ptrdiff_t>(half);
    for (std::size_t i = 0; i < n; ++i) {
      const std::ptrdiff_t s = start + static_cast<std::ptrdiff_t>(i);
      frame[i] = s >= 0 && s < length ? x[static_cast<std::size_t>(s)] * window[i] : 0.0f;
    }
    fft.forward(frame, spectrum);
    for (std::size_t k = 0; k < bins; ++k) {
      magnitude[k] = std::abs(spectrum[k]);
      phase[k] = std::arg(spectrum[k]);
    }

    if (m == 0) {
      synth_phase = phase;
    } else {
      assign_regions(magnitude, peaks, owner);
      const auto advance = static_cast<double>(start - previous_start);
      // Peaks: phase advanced by the measured frequency over one synthesis hop.
      for (std::size_t p : peaks.empty() ? owner : peaks) {
        const double bin_frequency = kTwoPi * static_cast<double>(p) / static_cast<double>(n);
        double frequency = bin_frequency;
        if (advance > 0.0) {
          frequency += wrap_phase(phase[p] - previous_phase[p] - bin_frequency * advance) / advance;
        }
        synth_phase[p] = synth_phase[p] + synthesis_hop * frequency;
      }
      // Identity phase locking: the rest keep their phase relation to their peak.
      for (std::size_t k = 0; k < bins; ++k) {
        const std::size_t p = owner[k];
        if (p != k) synth_phase[k] = synth_phase[p] + (phase[k] - phase[p]);
      }
    }
    for (std::size_t k = 0; k < bins; ++k) {
      synth_phase[k] = wrap_phase(synth_phase[k]);
      spectrum[k] = std::polar(magnitude[k], static_cast<float>(synth_phase[k]));
    }
    previous_phase = phase;
    previous_start = start;

    fft.inverse(spectrum, frame);
    const std::size_t offset = m * options.hop;  // = (m*hop - half) + half lead-in
    for (std::size_t i = 0; i < n; ++i) {
      out[offset + i] += static_cast<double>(frame[i]) * window[i];
      norm[offset + i] += static_cast<double>(window[i]) * window[i];
    }
  }

  // Divide by the summed squared window; where it is tiny (never inside the output for hop <= n/2
  // apart from exact zeros of the window) leave the sample as it is.
  std::vector<float> y(out_length);
  for (std::size_t t = 0; t < out_length; ++t) {
    const double w = norm[t + half];
    y[t] = static_cast<float>(w > 1e-6 ? out[t + half] / w : out[t + half]);
  }
  return y;
}

}  // namespace

Result<std::vector<float>> stretch_by(std::span<const float> x, double factor,
                                      const PhaseVocoderOptions& options) {
  if (!std::isfinite(factor)) return validate(factor, options).error();
  return stretch_to(x, factor, round_half_even(static_cast<double>(x.size()) * factor), options);
}

Result<std::vector<float>> time_stretch(std::span<const float> x, double rate,
                                        const PhaseVocoderOptions& options) {
  if (!std::isfinite(rate) || rate <= 0.0) {
    return Error(ErrorKind::kInvalidValue, "The time-stretch rate must be a positive number",
                 {{"rate", std::to_string(rate)}});
  }
  return stretch_to(x, 1.0 / rate, round_half_even(static_cast<double>(x.size()) / rate), options);
}

Result<std::vector<float>> pitch_shift(std::span<const float> x, double semitones,
                                       const PhaseVocoderOptions& options) {
  if (!std::isfinite(semitones) || std::fabs(semitones) > kMaxSemitones) {
    return Error(ErrorKind::kInvalidValue, "A pitch shift must be a number of semitones within ±72",
                 {{"semitones", std::to_string(semitones)}});
  }
  const double ratio = std::exp2(semitones / 12.0);
  auto stretched = stretch_by(x, ratio, options);
  if (!stretched) return stretched.error();
  const std::vector<float>& y = stretched.value();
  SincReader::Options reader_options;
  reader_options.max_ratio = std::max(reader_options.max_ratio, ratio);
  const SincReader reader(reader_options);
  std::vector<float> out(x.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = reader.read(y, static_cast<double>(i) * ratio, ratio);
  return out;
}

}  // namespace afterglow::dsp
