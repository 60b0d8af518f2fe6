#pragma once
// matplotlib's "magma" colour map, the one the original's spectrograms used: perceptually uniform (equal
// steps in level look like equal steps in brightness) and readable in grey, so quiet detail stays
// visible on a dark page. Computed in code from a degree-6 polynomial fit per channel (Matt Zucker's
// public-domain fit of the matplotlib table, within about 5/255 of it) rather than a 256-entry table.

#include <array>
#include <cstdint>

namespace afterglow::render {

// t in [0, 1] (clamped; NaN is 0): black-purple at 0, through red-orange, to pale yellow at 1.
std::array<std::uint8_t, 3> magma(double t);

}  // namespace afterglow::render
