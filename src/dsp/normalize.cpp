#include "afterglow/dsp/normalize.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/levels.h"

namespace afterglow::dsp {
namespace {

// Runs the checks of reference §2.2 in order over every channel and returns the common peak.
Result<double> checked_peak(std::span<const std::span<float>> channels) {
  std::size_t total = 0;
  for (const auto& c : channels) total += c.size();
  if (total == 0) return Error(ErrorKind::kInvalidValue, "Cannot normalize empty audio");
  for (const auto& c : channels) {
    if (std::any_of(c.begin(), c.end(), [](float v) { return std::isnan(v); })) {
      return Error(ErrorKind::kInvalidValue, "Cannot normalize audio that contains NaN values");
    }
  }
  for (const auto& c : channels) {
    if (std::any_of(c.begin(), c.end(), [](float v) { return std::isinf(v); })) {
      return Error(ErrorKind::kInvalidValue, "Cannot normalize audio that contains Inf values");
    }
  }
  double p = 0.0;
  double sum_sq = 0.0;
  for (const auto& c : channels) {
    p = std::max(p, peak(c));
    const double r = rms(c);
    sum_sq += r * r * static_cast<double>(c.size());
  }
  if (p < kSilencePeak) {
    const double level_db = lin_to_db(std::sqrt(sum_sq / static_cast<double>(total)));
    return Error(ErrorKind::kSilent,
                 "Cannot normalize silent audio: its peak is below the noise floor, so there is nothing "
                 "to bring up",
                 {{"peak", fmt::format("{:.3g}", p)}, {"rms_db", fmt::format("{:.1f}", level_db)}});
  }
  return p;
}

void apply_gain(std::span<float> x, double gain) {
  for (float& v : x) {
    v = static_cast<float>(std::clamp(static_cast<double>(v) * gain, -1.0, 1.0));
  }
}

}  // namespace

Status normalize_in_place(std::span<const std::span<float>> channels, double target_dbfs) {
  auto p = checked_peak(channels);
  if (!p) return p.error();
  const double gain = db_to_lin(target_dbfs) / *p;
  for (const auto& c : channels) apply_gain(c, gain);
  return Ok{};
}

Status normalize_in_place(std::span<float> x, double target_dbfs) {
  const std::span<float> one[] = {x};
  return normalize_in_place(std::span<const std::span<float>>(one), target_dbfs);
}

Result<std::vector<float>> normalize(std::span<const float> x, double target_dbfs) {
  std::vector<float> out(x.begin(), x.end());
  auto status = normalize_in_place(std::span<float>(out), target_dbfs);
  if (!status) return status.error();
  return out;
}

}  // namespace afterglow::dsp
