#include "afterglow/render/phase_hiss.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "afterglow/core/random.h"
#include "afterglow/dsp/click_detector.h"
#include "afterglow/dsp/loop.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/gen/hiss.h"
#include "afterglow/gen/hiss_material.h"

namespace afterglow::render {

namespace {
constexpr std::size_t kBlock = 1024;
constexpr double kWarmUpSec = 0.1;
constexpr std::uint64_t kFlickerAttempts = 8;  // lets the band filter settle before the loop is cut

class LengthObserver final : public gen::FlickerObserver {
 public:
  void on_flicker(const gen::FlickerStart& start) noexcept override { length = start.length; }
  std::uint32_t length = 0;
};

void render_frames(gen::Hiss& hiss, std::size_t frames, std::vector<float>& left, std::vector<float>& right,
                   std::span<const gen::Event> first_events = {}) {
  left.assign(frames, 0.0f);
  right.assign(frames, 0.0f);
  for (std::size_t at = 0; at < frames; at += kBlock) {
    const std::size_t n = std::min(kBlock, frames - at);
    hiss.process({std::span<float>(left).subspan(at, n), std::span<float>(right).subspan(at, n)},
                 at == 0 ? first_events : gen::EventSpan{});
  }
}

void configure(gen::Hiss& hiss, const config::HissConfig& hc, double rate, bool drums) {
  using gen::HissParam;
  const auto guard = static_cast<float>(0.45 * rate);
  hiss.set_param(HissParam::kSource, drums ? 2.0f : 0.0f);
  hiss.set_param(HissParam::kFilterMode, hc.use_bandpass ? 0.0f : 1.0f);
  const float high = std::min(static_cast<float>(hc.bandpass_high_hz), guard);
  const float low = std::min(static_cast<float>(hc.bandpass_low_hz), 0.9f * high);
  hiss.set_param(HissParam::kLowHz, low);
  hiss.set_param(HissParam::kHighHz, high);
  hiss.set_param(HissParam::kHighpassHz, std::min(static_cast<float>(hc.highpass_hz), guard));
  hiss.set_param(HissParam::kTremoloSync, 0.0f);
  hiss.set_param(HissParam::kTremoloDepth, static_cast<float>(hc.tremolo_depth));
  hiss.set_param(HissParam::kFlickerRate, 0.0f);
  hiss.set_param(HissParam::kFlickerScatter, 0.0f);
  hiss.set_param(HissParam::kLevel, 1.0f);
}
}  // namespace

std::size_t hiss_per_source(const config::HissConfig& hiss) {
  return static_cast<std::size_t>(std::max(0, hiss.hiss_loops_per_source)) +
         static_cast<std::size_t>(std::max(0, hiss.flicker_count));
}

Result<PhaseOutput> render_hiss(const PhaseSource& src, const config::Scene& scene, double rate) {
  PhaseOutput out;
  const config::HissConfig& hc = scene.hiss;
  const bool drums = src.source != nullptr;
  const std::string name = drums ? src.label : std::string("synthetic");
  const std::size_t loops = static_cast<std::size_t>(std::max(0, hc.hiss_loops_per_source));
  const std::size_t flickers = static_cast<std::size_t>(std::max(0, hc.flicker_count));
  const std::size_t loop_frames = seconds_to_frames(hc.loop_duration_sec, rate);

  gen::HissSliceOptions so;
  so.loop_seconds = hc.loop_duration_sec;
  so.slices = std::max<std::size_t>(1, loops);
  so.seed = src.seed;
  gen::HissMaterial material(rate, so);
  if (drums) {
    const auto& ch = src.source->audio().channels;
    std::vector<std::span<const float>> views(ch.begin(), ch.end());
    const gen::HissSourceReport report = material.add_source(views);
    if (report.status != gen::HissSliceStatus::kOk || material.loop_count() == 0) {
      return Error(ErrorKind::kSilent,
                   fmt::format("no hiss from this drum source: {}", gen::describe(report.status)));
    }
  }

  gen::Hiss hiss;
  hiss.prepare(rate, kBlock);
  hiss.set_material(drums ? &material.view() : nullptr);
  configure(hiss, hc, rate, drums);
  const bool stereo = scene.export_.hiss_stereo.value_or(false);
  const std::size_t crossfade = dsp::loop_crossfade_samples(kHissLoopCrossfadeMs, rate);
  const std::size_t warm_up = seconds_to_frames(kWarmUpSec, rate);
  // A whole number of tremolo cycles per loop, so the gain at the wrap matches the gain at the start.
  const double loop_sec = static_cast<double>(loop_frames) / rate;
  const double cycles = std::max(1.0, std::round(hc.tremolo_rate_hz * loop_sec));
  const auto tremolo = static_cast<float>(hc.tremolo_rate_hz > 0.0 ? cycles / loop_sec : 0.0);

  std::vector<float> left, right;
  for (std::size_t i = 0; i < loops && loop_frames > 0; ++i) {
    using gen::HissParam;
    hiss.set_param(HissParam::kSlice, static_cast<float>(i));
    hiss.set_param(HissParam::kBedLevel, 1.0f);
    hiss.set_param(HissParam::kTremoloRateHz, tremolo);
    hiss.reset(src.seed + 1000 + i);
    render_frames(hiss, warm_up + loop_frames + crossfade, left, right);
    std::vector<std::vector<float>> cut;
    cut.emplace_back(left.begin() + static_cast<std::ptrdiff_t>(warm_up), left.end());
    if (stereo) cut.emplace_back(right.begin() + static_cast<std::ptrdiff_t>(warm_up), right.end());
    std::vector<std::span<const float>> views(cut.begin(), cut.end());
    auto looped = dsp::make_seamless_loop(views, kHissLoopCrossfadeMs, rate, false);
    if (!looped) return looped.error();
    std::vector<std::vector<float>> channels = std::move(*looped);
    std::vector<std::span<float>> spans(channels.begin(), channels.end());
    if (!dsp::normalize_in_place(spans, kHissLoopPeakDbfs)) {
      out.warnings.push_back(fmt::format("{}: hiss loop {} is silent, skipped", name, i + 1));
      continue;
    }
    ItemSpec spec{SampleKind::kHissLoop, "", "", true, false, std::nullopt};
    spec.file_name = drums ? fmt::format("hiss_loop_{}_{:02d}.wav", src.label, i + 1)
                           : fmt::format("hiss_loop_{:02d}.wav", i + 1);
    add_item(out, make_buffer(std::move(channels), rate), spec, src, scene);
  }

  Random rng(src.seed, 0x666C69636B6572ull);  // the flicker lengths' own stream
  const double lo = std::min(hc.flicker_min_ms, hc.flicker_max_ms);
  const double hi = std::max(hc.flicker_min_ms, hc.flicker_max_ms);
  LengthObserver observer;
  hiss.set_flicker_observer(&observer);
  for (std::size_t i = 0; i < flickers; ++i) {
    using gen::HissParam;
    const double ms = rng.uniform(lo, hi);
    hiss.set_param(HissParam::kSlice,
                   static_cast<float>(material.loop_count() > 0 ? i % material.loop_count() : 0));
    hiss.set_param(HissParam::kBedLevel, 0.0f);
    hiss.set_param(HissParam::kFlickerMinMs, static_cast<float>(ms));
    hiss.set_param(HissParam::kFlickerMaxMs, static_cast<float>(ms));
    const std::size_t frames = std::max<std::size_t>(1, seconds_to_frames(ms / 1000.0, rate));
    // Drum material can put a hit's attack inside a burst, which is heard as a click on a sound meant
    // to be a soft flicker: such a burst is drawn again (deterministically, from the next seed).
    // Each new draw starts the burst further into the material.
    for (std::uint64_t attempt = 0; attempt < kFlickerAttempts; ++attempt) {
      hiss.reset(src.seed + 2000 + i + attempt * 1000003ull);
      observer.length = 0;
      const std::size_t offset = static_cast<std::size_t>(attempt) * seconds_to_frames(0.137, rate);
      const gen::Event late = gen::Event::trigger(static_cast<std::uint32_t>(offset % kBlock), 1.0f);
      render_frames(hiss, offset - offset % kBlock, left, right);
      render_frames(hiss, offset % kBlock + frames, left, right, std::span<const gen::Event>(&late, 1));
      left.erase(left.begin(), left.begin() + static_cast<std::ptrdiff_t>(offset % kBlock));
      if (observer.length > 0 && observer.length < left.size()) left.resize(observer.length);
      std::vector<float> probe = left;
      if (!dsp::normalize_in_place(std::span<float>(probe), kFlickerPeakDbfs)) continue;  // a gap: draw again
      if (dsp::detect_clicks(probe).empty()) break;
    }
    if (!dsp::normalize_in_place(std::span<float>(left), kFlickerPeakDbfs)) {
      out.warnings.push_back(fmt::format("{}: flicker {} is silent, skipped", name, i + 1));
      continue;
    }
    ItemSpec spec{SampleKind::kFlicker, "", "", false, false, std::nullopt};
    spec.file_name = drums ? fmt::format("hiss_flicker_{}_{:02d}.wav", src.label, i + 1)
                           : fmt::format("hiss_flicker_{:02d}.wav", i + 1);
    add_item(out, make_buffer({left}, rate), spec, src, scene);
  }
  hiss.set_flicker_observer(nullptr);
  return out;
}

}  // namespace afterglow::render
