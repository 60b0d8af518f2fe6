#include "afterglow/core/spsc_ring.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace afterglow {
namespace {

TEST(SpscRing, AFullRingWritesWhatFitsAndWrapsInOrder) {
  SpscRing<int> ring(8);
  const std::vector<int> a{1, 2, 3, 4, 5, 6};
  EXPECT_EQ(ring.write(a), 6u);
  std::vector<int> out(4);
  EXPECT_EQ(ring.read(out, ring.readable_end()), 4u);
  EXPECT_EQ(out, (std::vector<int>{1, 2, 3, 4}));
  const std::vector<int> b{7, 8, 9, 10, 11, 12, 13};
  EXPECT_EQ(ring.write(b), 6u) << "two left in the ring: room for six";
  EXPECT_EQ(ring.written(), 12u);
  std::vector<int> rest(16);
  EXPECT_EQ(ring.read(rest, ring.readable_end()), 8u);
  rest.resize(8);
  EXPECT_EQ(rest, (std::vector<int>{5, 6, 7, 8, 9, 10, 11, 12}));
}

TEST(SpscRing, ReadingStopsAtTheGivenPosition) {
  SpscRing<int> ring(8);
  const std::vector<int> a{1, 2, 3, 4, 5};
  ring.write(a);
  std::vector<int> out(8);
  EXPECT_EQ(ring.read(out, 3), 3u);
  EXPECT_EQ(ring.read_position(), 3u);
  EXPECT_EQ(ring.read(out, 3), 0u);
  EXPECT_EQ(ring.read(out, 100), 2u);
  EXPECT_EQ(out[0], 4);
}

TEST(SpscRing, TwoThreadsPassEveryValueInOrder) {
  SpscRing<std::uint32_t> ring(64);
  constexpr std::uint32_t kCount = 200000;
  std::thread producer([&] {
    std::uint32_t next = 0;
    std::uint32_t chunk[7];
    while (next < kCount) {
      std::uint32_t n = 0;
      for (; n < 7 && next + n < kCount; ++n) chunk[n] = next + n;
      next += static_cast<std::uint32_t>(ring.write(std::span<const std::uint32_t>(chunk, n)));
    }
  });
  std::uint32_t expected = 0;
  std::vector<std::uint32_t> out(13);
  while (expected < kCount) {
    const std::size_t n = ring.read(out, ring.readable_end());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(out[i], expected++);
  }
  producer.join();
}

}  // namespace
}  // namespace afterglow
