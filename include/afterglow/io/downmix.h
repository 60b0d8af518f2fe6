#pragma once
// Stereo to mono as the original's ensure_mono (reference §2.7). Analysis runs on mono; which fold is
// used changes levels (sum/sqrt2 keeps the power of uncorrelated channels, average keeps the amplitude
// of identical ones), so the method is explicit.

#include <string_view>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/io/audio_buffer.h"

namespace afterglow::io {

enum class DownmixMethod {
  kAverage,  // (L+R)/2, the original's default
  kSum,      // (L+R)/sqrt(2)
  kLeft,
  kRight,
};

// "average", "sum", "left", "right" (case-insensitive); anything else is kInvalidValue with
// "Unknown stereo conversion method".
Result<DownmixMethod> parse_downmix_method(std::string_view name);
std::string_view to_string(DownmixMethod method);

// One mono channel. Mono input comes back unchanged whatever the method; an empty buffer gives an empty
// vector.
std::vector<float> downmix(const AudioBuffer& audio, DownmixMethod method = DownmixMethod::kAverage);

}  // namespace afterglow::io
