#include "afterglow/engine/command_queue.h"

namespace afterglow::engine {

bool CommandSender::send(const Command& command) noexcept {
  if (queue_ == nullptr) return false;
  if (queue_->queue.try_enqueue(command)) return true;
  queue_->dropped.fetch_add(1, std::memory_order_relaxed);
  return false;
}

std::uint64_t CommandSender::dropped() const noexcept {
  return queue_ == nullptr ? 0 : queue_->dropped.load(std::memory_order_relaxed);
}

CommandQueues::CommandQueues(std::size_t producers, std::size_t capacity) {
  for (std::size_t i = 0; i < producers; ++i)
    slots_.push_back(std::make_unique<CommandSender::Slot>(capacity));
}

CommandQueues::~CommandQueues() = default;

CommandSender CommandQueues::sender(std::size_t producer) {
  return CommandSender(slots_.at(producer).get());
}

std::uint64_t CommandQueues::dropped() const noexcept {
  std::uint64_t total = 0;
  for (const auto& slot : slots_) total += slot->dropped.load(std::memory_order_relaxed);
  return total;
}

}  // namespace afterglow::engine
