#pragma once
// DSP load statistics on the control side, from the engine's per-block telemetry (load = time in
// process() / block period). Two views: the whole run in fixed memory (a 0.1 % histogram, for the
// summary), and the last few seconds (for the status line: what the performer needs to know now).

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace afterglow::engine {

// The whole run: mean, max and quantiles at 0.1 % resolution up to 200 %.
class LoadHistogram {
 public:
  static constexpr std::size_t kBins = 2001;
  void add(double load);
  // The bin's upper edge at quantile q (0–1); 0 with no data.
  double quantile(double q) const;
  double mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }
  double max() const { return max_; }
  std::uint64_t count() const { return count_; }

 private:
  std::array<std::uint64_t, kBins> bins_{};
  std::uint64_t count_ = 0;
  double sum_ = 0.0;
  double max_ = 0.0;
};

// The blocks of the last `seconds` of audio: mean, p99 and max of their loads, exactly.
class RecentLoad {
 public:
  RecentLoad(double seconds, double sample_rate);
  void add(double load, std::uint32_t frames);
  struct Summary {
    double mean = 0.0;
    double p99 = 0.0;
    double max = 0.0;
    std::size_t blocks = 0;
  };
  Summary summary() const;

 private:
  struct Entry {
    double load;
    std::uint32_t frames;
  };
  std::vector<Entry> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::uint64_t window_frames_ = 0;
  std::uint64_t frames_ = 0;  // frames covered by the entries kept
};

}  // namespace afterglow::engine
