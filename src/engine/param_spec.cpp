#include "afterglow/engine/param_spec.h"

#include <algorithm>
#include <cmath>

namespace afterglow::engine {

std::string_view to_string(ParamCurve curve) {
  switch (curve) {
    case ParamCurve::kLinear:
      return "linear";
    case ParamCurve::kLog:
      return "log";
    case ParamCurve::kExp:
      return "exp";
  }
  return "linear";
}

std::string_view to_string(ParamKind kind) {
  switch (kind) {
    case ParamKind::kContinuous:
      return "float";
    case ParamKind::kInteger:
      return "int";
    case ParamKind::kBool:
      return "bool";
  }
  return "float";
}

double ParamSpec::to_normalised(double natural) const noexcept {
  if (!std::isfinite(natural) || max <= min) return 0.0;
  const double lo = min;
  const double hi = max;
  const double v = std::clamp(natural, lo, hi);
  switch (curve) {
    case ParamCurve::kLog:
      if (lo > 0.0) return std::log(v / lo) / std::log(hi / lo);
      break;
    case ParamCurve::kExp:
      return std::cbrt((v - lo) / (hi - lo));
    case ParamCurve::kLinear:
      break;
  }
  return (v - lo) / (hi - lo);
}

double ParamSpec::from_normalised(double normalised) const noexcept {
  const double n = std::isfinite(normalised) ? std::clamp(normalised, 0.0, 1.0) : 0.0;
  const double lo = min;
  const double hi = max;
  double v = lo + (hi - lo) * n;
  if (curve == ParamCurve::kLog && lo > 0.0) v = lo * std::pow(hi / lo, n);
  if (curve == ParamCurve::kExp) v = lo + (hi - lo) * n * n * n;
  if (kind != ParamKind::kContinuous) v = std::round(v);
  return std::clamp(v, lo, hi);
}

bool ParamSpec::clamp(float& value) const noexcept {
  if (!std::isfinite(value)) return false;
  float v = std::clamp(value, min, max);
  if (kind != ParamKind::kContinuous) v = std::round(v);
  value = v;
  return true;
}

}  // namespace afterglow::engine
