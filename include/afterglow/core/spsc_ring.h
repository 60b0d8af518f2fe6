#pragma once
// A single-producer single-consumer ring of plain values, written and read in runs (audio frames
// from the audio thread to a disk writer). Wait-free on both sides: the producer never blocks — when
// the ring is full it writes what fits and says how much. Capacity is fixed at construction.
//
// The positions are running totals (never wrapped), so "everything written up to position p" is a
// well-defined point that markers sent on another queue can name.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace afterglow {

template <typename T>
class SpscRing {
 public:
  explicit SpscRing(std::size_t capacity) : buffer_(std::max<std::size_t>(1, capacity)) {}

  std::size_t capacity() const { return buffer_.size(); }

  // Producer. Writes as much of `values` as fits; returns the count written.
  std::size_t write(std::span<const T> values) noexcept {
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    const std::uint64_t tail = tail_.load(std::memory_order_acquire);
    const std::size_t room = buffer_.size() - static_cast<std::size_t>(head - tail);
    const std::size_t n = std::min(room, values.size());
    copy_in(head, values.first(n));
    head_.store(head + n, std::memory_order_release);
    return n;
  }
  // Producer: how many values fit now (more may fit later, never fewer).
  std::size_t room() const noexcept {
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    return buffer_.size() - static_cast<std::size_t>(head - tail_.load(std::memory_order_acquire));
  }
  // Producer: the running total written so far.
  std::uint64_t written() const noexcept { return head_.load(std::memory_order_relaxed); }

  // Consumer. The running totals: everything below readable_end() may be read.
  std::uint64_t read_position() const noexcept { return tail_.load(std::memory_order_relaxed); }
  std::uint64_t readable_end() const noexcept { return head_.load(std::memory_order_acquire); }
  // Copies up to out.size() values, never past `until` (a running total); returns the count.
  std::size_t read(std::span<T> out, std::uint64_t until) noexcept {
    const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    const std::uint64_t end = std::min(until, head_.load(std::memory_order_acquire));
    const std::size_t n = end > tail ? std::min(out.size(), static_cast<std::size_t>(end - tail)) : 0;
    const std::size_t at = static_cast<std::size_t>(tail % buffer_.size());
    const std::size_t first = std::min(n, buffer_.size() - at);
    std::copy_n(buffer_.begin() + static_cast<std::ptrdiff_t>(at), first, out.begin());
    std::copy_n(buffer_.begin(), n - first, out.begin() + static_cast<std::ptrdiff_t>(first));
    tail_.store(tail + n, std::memory_order_release);
    return n;
  }

 private:
  void copy_in(std::uint64_t head, std::span<const T> values) noexcept {
    const std::size_t at = static_cast<std::size_t>(head % buffer_.size());
    const std::size_t first = std::min(values.size(), buffer_.size() - at);
    std::copy_n(values.begin(), first, buffer_.begin() + static_cast<std::ptrdiff_t>(at));
    std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(first), values.size() - first, buffer_.begin());
  }

  std::vector<T> buffer_;
  alignas(64) std::atomic<std::uint64_t> head_{0};
  alignas(64) std::atomic<std::uint64_t> tail_{0};
};

}  // namespace afterglow
