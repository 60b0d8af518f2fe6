#include "afterglow/dsp/noise.h"

#include <cmath>
#include <numbers>

namespace afterglow::dsp {

float WhiteNoise::gaussian() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // u1 in (0, 1] so the logarithm is finite; u2 in [0, 1).
  const double u1 = 1.0 - random_.uniform();
  const double u2 = random_.uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  spare_ = static_cast<float>(radius * std::sin(angle));
  has_spare_ = true;
  return static_cast<float>(radius * std::cos(angle));
}

}  // namespace afterglow::dsp
