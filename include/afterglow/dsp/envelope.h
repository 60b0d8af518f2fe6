#pragma once
// AR/ADSR envelopes for swells, grains' amplitude and flicker bursts. Each segment runs for exactly its
// time, from whatever level it starts at, and lands exactly on its target: "levels at known times" holds
// to the sample, and a gate at frame f of a block does the same thing whatever the block size.
//
// Continuity is the rule: a retrigger starts the attack from the current level and a release starts from
// the current level in any stage, so a gate never makes the level jump. (Equal-power crossfade curves are
// in crossfade.h.)
//
// Segment shapes:
//  - linear: a straight line from start to target;
//  - exponential: the "analog" RC shape, y = target + (start − target)·((1 + r)·e^{−ct} − r), which runs
//    fast at first and lands on the target at exactly t = T because it aims past it by r (the overshoot
//    ratio). r = kAttackOvershoot for attacks (a gently convex rise, as on analog synths), and
//    kDecayOvershoot for decays and releases (close to a true exponential; -30 dB at half the time).
// No heap, no locks; a handful of flops per sample.

#include <cstddef>
#include <cstdint>
#include <span>

namespace afterglow::dsp {

enum class SegmentCurve { kLinear, kExponential };

inline constexpr double kAttackOvershoot = 0.3;
inline constexpr double kDecayOvershoot = 0.001;

struct AdsrParams {
  double attack_s = 0.01;
  double decay_s = 0.1;
  double sustain = 1.0;  // level 0..1 held while the gate is on
  double release_s = 0.2;
  SegmentCurve attack_curve = SegmentCurve::kLinear;
  SegmentCurve decay_curve = SegmentCurve::kExponential;
  SegmentCurve release_curve = SegmentCurve::kExponential;
  // AR burst: the release starts as soon as the attack ends, whatever the gate does (flickers).
  bool one_shot = false;
};

// An AR envelope: attack to full level, held while the gate is on, then release.
inline AdsrParams ar_params(double attack_s, double release_s, SegmentCurve curve = SegmentCurve::kLinear) {
  return AdsrParams{attack_s, 0.0, 1.0, release_s, curve, curve, curve, false};
}

// A gate change at `frame` (offset inside the block handed to process()).
struct GateEvent {
  std::uint32_t frame = 0;
  bool on = true;
};

class Adsr {
 public:
  enum class Stage { kIdle, kAttack, kDecay, kSustain, kRelease };

  // A sustain-level change while sustaining glides over this time instead of stepping.
  static constexpr double kSustainGlideS = 0.005;

  void prepare(double sample_rate);
  // Takes effect for the next segment; a new sustain level while sustaining glides there.
  void set_params(const AdsrParams& params);
  void reset();  // idle at level 0

  void gate_on();   // attack from the current level (retrigger without a jump)
  void gate_off();  // release from the current level, in any stage

  float next() {
    if (stage_ == Stage::kIdle || stage_ == Stage::kSustain) return static_cast<float>(level_);
    return static_cast<float>(advance());
  }
  void process(std::span<float> out) {
    for (float& v : out) v = next();
  }
  // Sample-accurate gates: each event applies before the sample at its frame. Events must be sorted by
  // frame; frames at or past out.size() are applied after the block (the caller's scheduler normally
  // keeps them for the next block instead).
  void process(std::span<float> out, std::span<const GateEvent> events);

  Stage stage() const { return stage_; }
  double level() const { return level_; }
  bool active() const { return stage_ != Stage::kIdle; }

 private:
  void start_segment(Stage stage, double target, double seconds, SegmentCurve curve, double overshoot);
  double advance();
  void finish_segment();

  double sample_rate_ = 48000.0;
  AdsrParams params_{};
  Stage stage_ = Stage::kIdle;
  double level_ = 0.0;
  // The running segment.
  double start_ = 0.0;
  double target_ = 0.0;
  std::size_t length_ = 0;
  std::size_t position_ = 0;
  SegmentCurve curve_ = SegmentCurve::kLinear;
  double decay_ = 1.0;      // e^{−c} per sample (exponential)
  double shape_ = 1.0;      // (1 + r)·e^{−ct}, multiplied down per sample
  double overshoot_ = 0.0;  // r
};

}  // namespace afterglow::dsp
