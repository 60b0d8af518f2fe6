#pragma once
// Decoded audio as the rest of the program sees it: planar float channels (1 or 2) at a known rate.
// Planar because every DSP and analysis loop walks one channel at a time.

#include <cstddef>
#include <vector>

namespace afterglow::io {

struct AudioBuffer {
  double sample_rate = 0.0;
  std::vector<std::vector<float>> channels;  // channels[c][frame]; all the same length

  AudioBuffer() = default;
  AudioBuffer(double rate, std::size_t channel_count, std::size_t frame_count)
      : sample_rate(rate), channels(channel_count, std::vector<float>(frame_count, 0.0f)) {}

  std::size_t channel_count() const { return channels.size(); }
  std::size_t frames() const { return channels.empty() ? 0 : channels.front().size(); }
  double duration_seconds() const {
    return sample_rate > 0.0 ? static_cast<double>(frames()) / sample_rate : 0.0;
  }
  bool empty() const { return frames() == 0; }
};

}  // namespace afterglow::io
