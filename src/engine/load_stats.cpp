#include "afterglow/engine/load_stats.h"

#include <algorithm>
#include <cmath>

namespace afterglow::engine {

void LoadHistogram::add(double load) {
  const auto bin = static_cast<std::size_t>(std::clamp(load * 1000.0, 0.0, static_cast<double>(kBins - 1)));
  ++bins_[bin];
  ++count_;
  sum_ += load;
  max_ = std::max(max_, load);
}

double LoadHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBins; ++i) {
    seen += bins_[i];
    if (seen >= rank) return static_cast<double>(i + 1) / 1000.0;  // the bin's upper edge
  }
  return max_;
}

RecentLoad::RecentLoad(double seconds, double sample_rate)
    : window_frames_(static_cast<std::uint64_t>(std::max(0.0, seconds) * sample_rate)) {
  // Room for the window at the smallest block a driver will call with (16 frames).
  ring_.resize(static_cast<std::size_t>(window_frames_ / 16 + 2));
}

void RecentLoad::add(double load, std::uint32_t frames) {
  if (ring_.empty()) return;
  const std::size_t tail = (head_ + ring_.size() - size_) % ring_.size();
  if (size_ == ring_.size()) {  // full: the oldest goes
    frames_ -= ring_[tail].frames;
    --size_;
  }
  ring_[head_] = {load, frames};
  head_ = (head_ + 1) % ring_.size();
  ++size_;
  frames_ += frames;
  // Drop the oldest while the rest still covers the window.
  while (size_ > 1) {
    const std::size_t oldest = (head_ + ring_.size() - size_) % ring_.size();
    if (frames_ - ring_[oldest].frames < window_frames_) break;
    frames_ -= ring_[oldest].frames;
    --size_;
  }
}

RecentLoad::Summary RecentLoad::summary() const {
  Summary s;
  s.blocks = size_;
  if (size_ == 0) return s;
  std::vector<double> loads;
  loads.reserve(size_);
  for (std::size_t k = 0; k < size_; ++k) loads.push_back(ring_[(head_ + ring_.size() - size_ + k) % ring_.size()].load);
  double sum = 0.0;
  for (const double l : loads) {
    sum += l;
    s.max = std::max(s.max, l);
  }
  s.mean = sum / static_cast<double>(loads.size());
  // The nearest-rank 99th percentile.
  const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(loads.size()))) - 1;
  std::nth_element(loads.begin(), loads.begin() + static_cast<std::ptrdiff_t>(rank), loads.end());
  s.p99 = loads[rank];
  return s;
}

}  // namespace afterglow::engine
