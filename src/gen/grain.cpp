#include "afterglow/gen/grain.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define AFTERGLOW_GRAIN_AVX2 1
#else
#define AFTERGLOW_GRAIN_AVX2 0
#endif

namespace afterglow::gen {

// ---------------------------------------------------------------------------------------------------
// Window

GrainWindow::GrainWindow() {
  for (int i = 0; i <= kTablePoints; ++i) {
    const double x = static_cast<double>(i) / kTablePoints;
    table_[i] = static_cast<float>(0.5 - 0.5 * std::cos(std::numbers::pi * x));
  }
  table_[kTablePoints + 1] = 1.0f;  // lets the lerp at x = 1 read past the end without a test
}

GrainWindow::Shape GrainWindow::shape(double shape, double length, double sample_rate) {
  Shape s;
  shape = std::clamp(shape, 0.0, 1.0);
  if (shape <= 0.5) {
    s.square = static_cast<float>(1.0 - 2.0 * shape);
    s.triangle = static_cast<float>(2.0 * shape);
    s.hann = 0.0f;
  } else {
    s.square = 0.0f;
    s.triangle = static_cast<float>(2.0 - 2.0 * shape);
    s.hann = static_cast<float>(2.0 * shape - 1.0);
  }
  const double min_edge = length > 0.0 ? kMinEdgeMs * 0.001 * sample_rate / length : 0.25;
  s.edge = std::clamp(std::max(kSquareEdge, min_edge), 1e-6, 0.25);
  return s;
}

float GrainWindow::raised_cosine(double x) const noexcept {
  const double pos = std::clamp(x, 0.0, 1.0) * kTablePoints;
  const auto i = static_cast<int>(pos);
  const auto f = static_cast<float>(pos - i);
  return table_[i] + f * (table_[i + 1] - table_[i]);
}

float GrainWindow::at(const Shape& s, double phase) const noexcept {
  if (!(phase > 0.0 && phase < 1.0)) return 0.0f;
  const double q = std::min(phase, 1.0 - phase);  // every shape is symmetric
  const double e = s.edge;
  float w = 0.0f;
  if (s.square != 0.0f) w += s.square * (q >= e ? 1.0f : raised_cosine(q / e));
  if (s.triangle != 0.0f) {
    // A triangle with parabolic feet and apex over `e` (continuous slope everywhere), peak 1.
    double t = 0.0;
    if (q < e) {
      t = q * q / (2.0 * e);
    } else if (q <= 0.5 - e) {
      t = q - 0.5 * e;
    } else {
      const double d = 0.5 - q;
      t = 0.5 - e - d * d / (2.0 * e);
    }
    w += s.triangle * static_cast<float>(t / (0.5 - e));
  }
  if (s.hann != 0.0f) w += s.hann * raised_cosine(2.0 * q);
  return w;
}

// ---------------------------------------------------------------------------------------------------
// Kernels

namespace {

constexpr std::int32_t kFracMask = static_cast<std::int32_t>(kGrainFracOne - 1);
constexpr float kFracScale = 1.0f / static_cast<float>(kGrainFracOne);

// What one run of a grain needs; the window is a + k·d with k counted from the chunk's start.
struct Run {
  const float* left;  // level pointer at the run's base index
  const float* right;
  std::int32_t lo;  // fraction of the base position (Q.20, in [0, 1))
  std::int32_t step;
  float window_a;  // w(k) = a + k·(b + k·c)
  float window_b;
  float window_c;
  std::int32_t k0;  // offset of the run's first sample inside its chunk
  float gain_left;
  float gain_right;
  const float* fade;  // fade gains from the run's first sample (Fade only)
};

// 4-point Catmull-Rom Hermite, written once so the scalar and vector forms share its operation order.
inline float hermite(float xm1, float x0, float x1, float x2, float f) {
  const float c1 = 0.5f * (x1 - xm1);
  const float c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
  const float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
  return ((c3 * f + c2) * f + c1) * f + x0;
}

template <bool Stereo, bool Fade>
inline void run_scalar(const Run& r, float* out_left, float* out_right, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    const std::int32_t local = r.lo + static_cast<std::int32_t>(i) * r.step;
    const std::int32_t idx = local >> kGrainFracBits;
    const float f = static_cast<float>(local & kFracMask) * kFracScale;
    const float* p = r.left + idx;
    const float k = static_cast<float>(r.k0 + static_cast<std::int32_t>(i));
    const float w = r.window_a + k * (r.window_b + k * r.window_c);
    float vl = hermite(p[-1], p[0], p[1], p[2], f) * w;
    if constexpr (Fade) vl = vl * r.fade[i];
    if constexpr (Stereo) {
      const float* q = r.right + idx;
      float vr = hermite(q[-1], q[0], q[1], q[2], f) * w;
      if constexpr (Fade) vr = vr * r.fade[i];
      out_left[i] = out_left[i] + vl * r.gain_left;
      out_right[i] = out_right[i] + vr * r.gain_right;
    } else {
      out_left[i] = out_left[i] + vl * r.gain_left;
      out_right[i] = out_right[i] + vl * r.gain_right;
    }
  }
}

template <bool Stereo, bool Fade>
void run_portable(const Run& r, float* out_left, float* out_right, std::size_t count) {
  run_scalar<Stereo, Fade>(r, out_left, out_right, 0, count);
}

#if AFTERGLOW_GRAIN_AVX2
// Eight lanes of the scalar loop. Only AVX2 is enabled (not FMA), so every multiply and add rounds
// exactly as the scalar code's do.
__attribute__((target("avx2"))) inline __m256 hermite8(__m256 xm1, __m256 x0, __m256 x1, __m256 x2,
                                                       __m256 f) {
  const __m256 half = _mm256_set1_ps(0.5f);
  const __m256 c1 = _mm256_mul_ps(half, _mm256_sub_ps(x1, xm1));
  __m256 c2 = _mm256_sub_ps(xm1, _mm256_mul_ps(_mm256_set1_ps(2.5f), x0));
  c2 = _mm256_add_ps(c2, _mm256_mul_ps(_mm256_set1_ps(2.0f), x1));
  c2 = _mm256_sub_ps(c2, _mm256_mul_ps(half, x2));
  const __m256 c3 = _mm256_add_ps(_mm256_mul_ps(half, _mm256_sub_ps(x2, xm1)),
                                  _mm256_mul_ps(_mm256_set1_ps(1.5f), _mm256_sub_ps(x0, x1)));
  __m256 y = _mm256_add_ps(_mm256_mul_ps(c3, f), c2);
  y = _mm256_add_ps(_mm256_mul_ps(y, f), c1);
  return _mm256_add_ps(_mm256_mul_ps(y, f), x0);
}

// The four Hermite taps of eight lanes. A lane's taps x[i−1..i+2] are adjacent, so one unaligned
// 128-bit load fetches all four; lanes j and j+4 share a 256-bit register and a 4×4 transpose per
// half turns the eight loads into the four tap vectors. Eight plain loads and eight in-lane shuffles
// cost less than gathers (which split into one load per element plus bookkeeping).
struct Taps {
  __m256 xm1, x0, x1, x2;
};

// `pos` is lane 0's Q.20 position; lane j is pos + j·step. The indices are computed with scalar
// integer ops (the scalar ports are idle here) rather than extracted from the vector, which would
// queue eight extractions on the shuffle port the transpose needs.
template <bool Masked>
__attribute__((target("avx2"))) inline Taps load_taps(const float* base, std::int32_t pos, std::int32_t step,
                                                      std::int32_t lanes) {
  std::int32_t ix[8];
  for (std::int32_t j = 0; j < 8; ++j) {
    // Lanes past the run read lane 0's taps (inside the grain's range); their results are never stored.
    ix[j] = (!Masked || j < lanes) ? (pos + j * step) >> kGrainFracBits : pos >> kGrainFracBits;
  }
  const float* b = base - 1;
  const __m256 r0 =
      _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(b + ix[0])), _mm_loadu_ps(b + ix[4]), 1);
  const __m256 r1 =
      _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(b + ix[1])), _mm_loadu_ps(b + ix[5]), 1);
  const __m256 r2 =
      _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(b + ix[2])), _mm_loadu_ps(b + ix[6]), 1);
  const __m256 r3 =
      _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(b + ix[3])), _mm_loadu_ps(b + ix[7]), 1);
  const __m256 t0 = _mm256_unpacklo_ps(r0, r1);  // xm1 0 1, x0 0 1 | lanes 4 5
  const __m256 t1 = _mm256_unpacklo_ps(r2, r3);  // xm1 2 3, x0 2 3 | lanes 6 7
  const __m256 t2 = _mm256_unpackhi_ps(r0, r1);  // x1 0 1, x2 0 1
  const __m256 t3 = _mm256_unpackhi_ps(r2, r3);
  return {_mm256_shuffle_ps(t0, t1, 0x44), _mm256_shuffle_ps(t0, t1, 0xEE), _mm256_shuffle_ps(t2, t3, 0x44),
          _mm256_shuffle_ps(t2, t3, 0xEE)};
}

template <bool Stereo, bool Fade>
__attribute__((target("avx2"))) void run_avx2(const Run& r, float* out_left, float* out_right,
                                              std::size_t count) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i step = _mm256_set1_epi32(r.step);
  __m256i local = _mm256_add_epi32(_mm256_set1_epi32(r.lo), _mm256_mullo_epi32(lane, step));
  const __m256i step8 = _mm256_set1_epi32(r.step * 8);
  __m256i k = _mm256_add_epi32(_mm256_set1_epi32(r.k0), lane);
  const __m256i eight = _mm256_set1_epi32(8);
  const __m256i mask = _mm256_set1_epi32(kFracMask);
  const __m256 frac_scale = _mm256_set1_ps(kFracScale);
  const __m256 wa = _mm256_set1_ps(r.window_a);
  const __m256 wb = _mm256_set1_ps(r.window_b);
  const __m256 wc = _mm256_set1_ps(r.window_c);
  const __m256 gl = _mm256_set1_ps(r.gain_left);
  const __m256 gr = _mm256_set1_ps(r.gain_right);

  // One step of eight lanes; Masked for the last, partial one (lanes past `count` neither read the
  // material nor touch the output).
  auto step8_lanes = [&]<bool Masked>(std::size_t i, __m256i lanes_on, std::int32_t lanes)
      __attribute__((target("avx2"))) {
    const __m256 f = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_and_si256(local, mask)), frac_scale);
    const __m256 kf = _mm256_cvtepi32_ps(k);
    const __m256 w = _mm256_add_ps(wa, _mm256_mul_ps(kf, _mm256_add_ps(wb, _mm256_mul_ps(kf, wc))));
    const std::int32_t pos = r.lo + static_cast<std::int32_t>(i) * r.step;
    const Taps tl = load_taps<Masked>(r.left, pos, r.step, lanes);
    __m256 vl = _mm256_mul_ps(hermite8(tl.xm1, tl.x0, tl.x1, tl.x2, f), w);
    __m256 fade = _mm256_setzero_ps();
    if constexpr (Fade) {
      fade = _mm256_loadu_ps(r.fade + i);  // the owner pads its curve by a vector
      vl = _mm256_mul_ps(vl, fade);
    }
    __m256 vr = vl;
    if constexpr (Stereo) {
      const Taps tr = load_taps<Masked>(r.right, pos, r.step, lanes);
      vr = _mm256_mul_ps(hermite8(tr.xm1, tr.x0, tr.x1, tr.x2, f), w);
      if constexpr (Fade) vr = _mm256_mul_ps(vr, fade);
    }
    if constexpr (Masked) {
      const __m256 l = _mm256_add_ps(_mm256_maskload_ps(out_left + i, lanes_on), _mm256_mul_ps(vl, gl));
      const __m256 rr = _mm256_add_ps(_mm256_maskload_ps(out_right + i, lanes_on), _mm256_mul_ps(vr, gr));
      _mm256_maskstore_ps(out_left + i, lanes_on, l);
      _mm256_maskstore_ps(out_right + i, lanes_on, rr);
    } else {
      _mm256_storeu_ps(out_left + i, _mm256_add_ps(_mm256_loadu_ps(out_left + i), _mm256_mul_ps(vl, gl)));
      _mm256_storeu_ps(out_right + i, _mm256_add_ps(_mm256_loadu_ps(out_right + i), _mm256_mul_ps(vr, gr)));
    }
    local = _mm256_add_epi32(local, step8);
    k = _mm256_add_epi32(k, eight);
  };

  const std::size_t vec_end = count & ~std::size_t{7};
  for (std::size_t i = 0; i < vec_end; i += 8) step8_lanes.template operator()<false>(i, lane, 8);
  if (vec_end < count) {
    const auto lanes = static_cast<std::int32_t>(count - vec_end);
    const __m256i on = _mm256_cmpgt_epi32(_mm256_set1_epi32(lanes), lane);
    step8_lanes.template operator()<true>(vec_end, on, lanes);
  }
}
#endif

using RunFn = void (*)(const Run&, float*, float*, std::size_t);

struct RunTable {
  RunFn fn[2][2];  // [stereo][fade]
};

constexpr RunTable kPortable{{{run_portable<false, false>, run_portable<false, true>},
                              {run_portable<true, false>, run_portable<true, true>}}};
#if AFTERGLOW_GRAIN_AVX2
constexpr RunTable kAvx2{
    {{run_avx2<false, false>, run_avx2<false, true>}, {run_avx2<true, false>, run_avx2<true, true>}}};
#endif

// The exact window at the grain's sample n (fractional: chunk middles).
inline float window_at(const Grain& g, double n) {
  return g.window->at(g.shape, (n + g.window_offset) * g.window_scale);
}

// Fits chunk m's parabola through the window at its start, middle and end.
inline void fit_chunk(Grain& g, std::uint32_t m) {
  const double chunk = static_cast<double>(1u << g.chunk_shift);
  const double n0 = static_cast<double>(m) * chunk;
  // The start is a pure function of m, so the previous chunk's end can stand in for it.
  const float w0 =
      (g.window_chunk != Grain::kNoChunk && m == g.window_chunk + 1) ? g.window_end : window_at(g, n0);
  const float wh = window_at(g, n0 + 0.5 * chunk);
  const float w1 = window_at(g, n0 + chunk);
  const float inv = 1.0f / static_cast<float>(chunk);  // powers of two: exact
  g.window_a = w0;
  g.window_b = (-3.0f * w0 + 4.0f * wh - w1) * inv;
  g.window_c = (2.0f * w0 - 4.0f * wh + 2.0f * w1) * (inv * inv);
  g.window_end = w1;
  g.window_chunk = m;
}

template <const RunTable& Table>
void render(Grain& g, std::uint64_t now, float* left, float* right, std::size_t count) noexcept {
  const std::uint32_t chunk = 1u << g.chunk_shift;
  while (count > 0) {
    const std::uint32_t m = g.rendered >> g.chunk_shift;
    const std::uint32_t k0 = g.rendered & (chunk - 1);
    std::size_t run = std::min<std::size_t>({count, chunk - k0, kGrainMaxRun});
    if (m != g.window_chunk) fit_chunk(g, m);
    bool fade = false;
    if (g.fade_start != Grain::kNoFade) {
      if (now >= g.fade_start) {
        fade = true;
      } else if (now + run > g.fade_start) {
        run = static_cast<std::size_t>(g.fade_start - now);  // split the run where the fade begins
      }
    }
    Run r;
    const std::int64_t base = g.phase >> kGrainFracBits;
    r.left = g.left + base;
    r.right = g.right + base;
    r.lo = static_cast<std::int32_t>(g.phase & (kGrainFracOne - 1));
    r.step = g.step;
    r.window_a = g.window_a;
    r.window_b = g.window_b;
    r.window_c = g.window_c;
    r.k0 = static_cast<std::int32_t>(k0);
    r.gain_left = g.gain_left;
    r.gain_right = g.gain_right;
    r.fade = fade ? g.fade_curve + (now - g.fade_start) : nullptr;
    Table.fn[g.stereo ? 1 : 0][fade ? 1 : 0](r, left, right, run);
    g.phase += static_cast<std::int64_t>(run) * g.step;
    g.rendered += static_cast<std::uint32_t>(run);
    now += run;
    left += run;
    right += run;
    count -= run;
  }
}

#if AFTERGLOW_GRAIN_AVX2
// A grain's samples over a block, without a steal fade: one pass of eight-lane steps across its window
// chunks. Splitting at every chunk boundary (as render() does) leaves a partial, masked step on both
// sides of each boundary; here the step that straddles one gives each lane its own chunk's parabola
// and offset instead. Every lane's arithmetic is the one the scalar kernel does for that sample.
template <bool Stereo>
__attribute__((target("avx2"))) void render_span_avx2(Grain& g, float* out_left, float* out_right,
                                                      std::size_t count) noexcept {
  const auto chunk = static_cast<std::int32_t>(1u << g.chunk_shift);
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i chunk_v = _mm256_set1_epi32(chunk);
  const __m256i eight = _mm256_set1_epi32(8);
  const __m256i mask = _mm256_set1_epi32(kFracMask);
  const __m256 frac_scale = _mm256_set1_ps(kFracScale);
  const __m256 gl = _mm256_set1_ps(g.gain_left);
  const __m256 gr = _mm256_set1_ps(g.gain_right);
  while (count > 0) {
    // Pieces of at most kGrainMaxRun frames (a multiple of 8) keep the 32-bit lane positions in range.
    const std::size_t piece = std::min(count, kGrainMaxRun);
    const std::int64_t base = g.phase >> kGrainFracBits;
    const float* src_left = g.left + base;
    const float* src_right = g.right + base;
    const auto lo = static_cast<std::int32_t>(g.phase & (kGrainFracOne - 1));
    const std::int32_t step = g.step;
    std::uint32_t m = g.rendered >> g.chunk_shift;
    if (m != g.window_chunk) fit_chunk(g, m);
    auto kc =
        static_cast<std::int32_t>(g.rendered & static_cast<std::uint32_t>(chunk - 1));  // lane 0's offset
    __m256i k = _mm256_add_epi32(_mm256_set1_epi32(kc), lane);
    __m256 wa = _mm256_set1_ps(g.window_a);
    __m256 wb = _mm256_set1_ps(g.window_b);
    __m256 wc = _mm256_set1_ps(g.window_c);
    const __m256i step_v = _mm256_set1_epi32(step);
    __m256i local = _mm256_add_epi32(_mm256_set1_epi32(lo), _mm256_mullo_epi32(lane, step_v));
    const __m256i step8 = _mm256_set1_epi32(step * 8);

    // Cross: some lane of the step (`lanes` of them in use) is past the chunk lane 0 is in.
    auto step8_lanes = [&]<bool Masked, bool Cross>(std::size_t i, __m256i lanes_on, std::int32_t lanes)
        __attribute__((target("avx2"))) {
      if constexpr (Cross) {
        // Lanes from `chunk − kc` on belong to the next chunk: its parabola, offsets from its start.
        fit_chunk(g, ++m);
        const __m256 next =
            _mm256_castsi256_ps(_mm256_cmpgt_epi32(k, _mm256_sub_epi32(chunk_v, _mm256_set1_epi32(1))));
        k = _mm256_sub_epi32(k, _mm256_and_si256(_mm256_castps_si256(next), chunk_v));
        wa = _mm256_blendv_ps(wa, _mm256_set1_ps(g.window_a), next);
        wb = _mm256_blendv_ps(wb, _mm256_set1_ps(g.window_b), next);
        wc = _mm256_blendv_ps(wc, _mm256_set1_ps(g.window_c), next);
      }
      const __m256 f = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_and_si256(local, mask)), frac_scale);
      const __m256 kf = _mm256_cvtepi32_ps(k);
      const __m256 w = _mm256_add_ps(wa, _mm256_mul_ps(kf, _mm256_add_ps(wb, _mm256_mul_ps(kf, wc))));
      const std::int32_t pos = lo + static_cast<std::int32_t>(i) * step;
      const Taps tl = load_taps<Masked>(src_left, pos, step, lanes);
      const __m256 vl = _mm256_mul_ps(hermite8(tl.xm1, tl.x0, tl.x1, tl.x2, f), w);
      __m256 vr = vl;
      if constexpr (Stereo) {
        const Taps tr = load_taps<Masked>(src_right, pos, step, lanes);
        vr = _mm256_mul_ps(hermite8(tr.xm1, tr.x0, tr.x1, tr.x2, f), w);
      }
      if constexpr (Masked) {
        const __m256 l = _mm256_add_ps(_mm256_maskload_ps(out_left + i, lanes_on), _mm256_mul_ps(vl, gl));
        const __m256 rr = _mm256_add_ps(_mm256_maskload_ps(out_right + i, lanes_on), _mm256_mul_ps(vr, gr));
        _mm256_maskstore_ps(out_left + i, lanes_on, l);
        _mm256_maskstore_ps(out_right + i, lanes_on, rr);
      } else {
        _mm256_storeu_ps(out_left + i, _mm256_add_ps(_mm256_loadu_ps(out_left + i), _mm256_mul_ps(vl, gl)));
        _mm256_storeu_ps(out_right + i, _mm256_add_ps(_mm256_loadu_ps(out_right + i), _mm256_mul_ps(vr, gr)));
      }
      if constexpr (Cross) {
        // Every lane of the next step is in the new chunk.
        wa = _mm256_set1_ps(g.window_a);
        wb = _mm256_set1_ps(g.window_b);
        wc = _mm256_set1_ps(g.window_c);
        kc += 8 - chunk;
        k = _mm256_add_epi32(_mm256_set1_epi32(kc), lane);
      } else {
        kc += 8;
        k = _mm256_add_epi32(k, eight);
      }
      local = _mm256_add_epi32(local, step8);
    };

    // Runs of steps inside one chunk (a tight loop with the parabola in registers), each followed by
    // the step that straddles the next boundary.
    const std::size_t vec_end = piece & ~std::size_t{7};
    std::size_t i = 0;
    while (i < vec_end) {
      const std::size_t inside = std::min((vec_end - i) / 8, static_cast<std::size_t>((chunk - kc) / 8));
      for (std::size_t s = 0; s < inside; ++s, i += 8)
        step8_lanes.template operator()<false, false>(i, lane, 8);
      if (i < vec_end) {
        step8_lanes.template operator()<false, true>(i, lane, 8);
        i += 8;
      }
    }
    if (vec_end < piece) {
      const auto lanes = static_cast<std::int32_t>(piece - vec_end);
      const __m256i on = _mm256_cmpgt_epi32(_mm256_set1_epi32(lanes), lane);
      if (kc + lanes - 1 >= chunk) {
        step8_lanes.template operator()<true, true>(vec_end, on, lanes);
      } else {
        step8_lanes.template operator()<true, false>(vec_end, on, lanes);
      }
    }
    g.phase += static_cast<std::int64_t>(piece) * step;
    g.rendered += static_cast<std::uint32_t>(piece);
    out_left += piece;
    out_right += piece;
    count -= piece;
  }
}

void render_avx2(Grain& g, std::uint64_t now, float* left, float* right, std::size_t count) noexcept {
  // A steal fade in or ahead of this span: the run-by-run path, which splits where the fade begins.
  if (g.fade_start != Grain::kNoFade && now + count > g.fade_start) {
    render<kAvx2>(g, now, left, right, count);
  } else if (g.stereo) {
    render_span_avx2<true>(g, left, right, count);
  } else {
    render_span_avx2<false>(g, left, right, count);
  }
}

bool cpu_has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}
#endif

}  // namespace

GrainRenderFn grain_render_function(bool force_scalar) noexcept {
#if AFTERGLOW_GRAIN_AVX2
  static const bool has_avx2 = cpu_has_avx2();
  if (!force_scalar && has_avx2) return render_avx2;
#else
  (void)force_scalar;
#endif
  return render<kPortable>;
}

}  // namespace afterglow::gen
