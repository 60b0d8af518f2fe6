// The cloud's scheduler: when grains start, which grain makes room when the pool is full, and where and
// how each new grain reads the material.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "afterglow/gen/cloud.h"

namespace afterglow::gen {

namespace {

// A level is used up to a semitone past its octave (see cloud.h).
const double kLevelSlack = std::exp2(1.0 / 12.0);
// Size spread never makes a grain shorter than this: below ~5 ms a grain is a click, not a sound.
constexpr double kMinGrainMs = 5.0;
constexpr std::int64_t kMinGrainSamples = 32;

constexpr int kMajor[7] = {0, 2, 4, 5, 7, 9, 11};
constexpr int kMinor[7] = {0, 2, 3, 5, 7, 8, 10};

bool in_scale(int note, int root, const int* scale) {
  const int pc = ((note - root) % 12 + 12) % 12;
  for (int i = 0; i < 7; ++i) {
    if (scale[i] == pc) return true;
  }
  return false;
}

}  // namespace

struct Cloud::Placement {
  const float* left = nullptr;
  const float* right = nullptr;
  std::size_t frames = 0;  // of the chosen level
  double factor = 1.0;     // level samples per full-rate frame
  int level = 0;
  std::uint32_t source = 0;
  double position = 0.0;  // full-rate frames
  bool picked = false;
};

double Cloud::draw_interval() noexcept {
  // Between Poisson (exponential waits, regularity 0) and a metronome (regularity 1), mean preserved.
  const double mean = sample_rate_ / std::max(1e-3, static_cast<double>(params_.density));
  const double u = rng_.uniform();
  const double exponential = -std::log1p(-u);
  const double r = params_.regularity;
  return mean * ((1.0 - r) * exponential + r);
}

void Cloud::advance_ends(std::size_t rel) noexcept {
  rel = std::min(rel, block_frames_);
  while (ends_done_ < rel) {
    ++ends_done_;
    live_ -= ends_live_[ends_done_];
    fading_ -= ends_fading_[ends_done_];
  }
}

void Cloud::fade_out(Grain& g, std::uint64_t at) noexcept {
  const std::uint64_t block_end = clock_ + block_frames_;
  if (g.end <= block_end) ends_live_[g.end - clock_] -= 1;
  g.fade_start = at;
  g.fade_curve = fade_curve_.data();
  g.end = std::min(g.end, at + fade_length_);
  if (g.end <= block_end) ends_fading_[g.end - clock_] += 1;
  live_ -= 1;
  fading_ += 1;
}

bool Cloud::steal_oldest(std::uint64_t at) noexcept {
  // Grains are in start order, so the first one still sounding and not yet fading is the oldest. The
  // cursor only moves forward within a block: a grain skipped here is over or fading for good.
  while (steal_cursor_ < count_) {
    Grain& g = grains_[steal_cursor_];
    if (g.end > at && !g.fading()) {
      fade_out(g, at);
      ++stats_.stolen;
      return true;
    }
    ++steal_cursor_;
  }
  return false;
}

std::uint64_t Cloud::first_fade_end() const noexcept {
  std::uint64_t first = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t now = clock_ + ends_done_;
  for (std::size_t i = 0; i < count_; ++i) {
    const Grain& g = grains_[i];
    if (g.fading() && g.end > now) first = std::min(first, g.end);
  }
  return first;
}

void Cloud::spawn_until(std::size_t limit) noexcept {
  const std::uint64_t limit_abs = clock_ + limit;
  for (;;) {
    // The next candidate: a triggered grain or the regular schedule, never two on one frame.
    const bool triggered = trigger_count_ > 0 && (static_cast<double>(trigger_time_) <= next_spawn_);
    const double due = triggered ? static_cast<double>(trigger_time_) : next_spawn_;
    if (!(due < static_cast<double>(limit_abs))) return;  // also stops on infinity
    auto at = static_cast<std::uint64_t>(std::ceil(due));
    float offset = static_cast<float>(static_cast<double>(at) - due);  // sub-sample delay of sample 0
    if (static_cast<std::int64_t>(at) <= last_start_) {
      at = static_cast<std::uint64_t>(last_start_ + 1);
      offset = 0.0f;
    }
    if (at < clock_) at = clock_;  // a start scheduled in a past block (never expected): start now
    if (at >= limit_abs) {
      // Pushed past this segment by the one-per-frame rule: wait for the next one.
      if (triggered) trigger_time_ = at;
      return;
    }
    advance_ends(static_cast<std::size_t>(at - clock_));

    if (live_ >= capacity_) {
      if (fading_ >= kFadeReserve || !steal_oldest(at)) {
        // The reserve is full: start when the first fade ends (at most kStealFadeMs away).
        const std::uint64_t when = std::max(first_fade_end(), at + 1);
        ++stats_.deferred;
        if (triggered) {
          trigger_time_ = when;
        } else {
          next_spawn_ = static_cast<double>(when);
        }
        continue;
      }
    }

    float amplitude = 1.0f;
    if (triggered) {
      amplitude = pending_triggers_[trigger_head_];
      trigger_head_ = (trigger_head_ + 1) % kMaxPendingTriggers;
      --trigger_count_;
      trigger_time_ = at + 1;
    } else {
      next_spawn_ = params_.density > 0.0f ? due + draw_interval() : std::numeric_limits<double>::infinity();
    }
    last_start_ = static_cast<std::int64_t>(at);
    start_grain(at, offset, amplitude);
  }
}

float Cloud::draw_pitch(float u, const MaterialView& m) const noexcept {
  double p = params_.pitch + params_.pitch_scatter * (2.0 * u - 1.0);
  const auto mode = static_cast<ScaleMode>(static_cast<int>(params_.scale_mode));
  if (mode != ScaleMode::kOff) {
    // Snap the note the grain will sound (the material's root shifted by p) to the scale.
    const int root = static_cast<int>(params_.scale_root);
    const double ref = std::isfinite(m.root_note) ? m.root_note : 60.0 + root;
    const double note = ref + p;
    const int* scale = mode == ScaleMode::kMajor ? kMajor : kMinor;
    const auto centre = static_cast<int>(std::lround(note));
    int best = centre;
    double best_distance = 1e9;
    for (int d = -2; d <= 2; ++d) {
      const int n = centre + d;
      const double distance = std::fabs(n - note);
      if (in_scale(n, root, scale) && distance < best_distance) {
        best = n;
        best_distance = distance;
      }
    }
    p = best - ref;
  }
  return static_cast<float>(std::clamp(p, -24.0, 24.0));
}

bool Cloud::place(Placement& p, std::uint64_t at, float u_position, float u_choice) noexcept {
  if (material_.empty()) return false;
  bool picked = false;
  if (picker_ != nullptr && params_.target_amount > 0.0f && u_choice < params_.target_amount) {
    GrainTarget target{params_.target_brightness, params_.target_stability, params_.target_loudness,
                       params_.min_quality};
    GrainPick pick;
    if (picker_->pick(target, pick_rng_, pick) && pick.source < material_.size() &&
        !material_[pick.source].empty()) {
      p.source = pick.source;
      p.position = static_cast<double>(std::min(pick.frame, material_[pick.source].frames() - 1));
      picked = true;
    }
  }
  if (!picked) {
    p.source = std::min<std::uint32_t>(static_cast<std::uint32_t>(params_.source),
                                       static_cast<std::uint32_t>(material_.size() - 1));
    const MaterialView& m = material_[p.source];
    if (m.empty()) return false;
    const double frames = static_cast<double>(m.frames());
    // The playhead at this very frame (drift_ is where it stood at the segment's start).
    std::int64_t head = drift_;
    if (!frozen_) head += static_cast<std::int64_t>(at - clock_ - segment_offset_) * scan_step_;
    const double drift = static_cast<double>(head) / static_cast<double>(kGrainFracOne);
    double pos = (params_.position + params_.spray * (u_position - 0.5)) * frames + drift;
    pos = std::fmod(pos, frames);
    if (pos < 0.0) pos += frames;
    p.position = pos;
  }
  p.picked = picked;
  return true;
}

bool Cloud::start_grain(std::uint64_t at, float offset, float amplitude) noexcept {
  // Always the same draws in the same order, so one parameter's change never reshuffles the others.
  const float u_size = static_cast<float>(rng_.uniform());
  const float u_position = static_cast<float>(rng_.uniform());
  const float u_choice = static_cast<float>(rng_.uniform());
  const float u_pitch = static_cast<float>(rng_.uniform());
  const float u_reverse = static_cast<float>(rng_.uniform());
  const float u_pan = static_cast<float>(rng_.uniform());

  Placement p;
  if (!place(p, at, u_position, u_choice)) return false;
  const MaterialView& m = material_[p.source];

  double length =
      params_.size_ms * 0.001 * sample_rate_ * std::exp2(2.0 * params_.size_spread * (2.0 * u_size - 1.0));
  length = std::max(length, kMinGrainMs * 0.001 * sample_rate_);
  const double ratio = std::exp2(draw_pitch(u_pitch, m) / 12.0);
  const bool reverse = u_reverse < params_.reverse;

  // The level whose band survives the shift (see cloud.h).
  if (ratio == 1.0) {
    p.level = 0;
  } else if (ratio <= kLevelSlack && m.oversampled.frames > 4) {
    p.level = -1;
  } else {
    p.level = 0;
    while (p.level + 1 < m.level_count && ratio > std::exp2(p.level) * kLevelSlack) ++p.level;
  }
  const MaterialView::Level& level = p.level < 0 ? m.oversampled : m.levels[p.level];
  p.factor = p.level < 0 ? 2.0 : std::exp2(-p.level);
  if (level.frames < 8 || level.left == nullptr) return false;

  const double step_real = std::min(ratio * p.factor, kGrainMaxStep);
  const auto step = static_cast<std::int64_t>(std::max<double>(1.0, std::llround(step_real * kGrainFracOne)));
  // Samples rendered: n = 0, 1, … while n + offset < length.
  auto samples = static_cast<std::int64_t>(std::ceil(length - offset));
  // The read covers [a, a + span] in level samples, plus the interpolator's one before and two after.
  const auto usable = static_cast<std::int64_t>(level.frames) - 4;
  std::int64_t span = ((samples - 1) * step + kGrainFracOne - 1) >> kGrainFracBits;
  if (span > usable - 1) {
    samples = ((usable - 1) << kGrainFracBits) / step + 1;
    if (samples < kMinGrainSamples) return false;
    span = ((samples - 1) * step + kGrainFracOne - 1) >> kGrainFracBits;
    length = static_cast<double>(samples) + offset;
  }
  const auto want = static_cast<std::int64_t>(std::floor(p.position * p.factor));
  const std::int64_t a = std::clamp<std::int64_t>(want, 1, std::max<std::int64_t>(1, usable - span));

  Grain& g = grains_[count_];
  g = Grain{};
  g.left = level.left;
  g.right = level.right;
  g.stereo = level.right != level.left;
  g.step = static_cast<std::int32_t>(reverse ? -step : step);
  g.phase = reverse ? (a << kGrainFracBits) + (samples - 1) * step : a << kGrainFracBits;

  // Equal-power pan, normalised so a centred grain has unity gain on both sides.
  const double theta = 0.25 * std::numbers::pi * (1.0 + params_.stereo_spread * (2.0 * u_pan - 1.0));
  g.gain_left = static_cast<float>(std::numbers::sqrt2 * std::cos(theta) * amplitude);
  g.gain_right = static_cast<float>(std::numbers::sqrt2 * std::sin(theta) * amplitude);

  g.start = at;
  g.end = at + static_cast<std::uint64_t>(samples);
  g.window = &window_;
  g.shape = GrainWindow::shape(params_.window_shape, length, sample_rate_);
  g.window_scale = 1.0 / length;
  g.window_offset = offset;
  // About 64 chunks per grain, 8 to 128 samples long; for shapes with rounded corners (square,
  // triangle) at most a sixth of the corner's length, so every parabola follows the window's curvature.
  const bool cornered = g.shape.square != 0.0f || g.shape.triangle != 0.0f;
  const double feature = cornered ? g.shape.edge * length / 6.0 : length;
  std::uint32_t shift = 3;
  while (shift < 7 && static_cast<double>(1u << (shift + 1)) * 64.0 <= length &&
         static_cast<double>(1u << (shift + 1)) <= feature) {
    ++shift;
  }
  g.chunk_shift = shift;
  g.window_chunk = Grain::kNoChunk;
  ++count_;

  live_ += 1;
  if (g.end <= clock_ + block_frames_) ends_live_[g.end - clock_] += 1;
  ++stats_.spawned;
  if (p.picked) ++stats_.picked;

  if (observer_ != nullptr) {
    GrainSpawn s;
    s.frame = at;
    s.source = p.source;
    s.start = static_cast<double>(a) / p.factor;
    s.ratio = static_cast<float>(ratio);
    s.level = p.level;
    s.reverse = reverse;
    s.picked = p.picked;
    s.length = static_cast<std::uint32_t>(samples);
    observer_->on_spawn(s);
  }
  return true;
}

}  // namespace afterglow::gen
