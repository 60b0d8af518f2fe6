#include "afterglow/io/demo_material.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <span>
#include <numbers>
#include <vector>

#include "afterglow/core/fft.h"
#include "afterglow/core/random.h"

namespace afterglow::io {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

double midi_to_hz(double note) {
  return 440.0 * std::pow(2.0, (note - 69.0) / 12.0);
}

// A sawtooth's spectrum (partial k at 1/k) with every partial at its own random phase, band-limited
// below Nyquist and read from one cycle by linear interpolation. To the ear it is a saw; to the
// waveform it is not: a sawtooth's partials all align once a period into a sharp reset edge, a train
// of ticks that a bright (high-passed) variant of the pad would expose and a click detector would
// rightly flag. Recorded pads (strings, choirs, tape) have no such edges; neither does this.
class ScatteredSaw {
 public:
  static constexpr std::size_t kTableSize = 4096;

  ScatteredSaw(double frequency, double sample_rate, Random& rng) : increment_(frequency / sample_rate) {
    RealFft fft(kTableSize);
    std::vector<std::complex<float>> spectrum(fft.bins());
    const auto partials = std::min<std::size_t>(fft.bins() - 1,
                                                static_cast<std::size_t>(0.45 * sample_rate / frequency));
    for (std::size_t k = 1; k <= partials; ++k)
      spectrum[k] = std::polar(static_cast<float>(kTableSize) / static_cast<float>(k),
                               static_cast<float>(kTwoPi * rng.uniform()));
    table_.resize(kTableSize + 1);
    fft.inverse(spectrum, std::span<float>(table_.data(), kTableSize));
    table_[kTableSize] = table_[0];
    // After the inverse (which divides by N) partial k has amplitude 2/k; scale it to a unit saw's
    // 2/(pi k), the level the pad's voices are balanced for.
    for (float& v : table_) v *= 0.5f * static_cast<float>(2.0 / std::numbers::pi);
    phase_ = rng.uniform();
  }

  float next() {
    const double position = phase_ * static_cast<double>(kTableSize);
    const auto index = static_cast<std::size_t>(position);
    const auto frac = static_cast<float>(position - static_cast<double>(index));
    phase_ += increment_;
    if (phase_ >= 1.0) phase_ -= 1.0;
    return table_[index] + frac * (table_[index + 1] - table_[index]);
  }

 private:
  std::vector<float> table_;
  double phase_ = 0.0;
  double increment_;
};

// Two cascaded one-pole low-passes (12 dB/oct): gentle, warm, cheap to modulate per sample.
class GentleLowPass {
 public:
  float process(float x, double coefficient) {
    a_ += coefficient * (x - a_);
    b_ += coefficient * (a_ - b_);
    return static_cast<float>(b_);
  }

 private:
  double a_ = 0.0;
  double b_ = 0.0;
};

double one_pole_coefficient(double cutoff_hz, double sample_rate) {
  return 1.0 - std::exp(-kTwoPi * cutoff_hz / sample_rate);
}

void normalize_peak(AudioBuffer& buffer, double peak_target) {
  float peak = 0.0f;
  for (const auto& ch : buffer.channels) {
    for (float v : ch) peak = std::max(peak, std::abs(v));
  }
  if (peak <= 0.0f) return;
  const auto gain = static_cast<float>(peak_target / peak);
  for (auto& ch : buffer.channels) {
    for (float& v : ch) v *= gain;
  }
}

struct Chord {
  TimeSpan span;
  std::vector<int> notes;  // MIDI notes
};

// A minor, with the harmonic-minor E major (G#) so the key is unmistakably A minor, not C major.
std::vector<Chord> pad_progression() {
  return {
      {{0.0, 8.0}, {45, 57, 60, 64, 69}},    // Am
      {{8.0, 12.0}, {50, 57, 62, 65, 69}},   // Dm
      {{12.0, 16.0}, {45, 57, 60, 64, 72}},  // Am
      {{16.0, 20.0}, {41, 57, 60, 65, 69}},  // F
      {{20.0, 24.0}, {40, 56, 59, 64, 68}},  // E
      {{24.0, 32.0}, {45, 57, 60, 64, 69}},  // Am
  };
}

AudioBuffer render_pad(double sr) {
  const auto chords = pad_progression();
  const double duration = 32.0;
  const auto frames = static_cast<std::size_t>(duration * sr);
  AudioBuffer out(sr, 2, frames);
  const double fade = 0.6;  // soft chord transitions: each chord swells in and out over 0.6 s
  const double cents[3] = {-7.0, 0.0, 7.0};
  Random rng(0x9ad);

  for (const Chord& chord : chords) {
    const auto first = static_cast<std::size_t>(std::max(0.0, chord.span.start - fade) * sr);
    const auto last = std::min(frames, static_cast<std::size_t>((chord.span.end + fade) * sr));
    for (std::size_t n = 0; n < chord.notes.size(); ++n) {
      const int note = chord.notes[n];
      const double note_gain = (n == 0 ? 0.9 : 0.55) / static_cast<double>(chord.notes.size());
      for (int d = 0; d < 3; ++d) {
        const double hz = midi_to_hz(note) * std::pow(2.0, cents[d] / 1200.0);
        ScatteredSaw saw(hz, sr, rng);
        // Spread the detuned copies across the stereo field; the centre copy sits in the middle.
        // The outer copies sit lower than the centre one: the pad shimmers instead of pulsing.
        const double pan = (d - 1) * 0.6;
        const double copy_gain = note_gain * (d == 1 ? 1.0 : 0.5);
        const auto gl = static_cast<float>(copy_gain * std::sqrt(0.5 * (1.0 - pan)));
        const auto gr = static_cast<float>(copy_gain * std::sqrt(0.5 * (1.0 + pan)));
        for (std::size_t i = first; i < last; ++i) {
          const double t = static_cast<double>(i) / sr;
          double env = 1.0;
          if (t < chord.span.start + fade && chord.span.start > 0.0)
            env = (t - (chord.span.start - fade)) / (2 * fade);
          if (t > chord.span.end - fade && chord.span.end < duration)
            env = std::min(env, ((chord.span.end + fade) - t) / (2 * fade));
          env = std::clamp(env, 0.0, 1.0);
          env = env * env * (3.0 - 2.0 * env);  // smoothstep: no corner in the level
          const float s = saw.next() * static_cast<float>(env);
          out.channels[0][i] += s * gl;
          out.channels[1][i] += s * gr;
        }
      }
    }
  }

  // A low-pass that breathes slowly between ~1.5 and ~2.5 kHz: the pad evolves but stays warm.
  for (auto& ch : out.channels) {
    // Four poles (two gentle stages), modulated per sample: warm the way a tape or a soft synth
    // filter is.
    GentleLowPass lp;
    GentleLowPass lp2;
    for (std::size_t i = 0; i < frames; ++i) {
      const double t = static_cast<double>(i) / sr;
      const double cutoff = 2000.0 + 450.0 * std::sin(kTwoPi * t / 13.0);
      const double coefficient = one_pole_coefficient(cutoff, sr);
      ch[i] = lp2.process(lp.process(ch[i], coefficient), coefficient);
    }
  }
  normalize_peak(out, 0.5);  // −6 dBFS: an archive recording, not a mastered track
  return out;
}

void add_kick(std::vector<float>& ch, std::size_t at, double sr, double gain) {
  const auto length = static_cast<std::size_t>(0.35 * sr);
  double phase = 0.0;
  for (std::size_t i = 0; i < length && at + i < ch.size(); ++i) {
    const double t = static_cast<double>(i) / sr;
    const double hz = 45.0 + 75.0 * std::exp(-t / 0.03);
    phase += kTwoPi * hz / sr;
    ch[at + i] += static_cast<float>(gain * std::sin(phase) * std::exp(-t / 0.07));
  }
}

void add_noise_hit(std::vector<float>& ch, std::size_t at, double sr, double gain, double decay_s,
                   double tone_hz, double tone_gain, double highpass_hz, Random& rng) {
  const auto length = static_cast<std::size_t>(decay_s * 6.0 * sr);
  const double hp = std::exp(-kTwoPi * highpass_hz / sr);
  double prev_in = 0.0;
  double prev_out = 0.0;
  for (std::size_t i = 0; i < length && at + i < ch.size(); ++i) {
    const double t = static_cast<double>(i) / sr;
    const double white = rng.uniform(-1.0, 1.0);
    // One-pole high-pass: hats keep only their sizzle, the snare keeps its body.
    const double filtered = hp * (prev_out + white - prev_in);
    prev_in = white;
    prev_out = filtered;
    const double env = std::exp(-t / decay_s);
    const double tone = tone_gain * std::sin(kTwoPi * tone_hz * t) * std::exp(-t / 0.05);
    ch[at + i] += static_cast<float>(gain * env * (filtered + tone));
  }
}

AudioBuffer render_drums(double sr) {
  const double bpm = 110.0;
  const double duration = 16.0;
  const auto frames = static_cast<std::size_t>(duration * sr);
  AudioBuffer out(sr, 2, frames);
  auto& mono = out.channels[0];
  Random rng(0xd2u);
  // A sixteenth-note grid: kick on 1, 3 and the "and" of 3, snare on 2 and 4, hats on every sixteenth
  // with accents on the eighths, so every second of the loop is busy with attacks.
  const double sixteenth = 60.0 / bpm / 4.0;
  const int steps = static_cast<int>(duration / sixteenth);
  for (int step = 0; step < steps; ++step) {
    const auto at = static_cast<std::size_t>(step * sixteenth * sr);
    const int in_bar = step % 16;
    if (in_bar == 0 || in_bar == 8 || in_bar == 10) add_kick(mono, at, sr, in_bar == 10 ? 0.6 : 0.9);
    if (in_bar == 4 || in_bar == 12) add_noise_hit(mono, at, sr, 0.5, 0.045, 185.0, 0.6, 900.0, rng);
    add_noise_hit(mono, at, sr, in_bar % 2 == 0 ? 0.4 : 0.25, 0.012, 0.0, 0.0, 7000.0, rng);
  }
  out.channels[1] = mono;
  normalize_peak(out, 0.7);
  return out;
}

AudioBuffer render_air(double sr) {
  const double duration = 12.0;
  const auto frames = static_cast<std::size_t>(duration * sr);
  AudioBuffer out(sr, 2, frames);
  for (std::size_t c = 0; c < 2; ++c) {
    Random rng(0xa1 + c);  // decorrelated channels: a wide, breathy texture
    double hp_in = 0.0;
    double hp_out = 0.0;
    GentleLowPass lp;
    const double hp_coefficient = std::exp(-kTwoPi * 2500.0 / sr);
    const double lp_coefficient = one_pole_coefficient(std::min(11000.0, 0.45 * sr), sr);
    for (std::size_t i = 0; i < frames; ++i) {
      const double t = static_cast<double>(i) / sr;
      const double white = rng.uniform(-1.0, 1.0);
      hp_out = hp_coefficient * (hp_out + white - hp_in);
      hp_in = white;
      const float band = lp.process(static_cast<float>(hp_out), lp_coefficient);
      // Slow swells (7 s and 3.1 s cycles) so the texture breathes without transients.
      const double swell = 0.55 + 0.3 * std::sin(kTwoPi * t / 7.0 + c) + 0.15 * std::sin(kTwoPi * t / 3.1);
      out.channels[c][i] = static_cast<float>(band * swell);
    }
  }
  // Fade the ends so the file starts and stops without a click.
  const auto edge = static_cast<std::size_t>(0.25 * sr);
  for (auto& ch : out.channels) {
    for (std::size_t i = 0; i < edge; ++i) {
      const auto g = static_cast<float>(static_cast<double>(i) / edge);
      ch[i] *= g;
      ch[frames - 1 - i] *= g;
    }
  }
  normalize_peak(out, 0.35);
  return out;
}

}  // namespace

DemoFacts demo_facts(DemoKind kind) {
  switch (kind) {
    case DemoKind::kPad:
      return {"pad", "an evolving A minor pad of detuned saws", 32.0, "A minor", 0.0};
    case DemoKind::kDrums:
      return {"drums", "a 110 BPM kick, snare and sixteenth-hat loop", 16.0, "", 110.0};
    case DemoKind::kAir:
      return {"air", "breathy band-limited noise with slow swells", 12.0, "", 0.0};
  }
  return {"", "", 0.0, "", 0.0};
}

std::optional<DemoKind> parse_demo_kind(std::string_view name) {
  for (DemoKind kind : kAllDemoKinds) {
    if (demo_facts(kind).name == name) return kind;
  }
  return std::nullopt;
}

AudioBuffer render_demo(DemoKind kind, double sample_rate) {
  sample_rate = std::clamp(sample_rate, 8000.0, 192000.0);
  switch (kind) {
    case DemoKind::kPad:
      return render_pad(sample_rate);
    case DemoKind::kDrums:
      return render_drums(sample_rate);
    case DemoKind::kAir:
      return render_air(sample_rate);
  }
  return {};
}

std::array<TimeSpan, 6> demo_pad_chord_spans() {
  const auto chords = pad_progression();
  std::array<TimeSpan, 6> spans{};
  for (std::size_t i = 0; i < spans.size(); ++i) spans[i] = chords[i].span;
  return spans;
}

}  // namespace afterglow::io
