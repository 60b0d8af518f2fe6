#include "afterglow/engine/pending_commands.h"

#include <gtest/gtest.h>

#include "afterglow/core/random.h"

namespace afterglow::engine {
namespace {

TEST(PendingCommands, ComesOutByFrameThenArrivalOrder) {
  PendingCommands p;
  p.reserve(4096);
  Random rng(5);
  for (std::uint32_t i = 0; i < 4000; ++i) ASSERT_TRUE(p.push(Command::param(rng.below(300), i, 0.0f)));
  std::uint64_t last_frame = 0;
  std::int64_t last_arrival = -1;
  std::size_t n = 0;
  while (!p.empty()) {
    const Command c = p.front();
    p.pop();
    ASSERT_GE(c.frame_time, last_frame);
    if (c.frame_time == last_frame) {
      ASSERT_GT(static_cast<std::int64_t>(c.target), last_arrival) << "same frame: arrival order";
    }
    last_frame = c.frame_time;
    last_arrival = c.target;
    ++n;
  }
  EXPECT_EQ(n, 4000u);
}

TEST(PendingCommands, RefusesWhenFull) {
  PendingCommands p;
  p.reserve(3);
  EXPECT_TRUE(p.push(Command::param(3, 0, 0.0f)));
  EXPECT_TRUE(p.push(Command::param(1, 1, 0.0f)));
  EXPECT_TRUE(p.push(Command::param(2, 2, 0.0f)));
  EXPECT_FALSE(p.push(Command::param(0, 3, 0.0f)));
  EXPECT_EQ(p.front().target, 1u);
}

}  // namespace
}  // namespace afterglow::engine
