#include "afterglow/engine/mixer_channel.h"

#include <algorithm>

namespace afterglow::engine {

void MixerChannel::prepare(double sample_rate, double level_ms, double mute_ms, double material_fade_ms) {
  level_.prepare(sample_rate, level_ms);
  pan_.prepare(sample_rate, level_ms);
  mute_.prepare(sample_rate, mute_ms);
  material_.prepare(sample_rate, material_fade_ms);
  material_fade_frames_ = static_cast<std::size_t>(std::lround(material_fade_ms * 0.001 * sample_rate));
}

void MixerChannel::reset(float level, float pan, bool mute, bool has_material) {
  level_.reset(level);
  pan_.reset(pan);
  mute_.reset(mute ? 0.0 : 1.0);
  material_.reset(has_material ? 1.0 : 0.0);
  update_pan_gains(pan);
}

float MixerChannel::mix(StereoBlock in, StereoBlock out, std::size_t offset, std::size_t count) noexcept {
  float peak = 0.0f;
  const bool still = level_.settled() && pan_.settled() && mute_.settled() && material_.settled();
  if (still) {
    if (pan_for_ != pan_.value()) update_pan_gains(pan_.value());
    const double g = level_.value() * mute_.value() * material_.value();
    const auto gl = static_cast<float>(g * pan_left_);
    const auto gr = static_cast<float>(g * pan_right_);
    if (gl == 0.0f && gr == 0.0f) return 0.0f;
    for (std::size_t i = offset; i < offset + count; ++i) {
      const float l = in.left[i] * gl;
      const float r = in.right[i] * gr;
      out.left[i] += l;
      out.right[i] += r;
      peak = std::max(peak, std::max(std::fabs(l), std::fabs(r)));
    }
    return peak;
  }
  for (std::size_t i = offset; i < offset + count; ++i) {
    const double g = level_.next() * mute_.next() * material_.next();
    const double p = pan_.next();
    if (p != pan_for_) update_pan_gains(p);
    // The same float gains as the settled path, so where a block boundary falls cannot change a bit.
    const float l = in.left[i] * static_cast<float>(g * pan_left_);
    const float r = in.right[i] * static_cast<float>(g * pan_right_);
    out.left[i] += l;
    out.right[i] += r;
    peak = std::max(peak, std::max(std::fabs(l), std::fabs(r)));
  }
  return peak;
}

}  // namespace afterglow::engine
