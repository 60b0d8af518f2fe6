#include "afterglow/analysis/source_analysis.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "afterglow/analysis/pitch.h"
#include "afterglow/io/audio_reader.h"

namespace afterglow::analysis {

Status validate(const FeatureParams& params) {
  if (!(params.sample_rate >= 8000.0 && params.sample_rate <= 192000.0)) {
    return Error(ErrorKind::kInvalidValue, "The analysis sample rate must lie between 8000 and 192000 Hz",
                 {{"sample_rate", std::to_string(params.sample_rate)}});
  }
  if (auto s = validate(params.analysis.frames.stft); !s) return s.error();
  if (auto g = make_window_grid(0, params.sample_rate, params.analysis.windows); !g) return g.error();
  return Ok{};
}

Result<SourceFeatures> analyse_audio(io::AudioBuffer audio, const FeatureParams& params) {
  if (auto s = validate(params); !s) return s.error();
  if (audio.empty() || audio.channel_count() == 0 || audio.channel_count() > 2) {
    return Error(ErrorKind::kInvalidValue, "A source must hold one or two channels of audio",
                 {{"channels", std::to_string(audio.channel_count())}});
  }
  SourceFeatures f;
  f.source_rate = audio.sample_rate;
  if (audio.sample_rate != params.sample_rate) {
    auto converted = io::resample(audio, params.sample_rate, params.resample_quality);
    if (!converted) return converted.error();
    audio = io::AudioBuffer{};  // release the file-rate copy before analysing
    f.audio = std::move(*converted);
  } else {
    f.audio = std::move(audio);
  }

  std::vector<float> downmixed;
  std::span<const float> mono = f.audio.channels[0];
  if (f.audio.channel_count() == 2) {
    downmixed = io::downmix(f.audio, params.downmix);
    mono = downmixed;
  }
  Chroma chroma(params.chroma);
  FrameConsumer* extra[] = {&chroma};
  auto analysis = analyze(mono, params.sample_rate, params.analysis, extra);
  if (!analysis) return analysis.error();
  f.analysis = std::move(*analysis);
  f.chroma = chroma.mean();
  f.measures = measure_windows(mono, f.analysis);
  return f;
}

Result<SourceFeatures> analyse_file(const std::filesystem::path& path, const FeatureParams& params) {
  auto audio = io::read_audio(path);
  if (!audio) return audio.error();
  auto f = analyse_audio(std::move(*audio), params);
  if (!f) return Error(f.error()).with("file", path.string());
  return f;
}

Result<SourceSummary> summarise(const SourceFeatures& f, const SummaryParams& params) {
  SourceSummary s;
  const WindowAnalysis& windows = f.analysis.windows;
  s.mask = stable_mask(windows, params.stability);
  s.stable_windows = static_cast<std::size_t>(std::count(s.mask.begin(), s.mask.end(), 1));
  s.stable = !s.mask.empty() && static_cast<double>(s.stable_windows) >=
                                    params.stable_fraction * static_cast<double>(s.mask.size());

  std::optional<StableWindows> stable;
  if (params.pads_need_stability) stable = StableWindows{&windows.grid(), &s.mask};
  auto pads = mine_pads(f.analysis.frames, params.pads, stable);
  if (!pads) return pads.error();
  std::vector<float> segment;
  for (const PadSegment& p : *pads) {
    // The pad's pitch from its own samples: short, so the whole-buffer FFT is cheap.
    const std::size_t end = std::min(p.end(), f.audio.frames());
    segment.assign(f.audio.channels[0].begin() + static_cast<std::ptrdiff_t>(p.start),
                   f.audio.channels[0].begin() + static_cast<std::ptrdiff_t>(end));
    if (f.audio.channel_count() == 2) {
      for (std::size_t i = 0; i < segment.size(); ++i)
        segment[i] = 0.5f * (segment[i] + f.audio.channels[1][p.start + i]);
    }
    s.pads.push_back(MinedPad{p, estimate_pitch(segment, f.audio.sample_rate)});
  }
  s.key = detect_key(f.chroma);
  s.tempo = estimate_tempo(f.analysis.frames, params.tempo);
  s.brightness = estimate_brightness(f.analysis.frames.centroid_magnitude, params.brightness);
  s.descriptors = describe_windows(f.measures, s.mask, params.descriptors);
  return s;
}

}  // namespace afterglow::analysis
