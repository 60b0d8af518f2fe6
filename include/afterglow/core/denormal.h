#pragma once
// Flush-to-zero for the audio thread. Recursive filters, smoothers and reverb tails decay towards zero
// and pass through subnormal numbers on the way; on x86 every operation on a subnormal can cost ~100
// cycles, so a decaying tail can suddenly blow the audio deadline. Setting FTZ (results that would be
// subnormal become 0) and DAZ (subnormal inputs read as 0) in MXCSR makes that cost disappear for
// float and double SSE arithmetic. MXCSR is per thread, so the guard belongs at the top of the audio
// callback (and of the offline render loop, so render and live stay bit-identical).
//
// On other architectures the guard is a no-op; the DSP classes also snap their own decays to zero, so
// correctness never depends on it, only speed.

#if defined(__x86_64__) || defined(_M_X64) || defined(__SSE2__)
#include <xmmintrin.h>
#define AFTERGLOW_HAS_MXCSR 1
#else
#define AFTERGLOW_HAS_MXCSR 0
#endif

namespace afterglow {

inline constexpr bool kDenormalControlAvailable = AFTERGLOW_HAS_MXCSR != 0;

// Whether FTZ and DAZ are both set on the calling thread.
inline bool denormals_flushed() {
#if AFTERGLOW_HAS_MXCSR
  constexpr unsigned kFtzDaz = 0x8040u;
  return (_mm_getcsr() & kFtzDaz) == kFtzDaz;
#else
  return false;
#endif
}

// Sets FTZ/DAZ for its lifetime and restores the caller's exact MXCSR afterwards (so a host or test
// framework that relies on IEEE subnormals gets them back). Realtime safe: two register writes.
class ScopedFlushDenormals {
 public:
  ScopedFlushDenormals() {
#if AFTERGLOW_HAS_MXCSR
    saved_ = _mm_getcsr();
    _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero);
#endif
  }
  ~ScopedFlushDenormals() {
#if AFTERGLOW_HAS_MXCSR
    _mm_setcsr(saved_);
#endif
  }
  ScopedFlushDenormals(const ScopedFlushDenormals&) = delete;
  ScopedFlushDenormals& operator=(const ScopedFlushDenormals&) = delete;

 private:
#if AFTERGLOW_HAS_MXCSR
  static constexpr unsigned kFlushToZero = 0x8000u;
  static constexpr unsigned kDenormalsAreZero = 0x0040u;
  unsigned saved_ = 0;
#endif
};

}  // namespace afterglow
