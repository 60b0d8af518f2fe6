#include "afterglow/gen/hiss_filter.h"

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/loop.h"

namespace afterglow::gen {

namespace {

constexpr double kBlendCorrelation = 0.5;
// Narrowest band accepted: high ≥ low × this. A narrower order-4 band-pass is a resonator, not hiss.
constexpr double kMinBandRatio = 1.1;

bool same(const dsp::ButterworthSpec& a, const dsp::ButterworthSpec& b) {
  return a.type == b.type && a.order == b.order && a.low == b.low && a.high == b.high;
}

}  // namespace

void HissFilter::prepare(double sample_rate) {
  sample_rate_ = sample_rate > 0.0 ? sample_rate : 48000.0;
  fade_length_ =
      std::max<std::size_t>(2, static_cast<std::size_t>(std::lround(kCrossfadeMs * 0.001 * sample_rate_)));
  fade_in_.assign(fade_length_, 0.0f);
  fade_out_.assign(fade_length_, 0.0f);
  for (std::size_t i = 0; i < fade_length_; ++i) {
    // Sample i sits between the ends, so neither end value is repeated at the seams of the fade.
    const double u = (static_cast<double>(i) + 0.5) / static_cast<double>(fade_length_);
    const dsp::BlendGains g = dsp::adaptive_blend_gains(u, kBlendCorrelation);
    fade_in_[i] = static_cast<float>(g.head);
    fade_out_[i] = static_cast<float>(g.tail);
  }
  fade_pos_ = fade_length_;
  snap(spec(true, 5000.0, 14000.0));
}

dsp::ButterworthSpec HissFilter::spec(bool band_pass, double low_hz, double high_hz) const noexcept {
  const double nyquist = 0.5 * sample_rate_;
  dsp::ButterworthSpec s;
  s.order = kOrder;
  if (band_pass) {
    s.type = dsp::FilterType::kBandPass;
    double low = std::clamp(low_hz / nyquist, 0.01, 0.99);
    double high = std::clamp(high_hz / nyquist, 0.01, 0.99);
    if (high < low) std::swap(low, high);
    if (high < low * kMinBandRatio) {
      high = std::min(0.99, low * kMinBandRatio);
      low = std::min(low, high / kMinBandRatio);
    }
    s.low = low;
    s.high = high;
  } else {
    s.type = dsp::FilterType::kHighPass;
    s.low = s.high = std::clamp(low_hz / nyquist, 0.01, 0.99);
  }
  return s;
}

void HissFilter::snap(const dsp::ButterworthSpec& spec) noexcept {
  current_ = target_ = spec;
  active_ = 0;
  fade_pos_ = fade_length_;
  const dsp::SosCoefficients sos = dsp::butterworth_sos(spec);
  for (auto& bank : banks_) {
    for (auto& cascade : bank) {
      cascade.set_sections(sos);
      cascade.reset();
    }
  }
}

void HissFilter::retune(const dsp::ButterworthSpec& spec) noexcept {
  target_ = spec;
}

void HissFilter::start_fade() noexcept {
  // Designing allocates nothing (fixed arrays); a few microseconds at most every kCrossfadeMs.
  const dsp::SosCoefficients sos = dsp::butterworth_sos(target_);
  for (auto& cascade : banks_[1 - active_]) {
    cascade.set_sections(sos);
    cascade.reset();
  }
  current_ = target_;
  fade_pos_ = 0;
}

void HissFilter::process(const std::array<float*, kStreams>& io, std::size_t frames) noexcept {
  std::size_t done = 0;
  while (done < frames) {
    if (!fading() && !same(current_, target_)) start_fade();
    if (!fading()) {
      for (std::size_t s = 0; s < kStreams; ++s) {
        dsp::BiquadCascade& f = banks_[active_][s];
        float* x = io[s] + done;
        for (std::size_t i = 0; i < frames - done; ++i) x[i] = f.process(x[i]);
      }
      return;
    }
    const std::size_t n = std::min(frames - done, fade_length_ - fade_pos_);
    const float* in = fade_in_.data() + fade_pos_;
    const float* out = fade_out_.data() + fade_pos_;
    for (std::size_t s = 0; s < kStreams; ++s) {
      dsp::BiquadCascade& old_f = banks_[active_][s];
      dsp::BiquadCascade& new_f = banks_[1 - active_][s];
      float* x = io[s] + done;
      for (std::size_t i = 0; i < n; ++i) {
        const float v = x[i];
        x[i] = out[i] * old_f.process(v) + in[i] * new_f.process(v);
      }
    }
    fade_pos_ += n;
    done += n;
    if (!fading()) active_ = 1 - active_;
  }
}

}  // namespace afterglow::gen
