#pragma once
// Commands into the engine: one bounded, preallocated single-producer queue per control source (a
// moodycamel ReaderWriterQueue each), created before the stream starts. A producer holds a
// CommandSender for its own queue; sending never blocks and never allocates (try_enqueue only), and a
// full queue drops the command and counts it. The audio thread drains every queue in a fixed order.
//
// Per-producer queues rather than one MPMC queue: each source's commands stay in the order it sent
// them, and no producer can starve another by filling a shared queue.

#include <readerwriterqueue/readerwriterqueue.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "afterglow/engine/command.h"

namespace afterglow::engine {

class CommandQueues;

// The producer side of one queue: owned by one thread at a time.
class CommandSender {
 public:
  CommandSender() = default;
  // False (and counted) when the queue is full or the sender is unbound. Realtime safe.
  bool send(const Command& command) noexcept;
  bool valid() const noexcept { return queue_ != nullptr; }
  std::uint64_t dropped() const noexcept;

 private:
  friend class CommandQueues;
  struct Slot;
  explicit CommandSender(Slot* slot) : queue_(slot) {}
  Slot* queue_ = nullptr;
};

class CommandQueues {
 public:
  static constexpr std::size_t kDefaultCapacity = 16384;

  // Allocates `producers` queues of `capacity` commands each (not realtime).
  CommandQueues(std::size_t producers, std::size_t capacity = kDefaultCapacity);
  ~CommandQueues();
  CommandQueues(const CommandQueues&) = delete;
  CommandQueues& operator=(const CommandQueues&) = delete;

  std::size_t producers() const { return slots_.size(); }
  // The sender of queue `producer` (< producers()); hand each to exactly one thread.
  CommandSender sender(std::size_t producer);

  // Consumer side (the audio thread). Visits up to `limit` commands; `sink(const Command&)` returns
  // false to stop early (the command it refused stays at the front of its queue). Returns how many
  // were taken.
  template <typename Sink>
  std::size_t drain(std::size_t limit, Sink&& sink) noexcept;

  // Commands dropped because a queue was full, over all queues.
  std::uint64_t dropped() const noexcept;

 private:
  std::vector<std::unique_ptr<CommandSender::Slot>> slots_;
};

struct CommandSender::Slot {
  explicit Slot(std::size_t capacity) : queue(capacity) {}
  moodycamel::ReaderWriterQueue<Command> queue;
  std::atomic<std::uint64_t> dropped{0};
};

template <typename Sink>
std::size_t CommandQueues::drain(std::size_t limit, Sink&& sink) noexcept {
  std::size_t taken = 0;
  for (auto& slot : slots_) {
    while (taken < limit) {
      const Command* front = slot->queue.peek();
      if (front == nullptr) break;
      if (!sink(*front)) return taken;
      slot->queue.pop();
      ++taken;
    }
  }
  return taken;
}

}  // namespace afterglow::engine
