#include "afterglow/render/phase_pads.h"

#include <fmt/format.h>

#include <algorithm>

#include "afterglow/dsp/loop.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/io/downmix.h"

namespace afterglow::render {

std::size_t max_pads_per_source(const config::Scene& scene) {
  return scene.pad_miner.target_durations_sec.size() *
         static_cast<std::size_t>(std::max(0, scene.pad_miner.max_candidates_per_file));
}

Result<PhaseOutput> render_pads(const PhaseSource& src, const config::Scene& scene) {
  PhaseOutput out;
  const analysis::CorpusSource& source = *src.source;
  const io::AudioBuffer& audio = source.audio();
  const double rate = audio.sample_rate;
  const bool stereo = scene.export_.pads_stereo;
  std::vector<float> mono;
  if (!stereo || audio.channel_count() == 1) mono = io::downmix(audio);

  std::size_t index = 0;
  for (const analysis::MinedPad& pad : source.summary.pads) {
    const auto start = static_cast<std::ptrdiff_t>(pad.segment.start);
    const auto end = static_cast<std::ptrdiff_t>(std::min(pad.segment.end(), audio.frames()));
    std::vector<std::vector<float>> segment;
    if (stereo && audio.channel_count() > 1) {
      for (const auto& ch : audio.channels) segment.emplace_back(ch.begin() + start, ch.begin() + end);
    } else {
      segment.emplace_back(mono.begin() + start, mono.begin() + end);
    }
    std::vector<std::span<const float>> views(segment.begin(), segment.end());
    auto loop = dsp::make_seamless_loop(views, scene.pad_miner.loop_crossfade_ms, rate, true);
    if (!loop) {
      out.warnings.push_back(fmt::format("{}: pad at {:.2f} s skipped: {}", source.id,
                                         static_cast<double>(pad.segment.start) / rate, loop.error().what()));
      continue;
    }
    std::vector<std::vector<float>> channels = std::move(*loop);
    std::vector<std::span<float>> spans(channels.begin(), channels.end());
    if (auto st = dsp::normalize_in_place(spans, scene.global.target_peak_dbfs); !st) {
      out.warnings.push_back(fmt::format("{}: pad at {:.2f} s is silent, skipped", source.id,
                                         static_cast<double>(pad.segment.start) / rate));
      continue;
    }
    if (stereo && channels.size() == 1) channels.push_back(channels.front());
    io::AudioBuffer buffer = make_buffer(std::move(channels), rate);
    ++index;
    ItemSpec spec;
    spec.kind = SampleKind::kPad;
    spec.is_loop = true;
    spec.estimate_pitch = true;
    std::string tag;
    if (scene.brightness_tags.enabled) {
      spec.brightness = brightness_of(buffer, scene);
      tag = "_" + std::string(analysis::to_string(*spec.brightness));
      spec.variant = std::string(analysis::to_string(*spec.brightness));
    }
    spec.file_name = fmt::format("{}_pad{:02d}{}.wav", src.label, index, tag);
    add_item(out, std::move(buffer), spec, src, scene);
  }
  return out;
}

}  // namespace afterglow::render
