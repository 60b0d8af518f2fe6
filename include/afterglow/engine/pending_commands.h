#pragma once
// Commands drained from the queues but not yet due: a preallocated binary min-heap on (frame time,
// arrival number), so the earliest command comes first and commands for the same frame keep the order
// they arrived in (a producer's sequence is preserved). O(log n) per command whatever order producers
// send in: a burst of late or shuffled commands costs no more than an ordered one. Realtime safe.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "afterglow/engine/command.h"

namespace afterglow::engine {

class PendingCommands {
 public:
  // Allocates; not realtime.
  void reserve(std::size_t capacity) {
    heap_.assign(capacity, Entry{});
    size_ = 0;
    arrival_ = 0;
  }
  std::size_t capacity() const noexcept { return heap_.size(); }
  std::size_t size() const noexcept { return size_; }
  bool full() const noexcept { return size_ == heap_.size(); }
  bool empty() const noexcept { return size_ == 0; }

  // False when full.
  bool push(const Command& c) noexcept {
    if (full()) return false;
    std::size_t i = size_++;
    const Entry e{c, arrival_++};
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
    return true;
  }
  const Command& front() const noexcept { return heap_[0].command; }
  void pop() noexcept {
    const Entry last = heap_[--size_];
    std::size_t i = 0;
    for (;;) {
      const std::size_t left = 2 * i + 1;
      if (left >= size_) break;
      const std::size_t right = left + 1;
      const std::size_t child = right < size_ && before(heap_[right], heap_[left]) ? right : left;
      if (!before(heap_[child], last)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = last;
  }
  void clear() noexcept { size_ = 0; }

 private:
  struct Entry {
    Command command;
    std::uint64_t arrival = 0;
  };
  static bool before(const Entry& a, const Entry& b) noexcept {
    return a.command.frame_time != b.command.frame_time ? a.command.frame_time < b.command.frame_time
                                                        : a.arrival < b.arrival;
  }

  std::vector<Entry> heap_;
  std::size_t size_ = 0;
  std::uint64_t arrival_ = 0;
};

}  // namespace afterglow::engine
