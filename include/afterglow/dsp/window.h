#pragma once
// Windows for grains, fades and analysis, in two forms:
//  - fill functions that write a whole window (scipy.signal.windows conventions: `symmetric` is sym=True,
//    the filter-design form; `periodic` is sym=False, the form that overlap-adds to a constant);
//  - per-sample evaluators of a phase in [0, 1] for grains, whose lengths change with every grain, so
//    precomputing a window per length is not an option.
//
// The grain window morphs continuously, as on Mutable Instruments Clouds: shape 0 is a square with short
// raised-cosine edges, 0.5 a triangle, 1 a Hann; between those points the two neighbours are cross-faded.
// Every shape starts and ends at exactly 0, so a grain never starts or stops with a step.

#include <array>
#include <cstddef>
#include <span>

namespace afterglow::dsp {

enum class WindowSymmetry { kSymmetric, kPeriodic };

// The square window's edges: a raised-cosine ramp over this fraction of the window at each end. A
// "square" grain with a hard edge would click at every start and stop; 3 % keeps the body flat (94 %
// of the grain at full level) while a 20 ms grain still gets 0.6 ms ramps.
inline constexpr double kSquareEdgeFraction = 0.03;

// 0.5 − 0.5·cos(2πn/M'), M' = L−1 (symmetric) or L (periodic). Periodic is the original's Hann (§2.3).
void hann(std::span<float> out, WindowSymmetry symmetry = WindowSymmetry::kPeriodic);
// scipy's tukey(L, alpha): a flat top with cosine tapers over alpha/2 of the window at each end; alpha 0
// is rectangular, 1 is Hann.
void tukey(std::span<float> out, double alpha, WindowSymmetry symmetry = WindowSymmetry::kSymmetric);
// scipy's bartlett: a triangle that is 0 at both ends (symmetric) or 0 at the start with its peak at
// L/2 (periodic, which overlap-adds to 1 at a hop of L/2).
void triangle(std::span<float> out, WindowSymmetry symmetry = WindowSymmetry::kSymmetric);
// Flat at 1 with raised-cosine ramps over `edge_fraction` of the length at each end (at least one
// sample each side), 0 at both ends: see kSquareEdgeFraction.
void square(std::span<float> out, double edge_fraction = kSquareEdgeFraction);
// A Hann whose rise takes `attack_fraction` of the window and whose fall takes the rest (0.5 is the
// symmetric Hann; 0.1 a percussive grain; 0.9 a reversed-sounding swell).
void skewed_hann(std::span<float> out, double attack_fraction);

// Per-sample shapes of a phase p in [0, 1] (0 at both ends, 1 at the middle or plateau).
double hann_at(double phase);
double triangle_at(double phase);
double square_at(double phase, double edge_fraction = kSquareEdgeFraction);
// Maps p so that the peak falls at `attack_fraction`: any symmetric shape becomes asymmetric.
double skew_phase(double phase, double attack_fraction);

// The morphing grain window: three tables of kTableSize + 1 points (the extra point makes the linear
// interpolation at p = 1 read the end value, no wrap test). Built in the constructor (12 kB, no heap),
// so an owner builds it in prepare().
//
// A grain's shape and skew are fixed for its life, so the per-sample path is split: shape() resolves
// (shape, attack) once into a GrainWindow, and at() is then two table reads, two lerps and a blend —
// a few ns per grain-sample, inline.
class WindowMorph {
 public:
  static constexpr std::size_t kTableSize = 1024;

  struct GrainWindow {
    const float* from = nullptr;  // the two neighbouring pure shapes
    const float* to = nullptr;
    float mix = 0.0f;         // 0 = `from`, 1 = `to`
    float attack = 0.5f;      // phase of the peak
    float rise_scale = 0.0f;  // table positions per unit phase before / after the peak
    float fall_scale = 0.0f;
  };

  WindowMorph();

  // shape in [0, 1]: 0 square, 0.5 triangle, 1 Hann (clamped). attack_fraction 0.5 is symmetric.
  GrainWindow shape(double shape, double attack_fraction = 0.5) const;

  // The window at `phase` in [0, 1]; 0 outside (and for NaN).
  static float at(const GrainWindow& w, float phase) {
    constexpr float kHalf = 0.5f * static_cast<float>(kTableSize);
    constexpr float kLast = static_cast<float>(kTableSize);
    // Every shape is 0 at both ends; saying so exactly keeps rounding in the skew from leaving a
    // 1e-9 residue where a grain must start or stop at silence.
    if (!(phase > 0.0f && phase < 1.0f)) return 0.0f;
    float x = phase < w.attack ? phase * w.rise_scale : kHalf + (phase - w.attack) * w.fall_scale;
    x = x < 0.0f ? 0.0f : (x > kLast ? kLast : x);
    std::size_t i = static_cast<std::size_t>(x);
    if (i >= kTableSize) i = kTableSize - 1;
    const float f = x - static_cast<float>(i);
    const float a = w.from[i] + f * (w.from[i + 1] - w.from[i]);
    const float b = w.to[i] + f * (w.to[i + 1] - w.to[i]);
    return a + w.mix * (b - a);
  }

  // Convenience for one-off evaluations: shape() and at() in one call.
  float evaluate(double phase, double shape_value, double attack_fraction = 0.5) const {
    return at(shape(shape_value, attack_fraction), static_cast<float>(phase));
  }

 private:
  using Table = std::array<float, kTableSize + 1>;

  Table square_{};
  Table triangle_{};
  Table hann_{};
};

}  // namespace afterglow::dsp
