#pragma once
// Commands drained from the queues but not yet due: a preallocated buffer kept sorted by frame time
// (ties keep arrival order, so a producer's sequence is preserved). Producers send in time order, so
// an insert is nearly always an append; a late arrival moves a few entries. Realtime safe.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "afterglow/engine/command.h"

namespace afterglow::engine {

class PendingCommands {
 public:
  void reserve(std::size_t capacity) {
    buffer_.assign(capacity, Command{});
    head_ = 0;
    size_ = 0;
  }
  std::size_t capacity() const noexcept { return buffer_.size(); }
  std::size_t size() const noexcept { return size_; }
  bool full() const noexcept { return size_ == buffer_.size(); }
  bool empty() const noexcept { return size_ == 0; }

  // False when full.
  bool push(const Command& c) noexcept {
    if (full()) return false;
    if (head_ + size_ == buffer_.size()) compact();
    std::size_t i = head_ + size_;
    while (i > head_ && buffer_[i - 1].frame_time > c.frame_time) {
      buffer_[i] = buffer_[i - 1];
      --i;
    }
    buffer_[i] = c;
    ++size_;
    return true;
  }
  const Command& front() const noexcept { return buffer_[head_]; }
  void pop() noexcept {
    ++head_;
    if (--size_ == 0) head_ = 0;
  }
  void clear() noexcept {
    head_ = 0;
    size_ = 0;
  }

 private:
  void compact() noexcept {
    for (std::size_t i = 0; i < size_; ++i) buffer_[i] = buffer_[head_ + i];
    head_ = 0;
  }

  std::vector<Command> buffer_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace afterglow::engine
