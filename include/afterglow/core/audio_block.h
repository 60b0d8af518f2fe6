#pragma once
// The shape audio takes on the audio path: a stereo block of caller-owned, non-interleaved float
// buffers. Nothing here allocates; a block is a view.

#include <cstddef>
#include <span>

namespace afterglow {

struct StereoBlock {
  std::span<float> left;
  std::span<float> right;

  std::size_t frames() const { return left.size(); }

  // Frames [offset, offset + count) of this block.
  StereoBlock slice(std::size_t offset, std::size_t count) const {
    return {left.subspan(offset, count), right.subspan(offset, count)};
  }

  void clear() const {
    for (float& s : left) s = 0.0f;
    for (float& s : right) s = 0.0f;
  }
};

}  // namespace afterglow
