#include "afterglow/gen/hiss.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace afterglow::gen {

namespace {

// Uniform white noise has RMS 1/√3; Kellet's pink, as dsp/noise scales it, about 0.2.
constexpr float kWhiteScale = kHissSourceRms * 1.7320508f;
constexpr float kPinkScale = kHissSourceRms / 0.2f;

// splitmix64: independent seeds for the noise streams from one generator seed.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

void Hiss::prepare(double sample_rate, std::size_t max_block) {
  sample_rate_ = sample_rate > 0.0 ? sample_rate : 48000.0;
  max_block_ = std::max<std::size_t>(max_block, 1);
  for (auto& s : streams_) s.assign(max_block_, 0.0f);
  for (auto& s : incoming_) s.assign(max_block_, 0.0f);
  env_left_.assign(max_block_, 0.0f);
  env_right_.assign(max_block_, 0.0f);

  source_fade_length_ =
      std::max<std::size_t>(2, static_cast<std::size_t>(std::lround(kSourceFadeMs * 0.001 * sample_rate_)));
  source_fade_in_.assign(source_fade_length_, 0.0f);
  source_fade_out_.assign(source_fade_length_, 0.0f);
  for (std::size_t i = 0; i < source_fade_length_; ++i) {
    const double u = (static_cast<double>(i) + 0.5) / static_cast<double>(source_fade_length_);
    source_fade_in_[i] = static_cast<float>(std::sin(0.5 * std::numbers::pi * u));
    source_fade_out_[i] = static_cast<float>(std::cos(0.5 * std::numbers::pi * u));
  }

  filter_.prepare(sample_rate_);
  depth_.prepare(sample_rate_, kGainSmoothingMs);
  bed_level_.prepare(sample_rate_, kGainSmoothingMs);
  level_.prepare(sample_rate_, kGainSmoothingMs);
  reset(0);
}

void Hiss::reset(std::uint64_t seed) noexcept {
  for (std::size_t s = 0; s < kStreams; ++s) {
    white_[s].reseed(mix_seed(seed, s));
    pink_[s].reseed(mix_seed(seed, kStreams + s));
  }
  flicker_rng_.reseed(seed, 0x4155'f11cULL);
  clock_ = 0;
  flickers_.clear();
  flickers_.reset_counters();
  stats_ = {};
  voice_ = resolve_voice();
  next_voice_ = voice_;
  source_fade_pos_ = source_fade_length_;
  filter_.snap(filter_.spec(params_.filter_mode < 0.5f,
                            params_.filter_mode < 0.5f ? params_.low_hz : params_.highpass_hz,
                            params_.high_hz));
  tremolo_phase_ = 0.0;
  depth_.reset(params_.tremolo_depth);
  bed_level_.reset(params_.bed_level);
  level_.reset(params_.level);
  next_flicker_ =
      params_.flicker_rate > 0.0f ? draw_flicker_interval() : std::numeric_limits<double>::infinity();
}

void Hiss::set_material(const HissMaterialView* material) noexcept {
  material_ = material;
}

bool Hiss::reading_previous_material() const noexcept {
  const bool fading = source_fade_pos_ < source_fade_length_;
  return (voice_.kind == HissSource::kDrums && voice_.material != material_) ||
         (fading && next_voice_.kind == HissSource::kDrums && next_voice_.material != material_);
}

void Hiss::set_param(HissParam param, float value) noexcept {
  apply_param(param, value, static_cast<double>(clock_));
}

double Hiss::tremolo_rate_hz() const noexcept {
  if (params_.tremolo_sync > 0.5f) return params_.tempo_bpm / 60.0 * params_.tremolo_division;
  return params_.tremolo_rate_hz;
}

void Hiss::process(StereoBlock out, EventSpan events) noexcept {
  const std::size_t frames = std::min(out.left.size(), out.right.size());
  if (env_left_.empty()) {  // not prepared: silence rather than a crash
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

void Hiss::process_block(StereoBlock out, EventSpan events, std::size_t event_offset) noexcept {
  const std::size_t frames = out.frames();
  flickers_.retire(clock_);
  std::size_t done = 0;
  for (const Event& e : events) {
    const std::size_t at =
        std::min<std::size_t>(e.frame >= event_offset ? e.frame - event_offset : 0, frames);
    if (at > done) {
      run_segment(out, done, at - done);
      done = at;
    }
    apply_event(e, at);
  }
  if (done < frames) run_segment(out, done, frames - done);
  clock_ += frames;
  flickers_.retire(clock_);
  stats_.active_flickers = flickers_.size();
  stats_.flickers_dropped = flickers_.dropped();
}

void Hiss::run_segment(StereoBlock out, std::size_t offset, std::size_t count) noexcept {
  schedule_flickers(offset, count);
  render_sources(offset, count);
  filter_.process({streams_[0].data() + offset, streams_[1].data() + offset, streams_[2].data() + offset},
                  count);

  float* env_l = env_left_.data() + offset;
  float* env_r = env_right_.data() + offset;
  std::fill(env_l, env_l + count, 0.0f);
  std::fill(env_r, env_r + count, 0.0f);
  flickers_.render(clock_ + offset, count, env_l, env_r);

  const float* bed_l = streams_[0].data() + offset;
  const float* bed_r = streams_[1].data() + offset;
  const float* flick = streams_[2].data() + offset;
  float* left = out.left.data() + offset;
  float* right = out.right.data() + offset;
  const double increment = tremolo_rate_hz() / sample_rate_;
  double phase = tremolo_phase_;
  for (std::size_t i = 0; i < count; ++i) {
    // Reference §2.3: gain = 1 − d/2 + (d/2)·sin(2π·phase), between 1 − d and 1.
    const double half_depth = 0.5 * depth_.next();
    const double tremolo = 1.0 - half_depth + half_depth * std::sin(2.0 * std::numbers::pi * phase);
    phase += increment;
    if (phase >= 1.0) phase -= 1.0;
    const auto bed = static_cast<float>(tremolo * bed_level_.next());
    const auto level = static_cast<float>(level_.next());
    left[i] = level * (bed_l[i] * bed + flick[i] * env_l[i]);
    right[i] = level * (bed_r[i] * bed + flick[i] * env_r[i]);
  }
  tremolo_phase_ = phase;
}

void Hiss::apply_event(const Event& e, std::size_t frame) noexcept {
  const double time = static_cast<double>(clock_ + frame);
  switch (e.type) {
    case EventType::kParam:
      if (e.id < kHissParamCount) apply_param(static_cast<HissParam>(e.id), e.value, time);
      break;
    case EventType::kTrigger:
      if (std::isfinite(e.value)) start_flicker(clock_ + frame, std::clamp(e.value, 0.0f, 1.0f), true);
      break;
    case EventType::kNoteOn:
    case EventType::kNoteOff:
    case EventType::kFreeze:
    case EventType::kAllOff:
      break;  // the hiss is a continuous layer; bursts end on their own within 500 ms
  }
}

void Hiss::apply_param(HissParam param, float value, double time) noexcept {
  if (!clamp_hiss_param(param, value)) return;
  const float old = params_[param];
  params_[param] = value;
  switch (param) {
    case HissParam::kFilterMode:
    case HissParam::kLowHz:
    case HissParam::kHighHz:
    case HissParam::kHighpassHz:
      update_filter_target();
      break;
    case HissParam::kTremoloDepth:
      depth_.set_target(value);
      break;
    case HissParam::kBedLevel:
      bed_level_.set_target(value);
      break;
    case HissParam::kLevel:
      level_.set_target(value);
      break;
    case HissParam::kFlickerRate:
      // Keep the next burst's share of its wait: a jump from 0.1 to 20 bursts/s must not leave the
      // next one ten seconds away.
      if (value <= 0.0f) {
        next_flicker_ = std::numeric_limits<double>::infinity();
      } else if (old <= 0.0f || !std::isfinite(next_flicker_)) {
        next_flicker_ = time + draw_flicker_interval();
      } else if (next_flicker_ > time) {
        next_flicker_ =
            time + (next_flicker_ - time) * (static_cast<double>(old) / static_cast<double>(value));
      }
      break;
    default:
      break;  // read where they are used: source and slice at the next segment, the rest per burst
  }
}

void Hiss::update_filter_target() noexcept {
  const bool band = params_.filter_mode < 0.5f;
  filter_.retune(filter_.spec(band, band ? params_.low_hz : params_.highpass_hz, params_.high_hz));
}

Hiss::Voice Hiss::resolve_voice() const noexcept {
  Voice v;
  v.kind = static_cast<HissSource>(static_cast<int>(params_.source));
  if (v.kind == HissSource::kDrums) {
    if (material_ == nullptr || material_->empty()) {
      v.kind = HissSource::kWhite;  // nothing to loop yet: the synthetic source stands in
    } else {
      const auto index = static_cast<std::size_t>(params_.slice) % material_->loops.size();
      v.loop = material_->loops[index];
      v.material = material_;
      if (v.loop.samples == nullptr || v.loop.frames == 0) v = Voice{};
    }
  }
  return v;
}

void Hiss::fill_voice(Voice& v, const std::array<float*, kStreams>& out, std::size_t count) noexcept {
  switch (v.kind) {
    case HissSource::kWhite:
      for (std::size_t s = 0; s < kStreams; ++s) {
        for (std::size_t i = 0; i < count; ++i) out[s][i] = kWhiteScale * white_[s].uniform();
      }
      break;
    case HissSource::kPink:
      for (std::size_t s = 0; s < kStreams; ++s) {
        for (std::size_t i = 0; i < count; ++i) out[s][i] = kPinkScale * pink_[s].next();
      }
      break;
    case HissSource::kDrums: {
      // Three reads of one loop, half and a quarter of it apart: decorrelated streams from one slice.
      const std::size_t frames = v.loop.frames;
      const std::size_t offsets[kStreams] = {0, frames / 2, frames / 4};
      for (std::size_t s = 0; s < kStreams; ++s) {
        std::size_t p = (v.position + offsets[s]) % frames;
        for (std::size_t i = 0; i < count; ++i) {
          out[s][i] = v.loop.samples[p];
          if (++p == frames) p = 0;
        }
      }
      v.position = (v.position + count) % frames;
      break;
    }
  }
}

void Hiss::render_sources(std::size_t offset, std::size_t count) noexcept {
  std::size_t done = 0;
  while (done < count) {
    if (source_fade_pos_ >= source_fade_length_) {
      const Voice target = resolve_voice();
      if (!(target == voice_)) {
        next_voice_ = target;
        source_fade_pos_ = 0;
      }
    }
    const std::array<float*, kStreams> dst{streams_[0].data() + offset + done,
                                           streams_[1].data() + offset + done,
                                           streams_[2].data() + offset + done};
    if (source_fade_pos_ >= source_fade_length_) {
      fill_voice(voice_, dst, count - done);
      return;
    }
    const std::size_t n = std::min(count - done, source_fade_length_ - source_fade_pos_);
    const std::array<float*, kStreams> in{incoming_[0].data(), incoming_[1].data(), incoming_[2].data()};
    fill_voice(voice_, dst, n);
    fill_voice(next_voice_, in, n);
    const float* g_in = source_fade_in_.data() + source_fade_pos_;
    const float* g_out = source_fade_out_.data() + source_fade_pos_;
    for (std::size_t s = 0; s < kStreams; ++s) {
      for (std::size_t i = 0; i < n; ++i) dst[s][i] = g_out[i] * dst[s][i] + g_in[i] * in[s][i];
    }
    source_fade_pos_ += n;
    done += n;
    if (source_fade_pos_ >= source_fade_length_) voice_ = next_voice_;
  }
}

double Hiss::draw_flicker_interval() noexcept {
  // Exponential waits: a Poisson process of flicker_rate bursts per second.
  const double rate = std::max(1e-6, static_cast<double>(params_.flicker_rate));
  return -std::log(1.0 - flicker_rng_.uniform()) / rate * sample_rate_;
}

void Hiss::schedule_flickers(std::size_t offset, std::size_t count) noexcept {
  const std::uint64_t from = clock_ + offset;
  const std::uint64_t to = from + count;
  while (next_flicker_ < static_cast<double>(to)) {
    const auto due = static_cast<std::uint64_t>(std::max(0.0, std::floor(next_flicker_)));
    start_flicker(std::max(from, due), 1.0f, false);
    next_flicker_ += draw_flicker_interval();
  }
}

void Hiss::start_flicker(std::uint64_t at, float strength, bool triggered) noexcept {
  // Draws happen whether or not the pool has room, so a drop never shifts later bursts.
  const double lo = std::min(params_.flicker_min_ms, params_.flicker_max_ms);
  const double hi = std::max(params_.flicker_min_ms, params_.flicker_max_ms);
  const double ms = flicker_rng_.uniform(lo, hi);
  const float pan = params_.flicker_scatter * static_cast<float>(flicker_rng_.uniform(-1.0, 1.0));

  FlickerBurst b;
  b.start = at;
  b.length = std::max<std::uint32_t>(2, static_cast<std::uint32_t>(ms * 0.001 * sample_rate_));
  // The original's ramps: int(0.01·sr) and int(0.05·sr) samples, each clamped to the burst.
  const auto attack =
      std::min<std::uint32_t>(b.length, static_cast<std::uint32_t>(kFlickerAttackMs * 0.001 * sample_rate_));
  const auto release =
      std::min<std::uint32_t>(b.length, static_cast<std::uint32_t>(kFlickerReleaseMs * 0.001 * sample_rate_));
  b.inv_attack = attack > 1 ? 1.0f / static_cast<float>(attack - 1) : 1.0f;
  b.inv_release = release > 1 ? 1.0f / static_cast<float>(release - 1) : 1.0f;
  // Equal-power pan, unity per channel at the centre (a centred burst matches the bed's channels).
  const double theta = 0.25 * std::numbers::pi * (static_cast<double>(pan) + 1.0);
  const double gain = std::numbers::sqrt2 * params_.flicker_gain * strength;
  b.gain_left = static_cast<float>(gain * std::cos(theta));
  b.gain_right = static_cast<float>(gain * std::sin(theta));
  if (!flickers_.add(b)) return;
  ++stats_.flickers;
  if (observer_ != nullptr) observer_->on_flicker({at, b.length, pan, triggered});
}

}  // namespace afterglow::gen
