#pragma once
// The block-size invariance check shared by the dsp tests: a stateful processor fed the same frames in
// blocks of 1, 64, 1000 and random sizes (1..1024) must produce bit-identical output (design §6: render
// at any block size gives the same file; live and offline use different block sizes).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "afterglow/core/random.h"

namespace afterglow::dsp::test_util {

// Block sizes covering `frames`: all `block` (the last one shorter), or random 1..1024 when block == 0.
inline std::vector<std::size_t> block_sizes(std::size_t frames, std::size_t block, std::uint64_t seed = 99) {
  std::vector<std::size_t> sizes;
  Random random(seed);
  for (std::size_t done = 0; done < frames;) {
    std::size_t n = block > 0 ? block : 1 + random.below(1024);
    n = std::min(n, frames - done);
    sizes.push_back(n);
    done += n;
  }
  return sizes;
}

// A fresh processor from make(), driven block by block: render(processor, start_frame, out) must fill
// `out` (count·channels interleaved samples) for frames [start_frame, start_frame + count).
template <typename Make, typename Render>
std::vector<float> render_in_blocks(Make make, Render render, std::size_t frames, std::size_t block,
                                    std::size_t channels = 1) {
  auto processor = make();
  std::vector<float> out(frames * channels, 0.0f);
  std::size_t start = 0;
  for (const std::size_t n : block_sizes(frames, block)) {
    render(processor, start, std::span<float>(out.data() + start * channels, n * channels));
    start += n;
  }
  return out;
}

template <typename Make, typename Render>
void expect_block_size_independent(Make make, Render render, std::size_t frames, std::size_t channels = 1) {
  const auto reference = render_in_blocks(make, render, frames, 1, channels);
  for (const std::size_t block : {std::size_t{64}, std::size_t{1000}, std::size_t{0}}) {
    const auto out = render_in_blocks(make, render, frames, block, channels);
    ASSERT_EQ(out.size(), reference.size());
    std::size_t mismatches = 0, first = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      // Bitwise: "identical", not "close".
      if (std::memcmp(&out[i], &reference[i], sizeof(float)) != 0 && mismatches++ == 0) first = i;
    }
    EXPECT_EQ(mismatches, 0u) << "block size " << (block == 0 ? "random" : std::to_string(block))
                              << ", first mismatch at sample " << first;
  }
}

// The largest |x[n] − x[n−1]|: the click measure of the modulation tests.
inline double max_step(std::span<const float> x, std::size_t from = 1) {
  double worst = 0.0;
  for (std::size_t n = std::max<std::size_t>(from, 1); n < x.size(); ++n) {
    worst = std::max(worst, std::fabs(static_cast<double>(x[n]) - x[n - 1]));
  }
  return worst;
}

}  // namespace afterglow::dsp::test_util
