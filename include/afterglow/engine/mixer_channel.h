#pragma once
// One layer's strip on the mixer: fader, pan, mute and the material fade, each smoothed per sample so
// no control change clicks, and each change taking effect at the exact frame its command names. Also
// the master strip's fader. Realtime safe, no heap.

#include <cmath>
#include <cstddef>
#include <numbers>

#include "afterglow/core/audio_block.h"
#include "afterglow/dsp/smoother.h"

namespace afterglow::engine {

class MixerChannel {
 public:
  void prepare(double sample_rate, double level_ms, double mute_ms, double material_fade_ms);
  // Jumps every control (before the first block).
  void reset(float level, float pan, bool mute, bool has_material);

  void set_level(float level) { level_.set_target(level); }
  void set_pan(float pan) { pan_.set_target(pan); }
  void set_mute(bool mute) { mute_.set_target(mute ? 0.0 : 1.0); }
  // Fades the layer in (material arrived) or out (material withdrawn) over the material fade time.
  void fade_material(bool in) { material_.set_target(in ? 1.0 : 0.0, material_fade_frames_); }
  bool material_silent() const { return material_.settled() && material_.value() == 0.0; }

  // out += in · gains, for frames [offset, offset + count). Returns the peak written (max of L/R).
  float mix(StereoBlock in, StereoBlock out, std::size_t offset, std::size_t count) noexcept;

 private:
  // Equal-power pan scaled so the centre is unity: a centred layer passes at its fader level, a hard
  // pan moves it to one side at +3 dB there.
  void update_pan_gains(double pan) noexcept {
    const double theta = (pan + 1.0) * std::numbers::pi / 4.0;
    pan_left_ = std::numbers::sqrt2 * std::cos(theta);
    pan_right_ = std::numbers::sqrt2 * std::sin(theta);
    pan_for_ = pan;
  }

  dsp::OnePoleSmoother level_;
  dsp::OnePoleSmoother pan_;
  dsp::OnePoleSmoother mute_;
  dsp::LinearRamp material_;
  std::size_t material_fade_frames_ = 0;
  double pan_left_ = 1.0;
  double pan_right_ = 1.0;
  double pan_for_ = 0.0;
};

}  // namespace afterglow::engine
