#include "afterglow/render/phase_drones.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "afterglow/analysis/key_detection.h"
#include "afterglow/dsp/butterworth.h"
#include "afterglow/dsp/crossfade.h"
#include "afterglow/dsp/filtfilt.h"
#include "afterglow/dsp/loop.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/dsp/time_stretch.h"
#include "afterglow/io/downmix.h"

namespace afterglow::render {

namespace {
constexpr double kMaxRate = 4.0;
constexpr std::size_t kVocoderContext = 8192;  // frames kept either side of what an output needs
constexpr std::size_t kTonalContext = 4096;    // frames filtered either side of a tonal loop's excerpt

bool valid_rate(double f) {
  return f > 0.0 && f != 1.0 && std::isfinite(f);
}

bool valid_length_factor(double f) {
  return f >= config::kMinLengthFactor && f <= config::kMaxLengthFactor && f != 1.0;
}
}  // namespace

std::string format_rate(double rate) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", rate);
  return text;
}

std::string format_factor(double factor) {
  // Shortest text that reads back as the same double, so distinct factors never share a file name
  // (the rates' "%.1f" merges 1.24 and 1.2).
  std::string text = fmt::format("{}", factor);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

std::vector<DroneVariant> drone_variants(const config::DronesConfig& drones, int transpose) {
  std::vector<DroneVariant> out;
  std::set<std::string> seen;
  out.push_back({transpose != 0 ? "original_tuned" : "original", DroneVariant::Op::kNone, 0.0});
  seen.insert(out.back().name);
  for (const int s : drones.pitch_shift_semitones) {
    if (s == 0) continue;
    DroneVariant v{fmt::format("pitch_{:+d}", s), DroneVariant::Op::kPitch, static_cast<double>(s)};
    if (seen.insert(v.name).second) out.push_back(std::move(v));
  }
  if (drones.stretch_factors) {
    // The explicit length factors replace the rates (config layer: time_stretch_factors has no effect).
    for (const double f : *drones.stretch_factors) {
      if (!valid_length_factor(f)) continue;
      DroneVariant v{"length_" + format_factor(f) + "x", DroneVariant::Op::kLength, f};
      if (seen.insert(v.name).second) out.push_back(std::move(v));
    }
    return out;
  }
  for (const double f : drones.time_stretch_factors) {
    if (!valid_rate(f)) continue;
    const double rate = std::min(f, kMaxRate);
    DroneVariant v{"stretch_" + format_rate(rate) + "x", DroneVariant::Op::kStretch, rate};
    if (seen.insert(v.name).second) out.push_back(std::move(v));
  }
  return out;
}

std::size_t drones_per_source(const config::DronesConfig& drones, int transpose) {
  return drone_variants(drones, transpose).size() *
         (drones.pad_variants.size() + 1 + (drones.enable_reversal ? 1 : 0));
}

int drone_transposition(const analysis::CorpusSource& source, const config::Scene& scene,
                        std::string* warning) {
  const auto& target = scene.musicality.target_key;
  if (!target || target->empty() || !source.summary.key) return 0;
  auto key = analysis::parse_key(*target);
  if (!key) {
    if (warning != nullptr) *warning = fmt::format("musicality.target_key: {}", key.error().what());
    return 0;
  }
  return analysis::transposition_interval(source.summary.key->key, *key);
}

namespace {

// The filter of a tonal variant (warm / airy / dark), nullopt for names that are not filtered.
// Cut-offs at or above Nyquist would make the design fail; they are kept just below it instead.
Result<std::optional<dsp::TransferFunction>> tonal_filter(std::string_view variant,
                                                          const config::DronesConfig& drones, double rate) {
  const double nyquist_guard = 0.49 * rate;
  Result<dsp::ButterworthSpec> spec = Error(ErrorKind::kInvalidValue, "no filter");
  if (variant == "warm") {
    spec = dsp::lowpass_spec(4, std::min(drones.warm_lowpass_hz, nyquist_guard), rate);
  } else if (variant == "airy") {
    spec = dsp::highpass_spec(4, std::min(drones.airy_highpass_hz, nyquist_guard), rate);
  } else if (variant == "dark") {
    spec = dsp::lowpass_spec(5, std::min(drones.dark_high_cut_hz, nyquist_guard), rate);
  } else {
    return std::optional<dsp::TransferFunction>{};
  }
  if (!spec) return spec.error();
  return std::optional<dsp::TransferFunction>{dsp::butterworth_tf(*spec)};
}

}  // namespace

Result<std::vector<float>> tonal_loop(std::span<const float> audio, std::size_t loop_frames,
                                      std::string_view variant, const config::DronesConfig& drones,
                                      double crossfade_ms, double rate) {
  auto tf = tonal_filter(variant, drones, rate);
  if (!tf) return tf.error();
  // Filtered with context either side so the excerpt carries no filter start-up, then cut to the
  // same centre excerpt the plain loop uses.
  std::vector<float> excerpt = centre(audio, loop_frames + 2 * kTonalContext);
  if (*tf) {
    std::vector<float> filtered = dsp::filtfilt(**tf, excerpt);
    if (filtered.size() != excerpt.size()) return Error(ErrorKind::kProcessing, "tonal filter failed");
    excerpt = std::move(filtered);
  }
  return dsp::make_seamless_loop(centre(excerpt, loop_frames), crossfade_ms, rate, true);
}

Result<PhaseOutput> render_drones(const PhaseSource& src, const config::Scene& scene) {
  PhaseOutput out;
  const analysis::CorpusSource& source = *src.source;
  const config::DronesConfig& dr = scene.drones;
  const double rate = source.audio().sample_rate;
  const double target = scene.global.target_peak_dbfs;

  std::string key_warning;
  const int transpose = drone_transposition(source, scene, &key_warning);
  if (!key_warning.empty()) out.warnings.push_back(fmt::format("{}: {}", source.id, key_warning));
  std::vector<DroneVariant> variants = drone_variants(dr, transpose);

  const std::size_t loop_frames = seconds_to_frames(dr.pad_loop_duration_sec, rate);
  const std::size_t swell_frames = seconds_to_frames(dr.swell_duration_sec, rate);
  // Source frames a variant reads per output frame: a rate r reads r, a length factor f reads 1/f, a
  // pitch shift (same length) 1.
  const auto reads_per_frame = [](const DroneVariant& v) {
    if (v.op == DroneVariant::Op::kStretch) return v.amount;
    if (v.op == DroneVariant::Op::kLength) return 1.0 / v.amount;
    return 1.0;
  };
  // Each variant processes only the input its outputs need: the longest output's worth of source plus
  // the vocoder's context either side. The vocoder costs in proportion to the frames it reads and
  // writes, so handing the pitch shifts and the mild stretches the input of the strongest stretch would
  // more than double the phase's work.
  const std::size_t longest = std::max(loop_frames, swell_frames);
  const auto input_frames = [&](const DroneVariant& v) {
    return static_cast<std::size_t>(static_cast<double>(longest) * reads_per_frame(v)) + 2 * kVocoderContext;
  };
  std::size_t needed = longest + 2 * kVocoderContext;
  for (const auto& v : variants) needed = std::max(needed, input_frames(v));
  std::vector<float> base;
  {
    // Only the centre is downmixed: the rest of a long source is never read.
    const io::AudioBuffer& audio = source.audio();
    io::AudioBuffer middle;
    middle.sample_rate = audio.sample_rate;
    for (const auto& channel : audio.channels) middle.channels.push_back(centre(channel, needed));
    base = io::downmix(middle);
  }
  if (transpose != 0) {
    auto shifted = dsp::pitch_shift(base, transpose);
    if (shifted) {
      base = std::move(*shifted);
    } else {
      variants.front().name = "original_tuned_failed";
      out.warnings.push_back(fmt::format("{}: transposition failed: {}", source.id, shifted.error().what()));
    }
  }

  for (const DroneVariant& v : variants) {
    std::vector<float> audio;
    if (v.op == DroneVariant::Op::kPitch) {
      auto r = dsp::pitch_shift(centre(base, input_frames(v)), v.amount);
      if (!r) return r.error();
      audio = std::move(*r);
    } else if (v.op == DroneVariant::Op::kStretch) {
      auto r = dsp::time_stretch(centre(base, input_frames(v)), v.amount);
      if (!r) return r.error();
      audio = std::move(*r);
    } else if (v.op == DroneVariant::Op::kLength) {
      auto r = dsp::stretch_by(centre(base, input_frames(v)), v.amount);
      if (!r) return r.error();
      audio = std::move(*r);
    } else {
      audio = base;
    }
    const std::string prefix = src.label + "_" + v.name;

    // Loops: the seamless centre loop, then each tonal copy.
    std::vector<float> loop =
        dsp::make_seamless_loop(centre(audio, loop_frames), scene.pad_miner.loop_crossfade_ms, rate, true);
    bool loop_ok = !loop.empty() && dsp::normalize_in_place(std::span<float>(loop), target).ok();
    if (loop_ok) {
      for (const std::string& name : dr.pad_variants) {
        auto tonal = tonal_loop(audio, loop_frames, name, dr, scene.pad_miner.loop_crossfade_ms, rate);
        if (!tonal) return tonal.error();
        if (tonal->empty() || !dsp::normalize_in_place(std::span<float>(*tonal), target)) {
          out.warnings.push_back(fmt::format("{}: {} loop {} is silent, skipped", source.id, v.name, name));
          continue;
        }
        ItemSpec spec{SampleKind::kDroneLoop,
                      v.name + " " + name,
                      fmt::format("{}_loop_{}.wav", prefix, name),
                      true,
                      true,
                      std::nullopt};
        io::AudioBuffer buffer = make_buffer({std::move(*tonal)}, rate);
        spec.brightness = brightness_of(buffer, scene);
        add_item(out, std::move(buffer), spec, src, scene);
      }
    } else {
      out.warnings.push_back(fmt::format("{}: {} loop is silent, no loops", source.id, v.name));
    }

    // Swell.
    std::vector<float> swell = centre(audio, swell_frames);
    const std::size_t half = swell.size() / 2;
    const std::size_t fade_in = std::min(seconds_to_frames(dr.fade_in_sec, rate), half);
    std::size_t fade_out = std::min(seconds_to_frames(dr.fade_out_sec, rate), half);
    if (fade_in + fade_out > swell.size()) fade_out = swell.size() - fade_in;
    dsp::fade_in(swell, fade_in);
    dsp::fade_out(swell, fade_out);
    if (!swell.empty() && dsp::normalize_in_place(std::span<float>(swell), target)) {
      ItemSpec spec{SampleKind::kSwell, v.name, prefix + "_swell01.wav", false, true, std::nullopt};
      add_item(out, make_buffer({std::move(swell)}, rate), spec, src, scene);
    } else {
      out.warnings.push_back(fmt::format("{}: {} swell is silent, skipped", source.id, v.name));
    }

    // Reversed loop.
    if (dr.enable_reversal && loop_ok) {
      std::vector<float> reversed(loop.rbegin(), loop.rend());
      if (dsp::normalize_in_place(std::span<float>(reversed), target)) {
        ItemSpec spec{SampleKind::kReversed, v.name, prefix + "_reversed.wav", true, true, std::nullopt};
        io::AudioBuffer buffer = make_buffer({std::move(reversed)}, rate);
        spec.brightness = brightness_of(buffer, scene);
        add_item(out, std::move(buffer), spec, src, scene);
      }
    }
  }
  return out;
}

}  // namespace afterglow::render
