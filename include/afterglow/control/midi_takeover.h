#pragma once
// What a controller may do to a parameter it does not currently agree with (field notes §5):
//   jump   — the parameter follows the knob at once (a jump if they disagreed);
//   pickup — nothing happens until the knob reaches the parameter's value. A crossing *between two
//            messages* counts: a knob turned fast skips values, and waiting for an exact match would
//            leave it dead;
//   scale  — the parameter moves in the knob's direction, by the share of the remaining travel the
//            knob used, so both arrive at the end stop together and meet there at the latest.
// Positions are in the mapping's own 0–1 space (after invert, before its curve and range), so the
// same logic serves 7-bit and 14-bit controllers and every curve. Once the knob has the parameter it
// keeps it until someone else moves the parameter (`foreign`). Pure logic: realtime safe.

#include <optional>

#include "afterglow/config/live_sections.h"

namespace afterglow::control {

class MidiTakeover {
 public:
  // `tolerance`: how close counts as "at the value" on the first message (about one controller step).
  explicit MidiTakeover(config::Takeover mode = config::Takeover::kPickup, double tolerance = 1.0 / 127.0)
      : mode_(mode), tolerance_(tolerance) {}

  // The knob moved to `control`; the parameter sits at `current` (clamped to 0–1 here); `foreign`:
  // it was moved by something else since this knob last sent. Returns the position to send, if any.
  std::optional<double> move(double control, double current, bool foreign) noexcept;

  bool engaged() const noexcept { return engaged_; }
  // Forget the knob's last position (a port was reopened).
  void reset() noexcept {
    has_previous_ = false;
    engaged_ = false;
  }

 private:
  config::Takeover mode_;
  double tolerance_;
  double previous_ = 0.0;
  bool has_previous_ = false;
  bool engaged_ = false;
};

}  // namespace afterglow::control
