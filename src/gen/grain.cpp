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
  const float* left;   // level pointer at the run's base index
  const float* right;
  std::int32_t lo;     // fraction of the base position (Q.20, in [0, 1))
  std::int32_t step;
  float window_a;  // w(k) = a + k·(b + k·c)
  float window_b;
  float window_c;
  std::int32_t k0;     // offset of the run's first sample inside its chunk
  float gain_left;
  float gain_right;
  const float* fade;   // fade gains from the run's first sample (Fade only)
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
__attribute__((target("avx2"))) inline __m256 hermite8(__m256 xm1, __m256 x0, __m256 x1, __m256 x2, __m256 f) {
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

// The four Hermite taps of eight lanes. Each lane's pairs (x[i−1], x[i]) and (x[i+1], x[i+2]) are
// adjacent floats, fetched as one 64-bit element: four 4-element gathers instead of four 8-element
// ones. Lanes are gathered in the order (0 1 4 5)(2 3 6 7) so that unpacking the pairs with two
// shuffles lands them in natural order.
struct Taps {
  __m256 xm1, x0, x1, x2;
};

template <bool Masked>
__attribute__((target("avx2"))) inline Taps gather_taps(const float* base, __m256i idx, __m256i lane_mask) {
  const __m256i order = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
  const __m256i perm = _mm256_permutevar8x32_epi32(idx, order);
  const __m128i idx_a = _mm256_castsi256_si128(perm);
  const __m128i idx_b = _mm256_extracti128_si256(perm, 1);
  const auto* lo = reinterpret_cast<const double*>(base - 1);
  const auto* hi = reinterpret_cast<const double*>(base + 1);
  // Always the masked form (all lanes on for full steps): it is the same instruction, and GCC's
  // unmasked intrinsic trips -Wmaybe-uninitialized on its own internals.
  __m256d mask_a, mask_b;
  if constexpr (Masked) {
    const __m256i pm = _mm256_permutevar8x32_epi32(lane_mask, order);
    mask_a = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(pm)));
    mask_b = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_extracti128_si256(pm, 1)));
  } else {
    (void)lane_mask;
    mask_a = mask_b = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
  }
  const __m256d zero = _mm256_setzero_pd();
  const __m256d a_lo = _mm256_mask_i32gather_pd(zero, lo, idx_a, mask_a, 4);
  const __m256d a_hi = _mm256_mask_i32gather_pd(zero, hi, idx_a, mask_a, 4);
  const __m256d b_lo = _mm256_mask_i32gather_pd(zero, lo, idx_b, mask_b, 4);
  const __m256d b_hi = _mm256_mask_i32gather_pd(zero, hi, idx_b, mask_b, 4);
  const __m256 alo = _mm256_castpd_ps(a_lo), ahi = _mm256_castpd_ps(a_hi);
  const __m256 blo = _mm256_castpd_ps(b_lo), bhi = _mm256_castpd_ps(b_hi);
  return {_mm256_shuffle_ps(alo, blo, 0x88), _mm256_shuffle_ps(alo, blo, 0xDD), _mm256_shuffle_ps(ahi, bhi, 0x88),
          _mm256_shuffle_ps(ahi, bhi, 0xDD)};
}

template <bool Stereo, bool Fade>
__attribute__((target("avx2"))) void run_avx2(const Run& r, float* out_left, float* out_right, std::size_t count) {
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
  auto step8_lanes = [&]<bool Masked>(std::size_t i, __m256i lanes_on) __attribute__((target("avx2"))) {
    const __m256i idx = _mm256_srai_epi32(local, kGrainFracBits);
    const __m256 f = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_and_si256(local, mask)), frac_scale);
    const __m256 kf = _mm256_cvtepi32_ps(k);
    const __m256 w = _mm256_add_ps(wa, _mm256_mul_ps(kf, _mm256_add_ps(wb, _mm256_mul_ps(kf, wc))));
    const Taps tl = gather_taps<Masked>(r.left, idx, lanes_on);
    __m256 vl = _mm256_mul_ps(hermite8(tl.xm1, tl.x0, tl.x1, tl.x2, f), w);
    __m256 fade = _mm256_setzero_ps();
    if constexpr (Fade) {
      fade = _mm256_loadu_ps(r.fade + i);  // the owner pads its curve by a vector
      vl = _mm256_mul_ps(vl, fade);
    }
    __m256 vr = vl;
    if constexpr (Stereo) {
      const Taps tr = gather_taps<Masked>(r.right, idx, lanes_on);
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
  for (std::size_t i = 0; i < vec_end; i += 8) step8_lanes.template operator()<false>(i, lane);
  if (vec_end < count) {
    const __m256i on = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<std::int32_t>(count - vec_end)), lane);
    step8_lanes.template operator()<true>(vec_end, on);
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
constexpr RunTable kAvx2{{{run_avx2<false, false>, run_avx2<false, true>}, {run_avx2<true, false>, run_avx2<true, true>}}};
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
  const float w0 = (g.window_chunk != Grain::kNoChunk && m == g.window_chunk + 1) ? g.window_end : window_at(g, n0);
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
bool cpu_has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}
#endif

}  // namespace

GrainRenderFn grain_render_function(bool force_scalar) noexcept {
#if AFTERGLOW_GRAIN_AVX2
  static const bool has_avx2 = cpu_has_avx2();
  if (!force_scalar && has_avx2) return render<kAvx2>;
#else
  (void)force_scalar;
#endif
  return render<kPortable>;
}

}  // namespace afterglow::gen
