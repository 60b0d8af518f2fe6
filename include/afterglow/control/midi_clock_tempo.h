#pragma once
// MIDI clock (24 ticks per quarter note) → tempo, and the transport (start/stop/continue).
//
// Real clocks jitter by 2–4 ms per tick (field notes §5), which at 120 BPM (20.8 ms a tick) is 10–20 %
// per interval. The tempo is the slope of a least-squares line through the last kWindow tick times:
// unlike averaging intervals (which only sees the window's two ends), every tick pulls on the fit, so
// the jitter averages out as the window fills. Nothing is reported until kMinTicks have arrived. A gap
// longer than kMaxGap (the clock stopped, or below ~12 BPM) starts a new estimate, so a restarted
// clock at a new tempo is not averaged with the old one. Fixed-size state: realtime safe.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace afterglow::control {

class MidiClockTempo {
 public:
  static constexpr int kTicksPerBeat = 24;
  static constexpr std::size_t kWindow = 48;    // two beats
  static constexpr std::size_t kMinTicks = 24;  // one beat
  static constexpr double kMaxGap = 0.2;        // seconds

  // A clock tick (0xF8) at `time` seconds (any monotonic clock).
  void tick(double time) noexcept;
  void start() noexcept;   // 0xFA: from the top
  void stop() noexcept;    // 0xFC
  void resume() noexcept;  // 0xFB: continue

  std::optional<double> bpm() const noexcept { return bpm_; }
  bool running() const noexcept { return running_; }
  // Ticks since the last start (song position in 1/24 beats); stops counting while stopped.
  std::uint64_t position() const noexcept { return position_; }

 private:
  void estimate() noexcept;

  std::array<double, kWindow> times_{};
  std::size_t count_ = 0;  // ticks in the window
  std::size_t next_ = 0;   // ring write position
  double last_ = 0.0;
  std::optional<double> bpm_;
  bool running_ = false;
  std::uint64_t position_ = 0;
};

}  // namespace afterglow::control
