#include "afterglow/render/phase_clouds.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/butterworth.h"
#include "afterglow/dsp/crossfade.h"
#include "afterglow/dsp/filtfilt.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/gen/cloud.h"
#include "afterglow/gen/owned_material.h"
#include "afterglow/io/downmix.h"
#include "afterglow/render/phase_drones.h"

namespace afterglow::render {

namespace {
constexpr std::size_t kBlock = 1024;
constexpr double kEdgeFadeSec = 0.01;
constexpr double kTrustedTempoConfidence = 0.4;
}  // namespace

std::size_t clouds_per_source(const config::CloudsConfig& clouds) {
  return static_cast<std::size_t>(std::max(0, clouds.clouds_per_source));
}

double cloud_duration_sec(const analysis::CorpusSource& source, const config::Scene& scene) {
  const config::MusicalityConfig& mu = scene.musicality;
  if (mu.snap_to_grid && !mu.bar_lengths.empty()) {
    std::optional<double> bpm = mu.reference_bpm;
    const auto& tempo = source.summary.tempo;
    if (!bpm && mu.detect_bpm && tempo.confidence && *tempo.confidence > kTrustedTempoConfidence &&
        tempo.bpm > 0.0) {
      bpm = tempo.bpm;
    }
    if (bpm && *bpm > 0.0) return mu.bar_lengths.front() * 240.0 / *bpm;
  }
  return scene.clouds.cloud_duration_sec;
}

Result<PhaseOutput> render_clouds(const PhaseSource& src, const config::Scene& scene) {
  PhaseOutput out;
  const analysis::CorpusSource& source = *src.source;
  const config::CloudsConfig& cc = scene.clouds;
  const double rate = source.audio().sample_rate;
  const std::size_t count = clouds_per_source(cc);
  if (count == 0) return out;

  std::string key_warning;
  const int transpose = drone_transposition(source, scene, &key_warning);

  gen::OwnedMaterial::Options mo;
  mo.oversampled = false;  // a long source's 2× copy costs twice its memory for a barely audible gain
  const std::vector<float> mono = io::downmix(source.audio());
  const gen::OwnedMaterial material(mono, {}, rate, mo);
  const gen::MaterialView views[] = {material.view()};

  const double min_ms = std::max(1.0, std::min(cc.grain_length_min_ms, cc.grain_length_max_ms));
  const double max_ms = std::max(min_ms, std::max(cc.grain_length_min_ms, cc.grain_length_max_ms));
  const double hop_ms = std::max(1000.0 / rate, (min_ms + max_ms) / 2.0 * (1.0 - cc.overlap_ratio));
  const std::size_t frames = seconds_to_frames(cloud_duration_sec(source, scene), rate);
  if (frames == 0) return out;
  const bool stereo = scene.export_.clouds_stereo;

  gen::Cloud cloud;
  cloud.prepare(rate, kBlock, static_cast<std::size_t>(std::max(1, cc.grains_per_cloud)));
  cloud.set_material(views);
  using gen::CloudParam;
  cloud.set_param(CloudParam::kSizeMs, static_cast<float>(std::sqrt(min_ms * max_ms)));
  cloud.set_param(CloudParam::kSizeSpread, static_cast<float>(std::log2(max_ms / min_ms) / 4.0));
  cloud.set_param(CloudParam::kDensity, static_cast<float>(1000.0 / hop_ms));
  cloud.set_param(CloudParam::kRegularity, 1.0f);
  cloud.set_param(CloudParam::kPosition, 0.5f);
  // Starts anywhere, but never so close to either end that a grain (at its longest and most pitched-up)
  // would run off the source and stop dead: that cut is a click.
  const double longest =
      max_ms / 1000.0 * rate *
          std::exp2(std::max(std::abs(cc.pitch_shift_range.min), std::abs(cc.pitch_shift_range.max)) / 12.0) +
      rate * 0.01;
  const double margin = std::min(0.5, longest / std::max(1.0, static_cast<double>(mono.size())));
  cloud.set_param(CloudParam::kSpray, static_cast<float>(1.0 - 2.0 * margin));
  cloud.set_param(CloudParam::kScan, 0.0f);
  cloud.set_param(
      CloudParam::kPitch,
      static_cast<float>((cc.pitch_shift_range.min + cc.pitch_shift_range.max) / 2.0 + transpose));
  cloud.set_param(CloudParam::kPitchScatter,
                  static_cast<float>(std::abs(cc.pitch_shift_range.max - cc.pitch_shift_range.min) / 2.0));
  cloud.set_param(CloudParam::kStereoSpread, stereo ? 0.5f : 0.0f);
  cloud.set_param(CloudParam::kWindowShape, 1.0f);
  cloud.set_param(CloudParam::kReverse, 0.0f);
  cloud.set_param(CloudParam::kTargetAmount, 0.0f);
  cloud.set_param(CloudParam::kLevel, 1.0f);

  std::optional<dsp::TransferFunction> lowpass;
  if (cc.lowpass_hz && *cc.lowpass_hz > 0.0) {
    auto spec = dsp::lowpass_spec(3, std::min(*cc.lowpass_hz, 0.49 * rate), rate);
    if (!spec) return spec.error();
    lowpass = dsp::butterworth_tf(*spec);
  }
  const double target = cc.effective_target_peak_dbfs(scene.global);

  for (std::size_t i = 0; i < count; ++i) {
    std::vector<std::vector<float>> channels;
    cloud.reset(src.seed + i);
    std::vector<float> left(frames), right(frames);
    for (std::size_t at = 0; at < frames; at += kBlock) {
      const std::size_t n = std::min(kBlock, frames - at);
      cloud.process({std::span<float>(left).subspan(at, n), std::span<float>(right).subspan(at, n)}, {});
    }
    channels.push_back(std::move(left));
    if (stereo) channels.push_back(std::move(right));
    const std::size_t fade = std::min(seconds_to_frames(kEdgeFadeSec, rate), frames / 4);
    for (auto& ch : channels) {
      if (lowpass) ch = dsp::filtfilt(*lowpass, ch);
      dsp::fade_in(ch, fade);
      dsp::fade_out(ch, fade);
    }
    std::vector<std::span<float>> spans(channels.begin(), channels.end());
    const bool silent = !dsp::normalize_in_place(spans, target).ok();
    if (silent) {
      out.warnings.push_back(fmt::format("{}: cloud {} is silent, skipped", source.id, i + 1));
      continue;
    }
    io::AudioBuffer buffer = make_buffer(std::move(channels), rate);
    ItemSpec spec;
    spec.kind = SampleKind::kCloud;
    std::string tag;
    if (scene.brightness_tags.enabled) {
      spec.brightness = brightness_of(buffer, scene);
      tag = "_" + std::string(analysis::to_string(*spec.brightness));
      spec.variant = std::string(analysis::to_string(*spec.brightness));
    }
    spec.file_name = fmt::format("cloud_{}_{:02d}{}.wav", src.label, i + 1, tag);
    add_item(out, std::move(buffer), spec, src, scene);
  }
  return out;
}

}  // namespace afterglow::render
