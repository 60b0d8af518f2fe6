#pragma once
// Everything the corpus knows about one source, in two stages:
//   SourceFeatures  the expensive part — audio at the engine rate, the frame and window analysis, the
//                   mean chroma and the raw window measures. It depends only on the audio and on
//                   FeatureParams, which is exactly what the analysis cache is keyed by.
//   SourceSummary   what the scene's thresholds derive from it in milliseconds — stability mask, pads,
//                   key, tempo, brightness, normalised window descriptors. Recomputed on every load, so
//                   changing a threshold in a scene never invalidates the cache.
//
// Memory while analysing (analyse_audio): the audio is moved in, resampled if its rate differs (the
// input is released as soon as the converted copy exists), a mono downmix is made for stereo input and
// released before returning. What remains is the audio plus a few floats per STFT frame and window.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/analysis/brightness.h"
#include "afterglow/analysis/chroma.h"
#include "afterglow/analysis/descriptors.h"
#include "afterglow/analysis/key_detection.h"
#include "afterglow/analysis/pad_miner.h"
#include "afterglow/analysis/stability.h"
#include "afterglow/analysis/tempo.h"
#include "afterglow/core/result.h"
#include "afterglow/io/audio_buffer.h"
#include "afterglow/io/downmix.h"
#include "afterglow/io/resampler.h"

namespace afterglow::analysis {

struct FeatureParams {
  double sample_rate = 48000.0;  // the engine rate: audio is stored and analysed at it
  io::ResampleQuality resample_quality = io::kDefaultResampleQuality;
  io::DownmixMethod downmix = io::DownmixMethod::kAverage;
  AnalysisParams analysis;
  ChromaParams chroma;
};

// kInvalidValue for a rate outside 8 kHz–192 kHz or invalid STFT/window parameters.
Status validate(const FeatureParams& params);

struct SourceFeatures {
  double source_rate = 0.0;  // the file's own rate
  io::AudioBuffer audio;     // 1–2 channels at FeatureParams::sample_rate
  AudioAnalysis analysis;    // of the mono downmix
  ChromaVector chroma{};
  std::vector<WindowMeasures> measures;  // one per analysis window
};

// `audio` at any rate (1–2 channels).
Result<SourceFeatures> analyse_audio(io::AudioBuffer audio, const FeatureParams& params);
// io::read_audio, then analyse_audio.
Result<SourceFeatures> analyse_file(const std::filesystem::path& path, const FeatureParams& params);

struct SummaryParams {
  StabilityThresholds stability;    // pre_analysis.*
  bool pads_need_stability = true;  // pre_analysis.enabled: pads must lie in stable windows
  PadMinerParams pads;              // pad_miner.*
  BrightnessBounds brightness;      // brightness_tags.*
  TempoParams tempo;
  DescriptorParams descriptors;  // pre_analysis.grain_quality_threshold
  // A source counts as stable when at least this fraction of its windows is.
  double stable_fraction = 0.5;
};

struct MinedPad {
  PadSegment segment;
  std::optional<double> pitch_hz;  // rough pitch (pitch.h) of the segment's mono downmix

  bool operator==(const MinedPad& o) const {
    return segment.start == o.segment.start && segment.length == o.segment.length &&
           segment.score == o.segment.score && segment.duration_index == o.segment.duration_index &&
           pitch_hz == o.pitch_hz;
  }
};

struct SourceSummary {
  StabilityMask mask;
  std::vector<MinedPad> pads;
  std::optional<KeyEstimate> key;
  TempoEstimate tempo;
  BrightnessEstimate brightness;
  std::vector<WindowDescriptor> descriptors;
  std::size_t stable_windows = 0;
  bool stable = false;  // stable_windows >= stable_fraction * windows (and at least one window)
};

Result<SourceSummary> summarise(const SourceFeatures& features, const SummaryParams& params);

}  // namespace afterglow::analysis
