#include "afterglow/dsp/levels.h"

#include <cmath>

namespace afterglow::dsp {

double rms(std::span<const float> x) {
  if (x.empty()) return 0.0;
  double sum = 0.0;
  for (const float v : x) sum += static_cast<double>(v) * static_cast<double>(v);
  return std::sqrt(sum / static_cast<double>(x.size()));
}

double peak(std::span<const float> x) {
  double p = 0.0;
  for (const float v : x) p = std::fmax(p, std::fabs(static_cast<double>(v)));
  return p;
}

double lin_to_db(double v) {
  return v <= 0.0 ? kSilenceDb : 20.0 * std::log10(v);
}

double db_to_lin(double db) {
  return std::pow(10.0, db / 20.0);
}

double rms_db(std::span<const float> x) {
  return lin_to_db(rms(x));
}

}  // namespace afterglow::dsp
