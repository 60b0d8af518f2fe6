#pragma once
// Pre-analysis windows (reference §3, the original's AudioAnalyzer): the file cut into overlapping
// windows of `window_sec` every `hop_sec`, each described by level, DC, crest factor, power-weighted
// centroid and detected onsets. The stability mask (stability.h) is computed from these.
//
// Window layout, exactly as the original: W = int(window_sec * sr), H = int(hop_sec * sr); windows start
// at 0, H, 2H, ... while start <= len - W. A clip shorter than W is one window covering the whole clip.
// An empty signal has no windows.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "afterglow/analysis/frame_features.h"
#include "afterglow/core/result.h"

namespace afterglow::analysis {

struct WindowParams {
  double window_sec = 1.0;
  double hop_sec = 0.5;
};

// Samples [start, end).
struct SampleRange {
  std::size_t start = 0;
  std::size_t end = 0;
  std::size_t size() const { return end - start; }
  bool operator==(const SampleRange&) const = default;
};

struct WindowGrid {
  double sample_rate = 0.0;
  std::size_t length = 0;  // samples of the signal
  std::size_t window = 0;  // W
  std::size_t hop = 0;     // H
  std::size_t count = 0;

  // (i*H, min(i*H + W, len)).
  SampleRange range(std::size_t i) const { return {i * hop, std::min(i * hop + window, length)}; }
  double window_seconds() const { return static_cast<double>(window) / sample_rate; }
};

// kInvalidValue when sample_rate <= 0, window_sec <= 0 or hop_sec <= 0 (a zero hop would never advance:
// the original accepts it and then fails), any of them not finite, or when W or H round down to zero
// samples.
Result<WindowGrid> make_window_grid(std::size_t length, double sample_rate, const WindowParams& params);

// One value per window.
struct WindowFeatures {
  std::vector<float> rms_db;          // 20 log10(rms), -80 for exact silence (reference §2.1)
  std::vector<float> dc;              // |mean|
  std::vector<float> crest;           // peak / rms, 0 when rms <= 1e-10 (silence passes the crest gate)
  std::vector<float> centroid_hz;     // power-weighted centroid averaged over frames [start/hop, end/hop)
  std::vector<std::uint32_t> onsets;  // detected onsets with sample position in [start, end)
};

// The window centroid when a window has no STFT frame to average (the original's fallback).
inline constexpr float kFallbackCentroidHz = 2000.0f;
inline constexpr double kCrestSilenceRms = 1e-10;

class WindowAnalysis {
 public:
  // `frames` must come from the same `mono` at the same rate (kInvalidValue otherwise). Errors of
  // make_window_grid are returned as they are.
  static Result<WindowAnalysis> create(std::span<const float> mono, const FrameFeatures& frames,
                                       const WindowParams& params);
  // Reassembles an analysis from parts stored earlier (the analysis cache, analysis_cache.h), so a
  // cached file does not need its mono signal again. The caller vouches that the parts belong together.
  static WindowAnalysis from_parts(WindowGrid grid, WindowFeatures features) {
    WindowAnalysis a;
    a.grid_ = grid;
    a.features_ = std::move(features);
    return a;
  }

  const WindowGrid& grid() const { return grid_; }
  const WindowFeatures& features() const { return features_; }
  std::size_t size() const { return grid_.count; }
  SampleRange window_range(std::size_t i) const { return grid_.range(i); }
  // Onsets per second of window i: onsets / (W / sr).
  double onset_rate(std::size_t i) const;

 private:
  WindowGrid grid_;
  WindowFeatures features_;
};

}  // namespace afterglow::analysis
