#include "afterglow/analysis/audio_analysis.h"

namespace afterglow::analysis {

Result<AudioAnalysis> analyze(std::span<const float> mono, double sample_rate, const AnalysisParams& params,
                              std::span<FrameConsumer* const> extra_consumers) {
  // Validate the cheap parameters first: a bad window should not cost a full STFT pass.
  if (auto grid = make_window_grid(mono.size(), sample_rate, params.windows); !grid) return grid.error();
  if (auto status = validate(params.frames.stft); !status) return status.error();

  auto frames = compute_frame_features(mono, sample_rate, params.frames, extra_consumers);
  if (!frames) return frames.error();
  auto windows = WindowAnalysis::create(mono, *frames, params.windows);
  if (!windows) return windows.error();
  return AudioAnalysis{std::move(*frames), std::move(*windows)};
}

}  // namespace afterglow::analysis
