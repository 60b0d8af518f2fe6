#include "afterglow/gen/loop_set.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "afterglow/dsp/levels.h"
#include "afterglow/dsp/loop.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/dsp/paulstretch.h"

namespace afterglow::gen {

namespace {

constexpr double kMinPadSeconds = 0.05;
constexpr double kTrimSearchMs = 150.0;

std::vector<float> average(std::span<const float> a, std::span<const float> b) {
  std::vector<float> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = 0.5f * (a[i] + b[i]);
  return out;
}

// Normalised zero-lag correlation of head and tail, as dsp/loop measures it for its blend curve.
double correlation(std::span<const float> a, std::span<const float> b) {
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return aa <= 1e-30 || bb <= 1e-30 ? 0.0 : ab / std::sqrt(aa * bb);
}

bool all_finite(std::span<const float> x) {
  return std::all_of(x.begin(), x.end(), [](float v) { return std::isfinite(v); });
}

void scale(std::span<float> x, double gain) {
  for (float& v : x) v = static_cast<float>(v * gain);
}

double rms_of(std::span<const float> a, std::span<const float> b) {
  const double ra = dsp::rms(a);
  const double rb = b.empty() ? ra : dsp::rms(b);
  return std::sqrt(0.5 * (ra * ra + rb * rb));
}

}  // namespace

double drone_stretch_factor(DroneStretch stretch) {
  switch (stretch) {
    case DroneStretch::k1x:
      return 1.0;
    case DroneStretch::k2x:
      return 2.0;
    case DroneStretch::k4x:
      return 4.0;
    case DroneStretch::k8x:
      return 8.0;
    default:
      return 0.0;
  }
}

Result<std::vector<std::vector<float>>> make_periodic_loop(std::span<const std::span<const float>> channels,
                                                           double crossfade_ms, double sample_rate,
                                                           bool optimize) {
  if (channels.empty() || channels.front().size() < 8) {
    return Error(ErrorKind::kInvalidValue, "A loop needs at least 8 frames of audio");
  }
  for (const auto& c : channels) {
    if (c.size() != channels.front().size()) {
      return Error(ErrorKind::kInvalidValue, "The channels of a loop source must all have the same length");
    }
  }
  const std::vector<float> mono = channels.size() == 1
                                      ? std::vector<float>(channels[0].begin(), channels[0].end())
                                      : average(channels[0], channels[1]);
  dsp::LoopPlan plan =
      dsp::plan_seamless_loop(mono, crossfade_ms, sample_rate, optimize && crossfade_ms <= kTrimSearchMs);
  if (optimize && crossfade_ms > kTrimSearchMs) {
    // A long blend: find the trim with a short one (the search costs blend × search length, and the
    // best alignment of the material does not depend on how long the blend is), then blend long.
    const dsp::LoopPlan probe = dsp::plan_seamless_loop(mono, kTrimSearchMs, sample_rate, true);
    const std::size_t kept = mono.size() - probe.trim;
    const std::size_t n = std::min(plan.crossfade, kept / 2);
    plan.trim = probe.trim;
    plan.crossfade = n;
    plan.loop_length = kept - n;
    plan.correlation = std::clamp(
        correlation(std::span<const float>(mono).first(n), std::span<const float>(mono).subspan(kept - n, n)),
        dsp::kMinLoopCorrelation, 1.0);
  }
  if (plan.crossfade < 4) {
    // A blend of a few frames still hides the wrap; no blend at all would leave the raw cut.
    plan = dsp::plan_seamless_loop(mono, 8000.0 / sample_rate, sample_rate, false);
  }
  // Octave copies need the period to halve twice exactly. Trimming up to 3 more frames from the end
  // keeps the loop seamless (the tail blended in is simply taken from 3 frames earlier).
  const std::size_t extra = plan.loop_length % 4;
  plan.trim += extra;
  plan.loop_length -= extra;
  plan.crossfade = std::min(plan.crossfade, plan.loop_length);
  if (plan.loop_length < 8) return Error(ErrorKind::kInvalidValue, "The loop would be shorter than 8 frames");
  std::vector<std::vector<float>> out(channels.size(), std::vector<float>(plan.loop_length));
  for (std::size_t c = 0; c < channels.size(); ++c) dsp::render_seamless_loop(channels[c], plan, out[c]);
  return out;
}

struct DroneLoopSet::Loop {
  std::vector<float> left[MaterialView::kMaxLevels];
  std::vector<float> right[MaterialView::kMaxLevels];
  std::vector<float> left_up;
  std::vector<float> right_up;
  MaterialView view;
};

DroneLoopSet::DroneLoopSet() = default;
DroneLoopSet::~DroneLoopSet() = default;
DroneLoopSet::DroneLoopSet(DroneLoopSet&&) noexcept = default;
DroneLoopSet& DroneLoopSet::operator=(DroneLoopSet&&) noexcept = default;

Result<DroneLoopSet> DroneLoopSet::from_pad(std::span<const float> left, std::span<const float> right,
                                            double sample_rate, float root_note,
                                            const DroneLoopSetOptions& options) {
  if (!(sample_rate > 0.0) || !std::isfinite(sample_rate)) {
    return Error(ErrorKind::kInvalidValue, "The sample rate must be positive");
  }
  if (left.empty()) return Error(ErrorKind::kInvalidValue, "The pad has no audio");
  if (!right.empty() && right.size() != left.size()) {
    return Error(ErrorKind::kInvalidValue, "The pad's channels differ in length",
                 {{"left", std::to_string(left.size())}, {"right", std::to_string(right.size())}});
  }
  if (static_cast<double>(left.size()) < kMinPadSeconds * sample_rate) {
    return Error(ErrorKind::kInvalidValue, "The pad is too short to loop (under 50 ms)",
                 {{"frames", std::to_string(left.size())}});
  }
  if (!all_finite(left) || !all_finite(right)) {
    return Error(ErrorKind::kInvalidValue, "The pad contains NaN or infinite samples");
  }
  DroneLoopSet set;
  set.sample_rate_ = sample_rate;
  set.root_note_ = std::isfinite(root_note) ? root_note : 69.0f;
  set.source_stereo_ = !right.empty();
  set.options_ = options;

  std::vector<std::span<const float>> channels{left};
  if (set.source_stereo_) channels.push_back(right);
  auto looped = make_periodic_loop(channels, options.loop_crossfade_ms, sample_rate);
  if (!looped) return looped.error();
  auto& loops = looped.value();
  std::vector<std::span<float>> spans;
  for (auto& c : loops) spans.emplace_back(c);
  if (auto st = dsp::normalize_in_place(spans, options.peak_dbfs); !st) return st.error();
  set.source_left_ = loops[0];
  if (set.source_stereo_) set.source_right_ = loops[1];
  set.pad_rms_ = rms_of(set.source_left_, set.source_right_);
  std::vector<float> r = set.source_stereo_ ? std::move(loops[1]) : std::vector<float>{};
  if (auto st = set.add_loop(DroneStretch::k1x, std::move(loops[0]), std::move(r)); !st) return st.error();
  return set;
}

Status DroneLoopSet::render(DroneStretch stretch) {
  const auto index = static_cast<std::size_t>(stretch);
  if (index >= kDroneStretchCount) return Error(ErrorKind::kInvalidValue, "Unknown drone stretch");
  if (loops_[index]) return Ok{};
  if (source_left_.empty()) return Error(ErrorKind::kInvalidValue, "The loop set has no pad loop");

  const bool frozen = stretch == DroneStretch::kFrozen;
  const std::size_t period = source_left_.size();
  const std::size_t window = dsp::paulstretch_window_size(options_.window_seconds, sample_rate_);
  PeriodicStretch plan;
  plan.window = window;
  if (frozen) {
    // The moment at the loop's centre, walked forward and back (Paulstretch discards phase, so the
    // walk's direction is inaudible): the rendering holds that moment and is periodic by construction.
    plan.span =
        std::min(period, std::max(window / 2, static_cast<std::size_t>(std::max(
                                                  0.0, options_.frozen_source_seconds * sample_rate_))));
    plan.start = (period - plan.span) / 2;
    plan.ping_pong = true;
    plan.frames_out = options_.frozen_seconds * sample_rate_;
  } else {
    const double factor = drone_stretch_factor(stretch);
    plan.span = period;
    plan.frames_out =
        std::min(static_cast<double>(period) * factor, options_.max_stretched_seconds * sample_rate_);
    if (plan.frames_out < static_cast<double>(period) * factor) {
      // Capped: stretch the loop's centre by the full factor and walk it forward and back.
      plan.span = std::max(window / 2, static_cast<std::size_t>(plan.frames_out / (2.0 * factor)));
      plan.start = (period - std::min(period, plan.span)) / 2;
      plan.ping_pong = true;
    }
  }
  // Same seed for both channels of a stereo pad: phases shared per bin keep its image.
  const std::uint64_t seed = options_.seed * 0x9e3779b97f4a7c15ULL + index;
  std::vector<std::vector<float>> loops;
  loops.push_back(paulstretch_periodic(source_left_, plan, seed));
  if (source_stereo_) loops.push_back(paulstretch_periodic(source_right_, plan, seed));
  // Match the pad loop's RMS, so a stretch switch changes the texture, not the level.
  const double loop_rms =
      rms_of(loops[0], source_stereo_ ? std::span<const float>(loops[1]) : std::span<const float>());
  if (!(loop_rms > 1e-9)) return Error(ErrorKind::kSilent, "The stretched pad is silent");
  for (auto& c : loops) scale(c, pad_rms_ / loop_rms);
  std::vector<float> r = source_stereo_ ? std::move(loops[1]) : std::vector<float>{};
  return add_loop(stretch, std::move(loops[0]), std::move(r));
}

Status DroneLoopSet::render_all() {
  for (std::size_t i = 1; i < kDroneStretchCount; ++i) {
    if (auto st = render(static_cast<DroneStretch>(i)); !st) return st;
  }
  return Ok{};
}

Status DroneLoopSet::add_loop(DroneStretch stretch, std::vector<float> left, std::vector<float> right) {
  auto loop = std::make_unique<Loop>();
  if (right.empty() && options_.decorrelate_mono) {
    // Mid = the pad, side = its decorrelated copy: L = (x + Dx)/√2, R = (x − Dx)/√2. Each channel keeps
    // the pad's power (x and Dx are uncorrelated), and width 0 in the Drone gives back x itself.
    const std::vector<float> side =
        decorrelate_periodic(left, sample_rate_, options_.seed + static_cast<std::uint64_t>(stretch));
    right.resize(left.size());
    constexpr double kHalfRoot = 0.70710678118654752;
    for (std::size_t i = 0; i < left.size(); ++i) {
      const double x = left[i];
      left[i] = static_cast<float>(kHalfRoot * (x + side[i]));
      right[i] = static_cast<float>(kHalfRoot * (x - side[i]));
    }
  }
  loop->left[0] = std::move(left);
  loop->right[0] = std::move(right);
  for (int k = 1; k < MaterialView::kMaxLevels; ++k) {
    if (loop->left[k - 1].size() < 4 || loop->left[k - 1].size() % 2 != 0) break;
    loop->left[k] = decimate_periodic(loop->left[k - 1]);
    if (!loop->right[0].empty()) loop->right[k] = decimate_periodic(loop->right[k - 1]);
  }
  if (options_.oversampled) {
    loop->left_up = upsample_periodic(loop->left[0]);
    if (!loop->right[0].empty()) loop->right_up = upsample_periodic(loop->right[0]);
  }
  MaterialView& v = loop->view;
  v.sample_rate = sample_rate_;
  v.root_note = root_note_;
  v.level_count = 0;
  for (int k = 0; k < MaterialView::kMaxLevels; ++k) {
    if (loop->left[k].empty()) break;
    const float* l = loop->left[k].data();
    v.levels[k] = {l, loop->right[k].empty() ? l : loop->right[k].data(), loop->left[k].size()};
    v.level_count = k + 1;
  }
  if (!loop->left_up.empty()) {
    v.oversampled = {loop->left_up.data(),
                     loop->right_up.empty() ? loop->left_up.data() : loop->right_up.data(),
                     loop->left_up.size()};
  }
  loops_[static_cast<std::size_t>(stretch)] = std::move(loop);
  return Ok{};
}

bool DroneLoopSet::has(DroneStretch stretch) const {
  const auto i = static_cast<std::size_t>(stretch);
  return i < kDroneStretchCount && loops_[i] != nullptr;
}

DroneLoopSetView DroneLoopSet::view() const {
  DroneLoopSetView v;
  for (std::size_t i = 0; i < kDroneStretchCount; ++i) {
    if (loops_[i]) v.loops[i] = loops_[i]->view;
  }
  v.root_note = root_note_;
  v.sample_rate = sample_rate_;
  v.synthetic_width = !source_stereo_ && options_.decorrelate_mono;
  return v;
}

std::span<const float> DroneLoopSet::left(DroneStretch stretch) const {
  return has(stretch) ? std::span<const float>(loops_[static_cast<std::size_t>(stretch)]->left[0])
                      : std::span<const float>();
}

std::span<const float> DroneLoopSet::right(DroneStretch stretch) const {
  if (!has(stretch)) return {};
  const Loop& l = *loops_[static_cast<std::size_t>(stretch)];
  return l.right[0].empty() ? std::span<const float>(l.left[0]) : std::span<const float>(l.right[0]);
}

}  // namespace afterglow::gen
