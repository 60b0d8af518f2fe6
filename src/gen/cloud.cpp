#include "afterglow/gen/cloud.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace afterglow::gen {

void Cloud::prepare(double sample_rate, std::size_t max_block, std::size_t capacity) {
  sample_rate_ = sample_rate > 0.0 ? sample_rate : 48000.0;
  max_block_ = std::max<std::size_t>(max_block, 1);
  capacity_ = std::max<std::size_t>(capacity, 1);
  render_ = grain_render_function();

  // A grain in its steal fade occupies a reserve slot; at most one grain starts per frame, and grains
  // that end inside a block keep their slot until the block is rendered.
  grains_.assign(capacity_ + kFadeReserve + max_block_ + 1, Grain{});
  ends_live_.assign(max_block_ + 1, 0);
  ends_fading_.assign(max_block_ + 1, 0);
  gain_buffer_.assign(max_block_, 0.0f);

  fade_length_ = std::max<std::uint32_t>(
      2, static_cast<std::uint32_t>(std::lround(kStealFadeMs * 0.001 * sample_rate_)));
  fade_curve_.assign(fade_length_ + 8, 0.0f);  // padding: the vector kernel may read a lane past the end
  for (std::uint32_t i = 0; i < fade_length_; ++i) {
    const double x = static_cast<double>(i + 1) / static_cast<double>(fade_length_ + 1);
    fade_curve_[i] = static_cast<float>(0.5 + 0.5 * std::cos(std::numbers::pi * x));
  }

  gain_.prepare(sample_rate_, kGainSmoothingMs);
  reset(0);
}

void Cloud::reset(std::uint64_t seed) noexcept {
  rng_.reseed(seed, 0x5eed'c10d'0001ULL);
  pick_rng_.reseed(seed, 0x5eed'c10d'0002ULL);
  count_ = live_ = fading_ = 0;
  clock_ = 0;
  next_spawn_ = params_.density > 0.0f ? 0.0 : std::numeric_limits<double>::infinity();
  last_start_ = -1;
  trigger_head_ = trigger_count_ = 0;
  trigger_time_ = 0;
  drift_ = 0;
  scan_step_ = std::llround(static_cast<double>(params_.scan) * static_cast<double>(kGrainFracOne));
  frozen_ = params_.freeze > 0.5f;
  stats_ = {};
  update_gain_target();
  gain_.reset(gain_.target());
}

void Cloud::set_param(CloudParam param, float value) noexcept {
  apply_param(param, value, static_cast<double>(clock_));
}

void Cloud::process(StereoBlock out, EventSpan events) noexcept {
  const std::size_t frames = std::min(out.left.size(), out.right.size());
  if (grains_.empty()) {  // not prepared: silence rather than a crash
    out.clear();
    return;
  }
  // Blocks longer than prepare()'s max_block are rendered in pieces, each with its own events.
  std::size_t done = 0;
  std::size_t first_event = 0;
  do {
    const std::size_t n = std::min(frames - done, max_block_);
    std::size_t last_event = first_event;
    const bool final_piece = done + n >= frames;
    while (last_event < events.size() && (final_piece || events[last_event].frame < done + n)) ++last_event;
    process_block(out.slice(done, n), events.subspan(first_event, last_event - first_event), done);
    first_event = last_event;
    done += n;
  } while (done < frames);
}

void Cloud::process_block(StereoBlock out, EventSpan events, std::size_t event_offset) noexcept {
  const std::size_t frames = out.frames();
  begin_block(frames);

  // Pass 1, in time order: events, grain starts (and steals), the per-sample output gain, the playhead.
  std::size_t done = 0;
  for (const Event& e : events) {
    const std::size_t at =
        std::min<std::size_t>(e.frame >= event_offset ? e.frame - event_offset : 0, frames);
    if (at > done) {
      run_segment(done, at - done);
      done = at;
    }
    apply_event(e, at);
  }
  if (done < frames) run_segment(done, frames - done);

  // Pass 2: every grain, in start order, over the frames it sounds in this block.
  std::fill(out.left.begin(), out.left.end(), 0.0f);
  std::fill(out.right.begin(), out.right.end(), 0.0f);
  const std::uint64_t block_end = clock_ + frames;
  constexpr std::size_t kPrefetchAhead = 2;
  for (std::size_t i = 0; i < std::min(count_, kPrefetchAhead); ++i) grain_prefetch(grains_[i], frames);
  for (std::size_t i = 0; i < count_; ++i) {
    if (i + kPrefetchAhead < count_) grain_prefetch(grains_[i + kPrefetchAhead], frames);
    Grain& g = grains_[i];
    const std::uint64_t from = std::max(g.start, clock_);
    const std::uint64_t to = std::min(g.end, block_end);
    if (from >= to) continue;
    const std::size_t at = static_cast<std::size_t>(from - clock_);
    render_(g, from, out.left.data() + at, out.right.data() + at, static_cast<std::size_t>(to - from));
  }
  for (std::size_t i = 0; i < frames; ++i) {
    out.left[i] *= gain_buffer_[i];
    out.right[i] *= gain_buffer_[i];
  }

  clock_ = block_end;
  std::size_t active = 0;
  std::size_t fading = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (grains_[i].end > clock_) {
      ++active;
      if (grains_[i].fading()) ++fading;
    }
  }
  stats_.active = active;
  stats_.fading = fading;
}

void Cloud::begin_block(std::size_t frames) noexcept {
  // Drop grains that finished before this block, keeping start order (the summation order).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (grains_[i].end > clock_) {
      if (kept != i) grains_[kept] = grains_[i];
      ++kept;
    }
  }
  count_ = kept;
  block_frames_ = frames;
  std::fill(ends_live_.begin(), ends_live_.begin() + static_cast<std::ptrdiff_t>(frames) + 1, 0u);
  std::fill(ends_fading_.begin(), ends_fading_.begin() + static_cast<std::ptrdiff_t>(frames) + 1, 0u);
  live_ = fading_ = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    const Grain& g = grains_[i];
    const bool fading = g.fading();
    (fading ? fading_ : live_) += 1;
    if (g.end <= clock_ + frames) (fading ? ends_fading_ : ends_live_)[g.end - clock_] += 1;
  }
  ends_done_ = 0;
  steal_cursor_ = 0;
}

void Cloud::run_segment(std::size_t offset, std::size_t count) noexcept {
  segment_offset_ = offset;
  spawn_until(offset + count);
  for (std::size_t i = offset; i < offset + count; ++i) gain_buffer_[i] = static_cast<float>(gain_.next());
  if (!frozen_) drift_ += static_cast<std::int64_t>(count) * scan_step_;
}

void Cloud::apply_event(const Event& e, std::size_t frame) noexcept {
  // The playhead position at this frame is already accounted for by run_segment.
  const double time = static_cast<double>(clock_ + frame);
  switch (e.type) {
    case EventType::kParam:
      if (e.id < kCloudParamCount) apply_param(static_cast<CloudParam>(e.id), e.value, time);
      break;
    case EventType::kFreeze:
      apply_param(CloudParam::kFreeze, e.value > 0.5f ? 1.0f : 0.0f, time);
      break;
    case EventType::kTrigger:
      if (trigger_count_ < kMaxPendingTriggers && std::isfinite(e.value)) {
        if (trigger_count_ == 0) trigger_time_ = clock_ + frame;
        pending_triggers_[(trigger_head_ + trigger_count_) % kMaxPendingTriggers] =
            std::clamp(e.value, 0.0f, 1.0f);
        ++trigger_count_;
      }
      break;
    case EventType::kAllOff: {
      const std::uint64_t at = clock_ + frame;
      advance_ends(frame);
      for (std::size_t i = 0; i < count_; ++i) {
        Grain& g = grains_[i];
        if (g.end > at && !g.fading()) fade_out(g, at);
      }
      trigger_count_ = 0;
      break;
    }
    case EventType::kNoteOn:
    case EventType::kNoteOff:
      break;  // the cloud is not played by notes
  }
}

void Cloud::apply_param(CloudParam param, float value, double time) noexcept {
  if (!clamp_cloud_param(param, value)) return;
  const float old = params_[param];
  params_[param] = value;
  switch (param) {
    case CloudParam::kDensity:
      // Keep the next start's share of its wait: a jump from 0.1 to 100 grains/s must not leave the
      // next grain ten seconds away.
      if (value <= 0.0f) {
        next_spawn_ = std::numeric_limits<double>::infinity();
      } else if (old <= 0.0f || !std::isfinite(next_spawn_)) {
        next_spawn_ = time + draw_interval();
      } else if (next_spawn_ > time) {
        next_spawn_ = time + (next_spawn_ - time) * (static_cast<double>(old) / static_cast<double>(value));
      }
      update_gain_target();
      break;
    case CloudParam::kSizeMs:
    case CloudParam::kSizeSpread:
    case CloudParam::kLevel:
      update_gain_target();
      break;
    case CloudParam::kScan:
      scan_step_ = std::llround(static_cast<double>(value) * static_cast<double>(kGrainFracOne));
      break;
    case CloudParam::kFreeze:
      frozen_ = value > 0.5f;
      break;
    default:
      break;
  }
}

void Cloud::update_gain_target() noexcept {
  // Grains overlap N = density × mean length on average; with uncorrelated grains the sum grows as
  // √N, so 1/√N keeps the level steady across density and size (Clouds uses 1/√(N−1)). The mean of
  // 2^(a·u), u uniform in [−1, 1], is sinh(a ln 2)/(a ln 2).
  const double a = 2.0 * params_.size_spread * std::numbers::ln2;
  const double spread_mean = a > 1e-9 ? std::sinh(a) / a : 1.0;
  const double overlap = params_.density * params_.size_ms * 0.001 * spread_mean;
  gain_.set_target(params_.level / std::sqrt(std::max(1.0, overlap)));
}

}  // namespace afterglow::gen
