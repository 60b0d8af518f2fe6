#include "afterglow/gen/event.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "afterglow/core/audio_block.h"

namespace afterglow::gen {
namespace {

std::string trace(std::size_t frames, std::vector<Event> events) {
  std::string out;
  for_each_segment(
      frames, events,
      [&](std::size_t offset, std::size_t count) {
        out += "r" + std::to_string(offset) + "+" + std::to_string(count) + " ";
      },
      [&](const Event& e) { out += "e" + std::to_string(e.frame) + " "; });
  return out;
}

TEST(ForEachSegment, SplitsTheBlockAtEveryEventInOrder) {
  EXPECT_EQ(trace(64, {}), "r0+64 ");
  EXPECT_EQ(trace(64, {Event::trigger(0), Event::trigger(10), Event::trigger(10), Event::trigger(63)}),
            "e0 r0+10 e10 e10 r10+53 e63 r63+1 ");
}

TEST(ForEachSegment, EventsPastTheEndApplyAfterTheLastFrame) {
  EXPECT_EQ(trace(16, {Event::trigger(40)}), "r0+16 e40 ");
}

TEST(StereoBlock, SliceViewsTheSameMemory) {
  std::vector<float> l(8, 0.0f), r(8, 0.0f);
  StereoBlock block{l, r};
  auto part = block.slice(2, 3);
  EXPECT_EQ(part.frames(), 3u);
  part.left[0] = 1.0f;
  part.right[2] = 2.0f;
  EXPECT_EQ(l[2], 1.0f);
  EXPECT_EQ(r[4], 2.0f);
  block.clear();
  EXPECT_EQ(l[2], 0.0f);
}

}  // namespace
}  // namespace afterglow::gen
