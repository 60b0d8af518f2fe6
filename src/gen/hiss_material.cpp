#include "afterglow/gen/hiss_material.h"

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/biquad.h"
#include "afterglow/dsp/butterworth.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/dsp/loop.h"

namespace afterglow::gen {

namespace {
constexpr double kMinLoopSeconds = 0.1;
}

std::string_view describe(HissSliceStatus status) {
  switch (status) {
    case HissSliceStatus::kOk:
      return "hiss loops made";
    case HissSliceStatus::kEmpty:
      return "the drum source has no audio; no hiss loops made from it";
    case HissSliceStatus::kTooShort:
      return "the drum source is too short to loop; no hiss loops made from it";
    case HissSliceStatus::kSilent:
      return "the drum source is silent (or nearly) above the hiss high-pass; no hiss loops made from it";
    case HissSliceStatus::kNonFinite:
      return "the drum source contains invalid samples (NaN or Inf); skipped";
  }
  return "unknown hiss status";
}

HissMaterial::HissMaterial(double sample_rate, HissSliceOptions options)
    : sample_rate_(sample_rate > 0.0 ? sample_rate : 48000.0), options_(options) {
  bind();
}

HissSourceReport HissMaterial::add_source(std::span<const std::span<const float>> channels) {
  if (channels.empty()) return {};
  const std::size_t frames = channels[0].size();
  for (const auto& c : channels) {
    if (c.size() != frames) return {HissSliceStatus::kEmpty, 0, 0};
  }
  std::vector<float> mono(frames, 0.0f);
  const float scale = 1.0f / static_cast<float>(channels.size());
  for (const auto& c : channels) {
    for (std::size_t i = 0; i < frames; ++i) mono[i] += c[i] * scale;
  }
  return add_source(mono);
}

HissSourceReport HissMaterial::add_source(std::span<const float> mono) {
  // A stream per source, drawn whether or not the source is usable, so a bad file in a folder does
  // not change the slices of the files after it.
  Random rng(options_.seed, 0x4155'0000ULL + 2 * sources_++);
  HissSourceReport report;
  if (mono.empty()) return report;
  for (float v : mono) {
    if (!std::isfinite(v)) {
      report.status = HissSliceStatus::kNonFinite;
      return report;
    }
  }

  std::vector<float> source(mono.begin(), mono.end());
  if (options_.highpass_hz > 0.0) {
    dsp::ButterworthSpec spec{dsp::FilterType::kHighPass, 4, 0.0, 0.0};
    spec.low = std::clamp(options_.highpass_hz / (0.5 * sample_rate_), 0.01, 0.99);
    spec.high = spec.low;
    dsp::BiquadCascade filter;
    filter.set_sections(dsp::butterworth_sos(spec));
    filter.process(source);
  }

  const std::size_t crossfade = dsp::loop_crossfade_samples(options_.crossfade_ms, sample_rate_);
  const auto wanted = static_cast<std::size_t>(std::max(0.0, options_.loop_seconds) * sample_rate_);
  const auto shortest = static_cast<std::size_t>(kMinLoopSeconds * sample_rate_);
  if (source.size() < 2 * crossfade + shortest) {
    report.status = HissSliceStatus::kTooShort;
    return report;
  }
  // A slice is the loop plus the tail that the seamless loop blends into its head and then drops.
  const std::size_t slice_length = std::min(source.size(), std::max(wanted, shortest) + crossfade);
  const double silence = dsp::db_to_lin(options_.silence_dbfs);

  for (std::size_t s = 0; s < options_.slices; ++s) {
    const std::size_t room = source.size() - slice_length;
    const std::size_t start =
        room > 0 ? rng.below(static_cast<std::uint32_t>(std::min<std::size_t>(room + 1, 0xffffffffu))) : 0;
    const std::span<const float> slice(source.data() + start, slice_length);
    if (dsp::peak(slice) < silence) {
      ++report.slices_silent;
      continue;
    }
    // Hiss is noise-like: no trim search (there is no period to align), an equal-power blend.
    std::vector<float> loop = dsp::make_seamless_loop(slice, options_.crossfade_ms, sample_rate_, false);
    const double level = dsp::rms(loop);
    if (!(level > 0.0) || !std::isfinite(level)) {
      ++report.slices_silent;
      continue;
    }
    const auto gain = static_cast<float>(kHissSourceRms / level);
    for (float& v : loop) v *= gain;
    loops_.push_back(std::move(loop));
    ++report.loops_added;
  }
  report.status = report.loops_added > 0 ? HissSliceStatus::kOk : HissSliceStatus::kSilent;
  bind();
  return report;
}

void HissMaterial::bind() {
  views_.clear();
  views_.reserve(loops_.size());
  for (const auto& l : loops_) views_.push_back({l.data(), l.size()});
  view_.loops = views_;
  view_.sample_rate = sample_rate_;
}

}  // namespace afterglow::gen
