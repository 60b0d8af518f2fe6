#pragma once
// Sample-rate conversion to the engine rate with libsamplerate. Runs on worker threads at load time,
// never on the audio thread (converters allocate when created).

#include <cstddef>
#include <string_view>

#include "afterglow/core/result.h"
#include "afterglow/io/audio_buffer.h"

namespace afterglow::io {

enum class ResampleQuality {
  kSincBest,     // SRC_SINC_BEST_QUALITY: 97 dB SNR, 97% bandwidth; several times slower
  kSincMedium,   // SRC_SINC_MEDIUM_QUALITY: 97 dB SNR, 90% bandwidth
  kSincFastest,  // SRC_SINC_FASTEST: 97 dB SNR, 80% bandwidth
  kLinear,       // SRC_LINEAR: aliasing, for previews and tests only
};

// The default is the fastest band-limited (sinc) converter: it keeps loading a 10-minute stereo file
// well above 100x realtime on a 2-core machine (docs/performance.md), and the 20% of the band it rolls
// off lies above 17.6 kHz at 44.1 kHz, where archive material rarely carries anything the analysis uses.
inline constexpr ResampleQuality kDefaultResampleQuality = ResampleQuality::kSincFastest;

// "sinc_best", "sinc_medium", "sinc_fastest", "linear" (case-insensitive).
Result<ResampleQuality> parse_resample_quality(std::string_view name);
std::string_view to_string(ResampleQuality quality);

// Frames produced for `frames` input frames: ceil(frames * target / source) (reference §2.8).
std::size_t resampled_length(std::size_t frames, double source_rate, double target_rate);

// Converts every channel to `target_rate`. The result has exactly resampled_length() frames. The same
// rate returns a copy. Input is consumed in chunks straight from the buffer and written straight into
// the result, so memory beyond input and output stays a few hundred kilobytes. A stereo buffer goes
// through one two-channel converter (about half the CPU of two mono ones, docs/performance.md), so
// loading stays fast on a machine whose other core is busy. Errors: kInvalidValue for a rate that is
// not positive and finite or a ratio libsamplerate cannot do (beyond 1:256), kProcessing if the
// converter fails.
Result<AudioBuffer> resample(const AudioBuffer& audio, double target_rate,
                             ResampleQuality quality = kDefaultResampleQuality);

}  // namespace afterglow::io
