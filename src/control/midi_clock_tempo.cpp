#include "afterglow/control/midi_clock_tempo.h"

namespace afterglow::control {

void MidiClockTempo::tick(double time) noexcept {
  if (count_ > 0 && (time - last_ > kMaxGap || time <= last_)) {
    count_ = 0;  // the clock paused or jumped: a new estimate (the last tempo stays until then)
    next_ = 0;
  }
  last_ = time;
  times_[next_] = time;
  next_ = (next_ + 1) % kWindow;
  if (count_ < kWindow) ++count_;
  if (running_) ++position_;
  if (count_ >= kMinTicks) estimate();
}

void MidiClockTempo::estimate() noexcept {
  // Least squares of time against tick number; times relative to the oldest keep the sums precise.
  const std::size_t n = count_;
  const std::size_t oldest = (next_ + kWindow - n) % kWindow;
  const double origin = times_[oldest];
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i);
    const double y = times_[(oldest + i) % kWindow] - origin;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const double dn = static_cast<double>(n);
  const double seconds_per_tick = (dn * sxy - sx * sy) / (dn * sxx - sx * sx);
  if (seconds_per_tick > 0.0) bpm_ = 60.0 / (seconds_per_tick * kTicksPerBeat);
}

void MidiClockTempo::start() noexcept {
  running_ = true;
  position_ = 0;
}

void MidiClockTempo::stop() noexcept {
  running_ = false;
}

void MidiClockTempo::resume() noexcept {
  running_ = true;
}

}  // namespace afterglow::control
