#include "afterglow/io/demo_material.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace afterglow::io {
namespace {

constexpr double kRate = 48000.0;

// Power of one frequency over a span (Goertzel): a precise probe for "is this note in the pad".
double tone_power(const std::vector<float>& x, std::size_t begin, std::size_t end, double hz, double sr) {
  const double w = 2.0 * std::numbers::pi * hz / sr;
  const double c = 2.0 * std::cos(w);
  double s1 = 0.0, s2 = 0.0;
  for (std::size_t i = begin; i < end; ++i) {
    const double s0 = x[i] + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

// RMS of consecutive frames of `seconds`.
std::vector<double> frame_rms(const std::vector<float>& x, std::size_t begin, std::size_t end, double sr,
                              double seconds = 0.01) {
  const auto hop = static_cast<std::size_t>(seconds * sr);
  std::vector<double> out;
  for (std::size_t i = begin; i + hop <= end; i += hop) {
    double sum = 0.0;
    for (std::size_t j = i; j < i + hop; ++j) sum += static_cast<double>(x[j]) * x[j];
    out.push_back(std::sqrt(sum / static_cast<double>(hop)));
  }
  return out;
}

float peak(const AudioBuffer& b) {
  float p = 0.0f;
  for (const auto& ch : b.channels)
    for (float v : ch) p = std::max(p, std::abs(v));
  return p;
}

TEST(DemoMaterial, EveryKindHasItsDurationChannelsAndASafeLevel) {
  for (DemoKind kind : kAllDemoKinds) {
    const auto facts = demo_facts(kind);
    const AudioBuffer b = render_demo(kind, kRate);
    EXPECT_EQ(b.sample_rate, kRate) << facts.name;
    EXPECT_EQ(b.channel_count(), 2u) << facts.name;
    EXPECT_NEAR(b.duration_seconds(), facts.duration_seconds, 1e-3) << facts.name;
    const float p = peak(b);
    EXPECT_GT(p, 0.2f) << facts.name;
    EXPECT_LT(p, 0.9f) << facts.name;
    for (const auto& ch : b.channels)
      for (float v : ch) ASSERT_TRUE(std::isfinite(v));
  }
}

TEST(DemoMaterial, IsDeterministic) {
  for (DemoKind kind : kAllDemoKinds) {
    EXPECT_EQ(render_demo(kind, 44100.0).channels, render_demo(kind, 44100.0).channels);
  }
}

TEST(DemoMaterial, NamesRoundTrip) {
  for (DemoKind kind : kAllDemoKinds) EXPECT_EQ(parse_demo_kind(demo_facts(kind).name), kind);
  EXPECT_FALSE(parse_demo_kind("violin").has_value());
}

TEST(DemoMaterial, PadPlaysAMinorNotesNotTheirNeighbours) {
  const AudioBuffer pad = render_demo(DemoKind::kPad, kRate);
  const auto& left = pad.channels[0];
  // The opening A minor chord: A3 (220), C4 (261.6), E4 (329.6) against the semitones beside them.
  const std::size_t begin = static_cast<std::size_t>(1.0 * kRate),
                    end = static_cast<std::size_t>(7.0 * kRate);
  const double a = tone_power(left, begin, end, 220.0, kRate);
  const double c = tone_power(left, begin, end, 261.63, kRate);
  const double e = tone_power(left, begin, end, 329.63, kRate);
  for (double off : {233.08, 246.94, 277.18, 311.13, 349.23}) {
    const double other = tone_power(left, begin, end, off, kRate);
    EXPECT_GT(a, 100.0 * other) << off;
    EXPECT_GT(c, 100.0 * other) << off;
    EXPECT_GT(e, 100.0 * other) << off;
  }
  // The E major chord brings G#, the leading tone that marks A minor rather than C major.
  const std::size_t e_begin = static_cast<std::size_t>(20.8 * kRate),
                    e_end = static_cast<std::size_t>(23.2 * kRate);
  EXPECT_GT(tone_power(left, e_begin, e_end, 415.30, kRate),
            50.0 * tone_power(left, e_begin, e_end, 392.0, kRate));
}

TEST(DemoMaterial, PadIsSustainedInsideItsChordsAndDrumsAreNot) {
  const AudioBuffer pad = render_demo(DemoKind::kPad, kRate);
  for (const TimeSpan& span : demo_pad_chord_spans()) {
    // Inside a chord, away from its transitions, the level of half-second windows (the scale the
    // analysis judges stability on) stays within 4 dB; detuned saws beat, but do not pulse.
    const auto rms = frame_rms(pad.channels[0], static_cast<std::size_t>((span.start + 0.8) * kRate),
                               static_cast<std::size_t>((span.end - 0.8) * kRate), kRate, 0.5);
    ASSERT_FALSE(rms.empty());
    const auto [lo, hi] = std::minmax_element(rms.begin(), rms.end());
    EXPECT_LT(20.0 * std::log10(*hi / *lo), 4.0) << span.start;
  }
  const AudioBuffer drums = render_demo(DemoKind::kDrums, kRate);
  const auto rms = frame_rms(drums.channels[0], 0, drums.frames(), kRate);
  const auto [lo, hi] = std::minmax_element(rms.begin(), rms.end());
  EXPECT_GT(20.0 * std::log10(*hi / std::max(*lo, 1e-9)), 20.0);
}

TEST(DemoMaterial, DrumsHitOnTheSixteenthNoteGridAt110Bpm) {
  const AudioBuffer drums = render_demo(DemoKind::kDrums, kRate);
  // The first difference keeps the hats' sizzle and mutes the kick's decay, so every sixteenth-note
  // hat shows as a rise of more than 6 dB between 10 ms frames.
  std::vector<float> sizzle(drums.frames(), 0.0f);
  for (std::size_t i = 1; i < sizzle.size(); ++i) sizzle[i] = drums.channels[0][i] - drums.channels[0][i - 1];
  const auto rms = frame_rms(sizzle, 0, sizzle.size(), kRate);
  int onsets = 0;
  for (std::size_t i = 1; i < rms.size(); ++i) {
    if (rms[i] > 2.0 * rms[i - 1] + 1e-4 && (i < 3 || rms[i - 1] <= 2.0 * rms[i - 2] + 1e-4)) ++onsets;
  }
  const double sixteenths = 16.0 / (60.0 / 110.0 / 4.0);
  EXPECT_NEAR(onsets, sixteenths, sixteenths * 0.1);
}

TEST(DemoMaterial, AirIsBrightAndPadIsWarm) {
  // Zero-crossing rate is a cheap brightness proxy: noise above 2.5 kHz crosses far more often.
  auto zcr = [](const std::vector<float>& x) {
    std::size_t crossings = 0;
    for (std::size_t i = 1; i < x.size(); ++i) crossings += (x[i - 1] < 0.0f) != (x[i] < 0.0f);
    return static_cast<double>(crossings) / static_cast<double>(x.size()) * kRate / 2.0;
  };
  EXPECT_GT(zcr(render_demo(DemoKind::kAir, kRate).channels[0]), 3000.0);
  EXPECT_LT(zcr(render_demo(DemoKind::kPad, kRate).channels[0]), 1500.0);
}

}  // namespace
}  // namespace afterglow::io
