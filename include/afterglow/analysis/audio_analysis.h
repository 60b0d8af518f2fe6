#pragma once
// The per-file analysis in one call: the streaming frame features and the pre-analysis windows over
// them. This is what a file costs in memory besides its audio — per-frame and per-window float arrays.
// Stability masks and pads are derived from it with the caller's thresholds (stability.h, pad_miner.h).

#include <span>

#include "afterglow/analysis/frame_features.h"
#include "afterglow/analysis/window_analysis.h"
#include "afterglow/core/result.h"

namespace afterglow::analysis {

struct AnalysisParams {
  FrameFeatureParams frames;
  WindowParams windows;
};

struct AudioAnalysis {
  FrameFeatures frames;
  WindowAnalysis windows;
};

// `mono` at `sample_rate` (stereo sources are downmixed by the caller, io::downmix). kInvalidValue for a
// sample rate <= 0, a window or hop <= 0, or invalid STFT parameters — checked before any work is done.
// `extra_consumers` ride the same STFT pass (see frame_features.h).
Result<AudioAnalysis> analyze(std::span<const float> mono, double sample_rate,
                              const AnalysisParams& params = {},
                              std::span<FrameConsumer* const> extra_consumers = {});

}  // namespace afterglow::analysis
