#pragma once
// Marks a stretch of code as the audio path. In the AFTERGLOW_RTSAN test build the stretch runs under
// LLVM's RealtimeSanitizer: any allocation, free, lock, sleep or file/socket call inside it prints a
// "Real-time violation" with a stack and ends the process with exit code 1. In every other build the
// guard compiles to nothing, so it can wrap the real audio callback at no cost.

namespace afterglow {

#if defined(AFTERGLOW_RTSAN)
extern "C" {
void __rtsan_init();
void __rtsan_realtime_enter();
void __rtsan_realtime_exit();
}
inline constexpr bool kRealtimeSanitizer = true;
#else
inline constexpr bool kRealtimeSanitizer = false;
#endif

// Call once at start-up, before the first guard (the sanitizer's interceptors need it).
inline void realtime_sanitizer_init() {
#if defined(AFTERGLOW_RTSAN)
  __rtsan_init();
#endif
}

class RealtimeScope {
 public:
  RealtimeScope() {
#if defined(AFTERGLOW_RTSAN)
    __rtsan_realtime_enter();
#endif
  }
  ~RealtimeScope() {
#if defined(AFTERGLOW_RTSAN)
    __rtsan_realtime_exit();
#endif
  }
  RealtimeScope(const RealtimeScope&) = delete;
  RealtimeScope& operator=(const RealtimeScope&) = delete;
};

}  // namespace afterglow
