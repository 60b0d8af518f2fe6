#include "afterglow/control/midi_takeover.h"

#include <algorithm>
#include <cmath>

namespace afterglow::control {

std::optional<double> MidiTakeover::move(double control, double current, bool foreign) noexcept {
  control = std::clamp(control, 0.0, 1.0);
  current = std::clamp(current, 0.0, 1.0);
  if (foreign) engaged_ = false;
  const double previous = previous_;
  const bool had_previous = has_previous_;
  previous_ = control;
  has_previous_ = true;

  if (mode_ == config::Takeover::kJump || engaged_) {
    engaged_ = true;
    return control;
  }
  // At the value, or on the other side of it than the last message: the knob has caught it.
  const bool at = std::abs(control - current) <= tolerance_;
  // A knob that was resting on the value (the value moved under it, or float rounding) also counts.
  const bool crossed = had_previous && (std::abs(previous - current) <= tolerance_ ||
                                        (previous - current) * (control - current) <= 0.0);
  if (at || crossed) {
    engaged_ = true;
    return control;
  }
  if (mode_ == config::Takeover::kPickup || !had_previous) return std::nullopt;

  // Scale: move the parameter by the share of the knob's remaining travel this step used.
  double next = current;
  if (control > previous) {
    next = current + (control - previous) * (1.0 - current) / (1.0 - previous);
  } else if (control < previous) {
    next = current - (previous - control) * current / previous;
  }
  return std::clamp(next, 0.0, 1.0);
}

}  // namespace afterglow::control
