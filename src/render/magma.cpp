#include "afterglow/render/magma.h"

#include <algorithm>
#include <cmath>

namespace afterglow::render {
namespace {

// Coefficients c0..c6 of r, g and b as polynomials in t.
constexpr double kCoeff[3][7] = {
    {-0.002136485053939582, 0.2516605407371642, 8.353717279216625, -27.66873308576866, 52.17613981234068,
     -50.76852536473588, 18.65570506591883},
    {-0.000749655052795221, 0.6775232436837668, -3.577719514958484, 14.26473078096533, -27.94360607168351,
     29.04658282127291, -11.48977351997711},
    {-0.005386127855323933, 2.494026599312351, 0.3144679030132573, -13.64921318813922, 12.94416944238394,
     4.23415299384598, -5.601961508734096},
};

}  // namespace

std::array<std::uint8_t, 3> magma(double t) {
  if (!(t > 0.0)) t = 0.0;
  t = std::min(t, 1.0);
  std::array<std::uint8_t, 3> rgb{};
  for (int c = 0; c < 3; ++c) {
    double v = 0.0;
    for (int k = 6; k >= 0; --k) v = v * t + kCoeff[c][k];
    rgb[c] = static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
  }
  return rgb;
}

}  // namespace afterglow::render
