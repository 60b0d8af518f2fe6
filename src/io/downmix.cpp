#include "afterglow/io/downmix.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace afterglow::io {

Result<DownmixMethod> parse_downmix_method(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "average") return DownmixMethod::kAverage;
  if (lower == "sum") return DownmixMethod::kSum;
  if (lower == "left") return DownmixMethod::kLeft;
  if (lower == "right") return DownmixMethod::kRight;
  return Error(ErrorKind::kInvalidValue,
               fmt::format("Unknown stereo conversion method '{}': use average, sum, left or right", name),
               {{"method", std::string(name)}});
}

std::string_view to_string(DownmixMethod method) {
  switch (method) {
    case DownmixMethod::kAverage:
      return "average";
    case DownmixMethod::kSum:
      return "sum";
    case DownmixMethod::kLeft:
      return "left";
    case DownmixMethod::kRight:
      return "right";
  }
  return "average";
}

std::vector<float> downmix(const AudioBuffer& audio, DownmixMethod method) {
  if (audio.channels.empty()) return {};
  if (audio.channel_count() == 1) return audio.channels[0];
  const auto& left = audio.channels[0];
  const auto& right = audio.channels[1];
  switch (method) {
    case DownmixMethod::kLeft:
      return left;
    case DownmixMethod::kRight:
      return right;
    case DownmixMethod::kAverage:
    case DownmixMethod::kSum:
      break;
  }
  const double scale = method == DownmixMethod::kSum ? 1.0 / std::sqrt(2.0) : 0.5;
  std::vector<float> mono(audio.frames());
  for (std::size_t i = 0; i < mono.size(); ++i) {
    mono[i] = static_cast<float>((static_cast<double>(left[i]) + static_cast<double>(right[i])) * scale);
  }
  return mono;
}

}  // namespace afterglow::io
