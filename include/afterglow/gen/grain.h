#pragma once
// One grain of a cloud and the kernel that renders it. A grain is plain state (no pointers it owns, no
// virtuals): the Cloud keeps a fixed array of them and renders each one grain-major over contiguous
// frames, which is what lets the inner loop run as a handful of vector instructions per sample.
//
// Exactness, because output must not depend on how the host slices time into blocks (design §6):
//  - the read position is fixed point (Q.20 in samples of the level the grain reads), advanced by
//    integer additions only, so the position at the grain's n-th sample is exactly start + n·step
//    however the n samples were split;
//  - the window is piecewise quadratic over chunks of the grain's own time: each chunk's parabola goes
//    through the exact window at the chunk's start, middle and end (pure functions of the grain's
//    spawn-time parameters) and is evaluated as a + k·(b + k·c) with k the exact offset in the chunk.
//    Quadratic rather than linear because a chord's corners are steps in slope: on a 2 ms square edge
//    over low, pure material a linear chord's corners are audible ticks, a parabola's are not;
//  - a steal fade is (end − t)/length at absolute time t: causal, so a fade decided in a later block
//    never changes samples already rendered.
// Every lane of the vector kernel performs the same float operations in the same order as the scalar
// one, and neither uses FMA, so a render is byte-identical with or without AVX2.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace afterglow::gen {

// Fixed-point format of grain read positions: 20 fractional bits (a millionth of a sample).
inline constexpr int kGrainFracBits = 20;
inline constexpr std::int64_t kGrainFracOne = std::int64_t{1} << kGrainFracBits;
// Largest |step| in level samples per output sample the kernel accepts; the cloud's level rule keeps
// steps at or below about 2.12 (2× level at a semitone above unity), this is the headroom.
inline constexpr double kGrainMaxStep = 4.0;
// Frames the kernel renders between rebasing its 32-bit lane positions on the 64-bit phase; with
// |step| ≤ kGrainMaxStep the lanes stay within ±2^31 in Q.20.
inline constexpr std::size_t kGrainMaxRun = 256;

// The grain window, evaluated at the grain's breakpoints only. Shape 0 is a square, 0.5 a triangle,
// 1 a Hann (Mutable Instruments Clouds' morph); between those points the neighbours are blended.
// Every corner is rounded over an absolute minimum time (kMinEdgeMs): a "square" grain or a triangle's
// apex with a sharp corner is a step in slope, which on low, pure material is heard as a tick.
class GrainWindow {
 public:
  static constexpr double kSquareEdge = 0.04;  // the square's raised-cosine edges, as a fraction
  static constexpr double kMinEdgeMs = 2.0;    // ...but never shorter than this
  static constexpr int kTablePoints = 256;     // raised-cosine half period, kTablePoints + 1 values

  GrainWindow();

  // Per-grain constants for a grain of `length` samples (fractional) at `sample_rate`, shape in [0, 1].
  struct Shape {
    float square = 0.0f;  // blend weights
    float triangle = 0.0f;
    float hann = 1.0f;
    double edge = 0.25;  // square edge / triangle rounding, as a fraction of the grain (≤ 0.25)
  };
  static Shape shape(double shape, double length, double sample_rate);

  // The window at phase p (0 at both ends and outside [0, 1]).
  float at(const Shape& s, double phase) const noexcept;

 private:
  float raised_cosine(double x) const noexcept;  // 0.5 − 0.5·cos(πx), x in [0, 1]
  float table_[kTablePoints + 2] = {};
};

struct Grain {
  // What is read: the grain's level (left == right for mono material).
  const float* left = nullptr;
  const float* right = nullptr;
  std::int64_t phase = 0;  // Q.20 position of the next sample to render, in level samples
  std::int32_t step = 0;   // Q.20 signed increment per output sample (negative: reverse)
  bool stereo = false;

  // Equal-power pan and amplitude, fixed at spawn.
  float gain_left = 0.0f;
  float gain_right = 0.0f;

  // Absolute frames (the cloud's sample clock): first rendered sample, one past the last.
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  // A steal fade: a raised-cosine fall to 0 from fade_start to end. kNoFade while untouched.
  static constexpr std::uint64_t kNoFade = ~std::uint64_t{0};
  std::uint64_t fade_start = kNoFade;
  const float* fade_curve = nullptr;  // gains indexed by samples since fade_start (the owner's table)

  // Window: chunk m spans the grain's samples [m·chunk, (m+1)·chunk); a window phase is
  // (sample + offset)·scale, where offset is the sub-sample delay of the first rendered sample and
  // scale = 1 / length.
  const GrainWindow* window = nullptr;
  GrainWindow::Shape shape;
  double window_scale = 0.0;
  double window_offset = 0.0;
  std::uint32_t chunk_shift = 4;
  std::uint32_t rendered = 0;  // samples rendered so far
  static constexpr std::uint32_t kNoChunk = ~0u;
  std::uint32_t window_chunk = kNoChunk;  // chunk whose parabola is cached below
  float window_a = 0.0f;
  float window_b = 0.0f;
  float window_c = 0.0f;
  float window_end = 0.0f;  // the window at the chunk's end (the next chunk's start)

  bool fading() const { return fade_start != kNoFade; }
};

// Renders `count` samples of the grain, adding them into left/right at [0, count), and advances it.
// The caller guarantees the grain is sounding for all of them (count ≤ end − current time) and that
// every read stays inside its level (checked at spawn). Realtime safe.
using GrainRenderFn = void (*)(Grain& grain, std::uint64_t now, float* left, float* right,
                               std::size_t count) noexcept;

// Asks the cache for the material the grain reads over its next `count` samples. Thousands of grains
// each stream from their own place in megabytes of material, so without this the kernel waits on
// memory; issued a couple of grains ahead of rendering, the lines arrive in time.
inline void grain_prefetch(const Grain& g, std::size_t count) noexcept {
  const std::int64_t first = g.phase >> kGrainFracBits;
  const std::int64_t last = (g.phase + static_cast<std::int64_t>(count) * g.step) >> kGrainFracBits;
  const std::int64_t lo = (first < last ? first : last) - 1;
  const std::int64_t hi = (first < last ? last : first) + 2;
  for (std::int64_t i = lo; i <= hi; i += 16) {
    __builtin_prefetch(g.left + i);
    if (g.stereo) __builtin_prefetch(g.right + i);
  }
  __builtin_prefetch(g.left + hi);
  if (g.stereo) __builtin_prefetch(g.right + hi);
}

// The fastest kernel this CPU runs (AVX2 when available, portable scalar otherwise); both give
// identical output. `force_scalar` picks the portable one (tests compare the two).
GrainRenderFn grain_render_function(bool force_scalar = false) noexcept;

}  // namespace afterglow::gen
