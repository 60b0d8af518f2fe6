// The beat tracker: tempo of click and drum tracks, silence, and the original's confidence.
#include "afterglow/analysis/tempo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/io/demo_material.h"
#include "afterglow/io/downmix.h"
#include "support/signals.h"

namespace afterglow::analysis {
namespace {

constexpr double kRate = 44100.0;

// A decaying noise burst ("drum hit") every beat, at `bpm`, over `seconds`.
std::vector<float> drum_track(double bpm, double seconds) {
  const auto frames = static_cast<std::size_t>(seconds * kRate);
  std::vector<float> out(frames, 0.0f);
  const auto noise = test::uniform_noise(0.8, frames, 7);
  const double period = 60.0 / bpm * kRate;
  for (double t = 0.0; t < static_cast<double>(frames); t += period) {
    const auto start = static_cast<std::size_t>(t);
    for (std::size_t i = 0; i < 4000 && start + i < frames; ++i) {
      out[start + i] += noise[start + i] * static_cast<float>(std::exp(-static_cast<double>(i) / 600.0));
    }
  }
  return out;
}

TempoEstimate tempo_of(const std::vector<float>& mono) {
  auto a = analyze(mono, kRate);
  EXPECT_TRUE(a.ok());
  return estimate_tempo(a->frames);
}

TEST(Tempo, ClickTrackAt120Bpm) {
  const auto t =
      tempo_of(test::clicks(static_cast<std::size_t>(20 * kRate), static_cast<std::size_t>(kRate / 2), 0.8f));
  EXPECT_NEAR(t.bpm, 120.0, 2.0);
  ASSERT_TRUE(t.confidence.has_value());
  EXPECT_GT(*t.confidence, 0.4);
}

TEST(Tempo, DrumTrackAt120Bpm) {
  const auto t = tempo_of(drum_track(120.0, 20.0));
  EXPECT_NEAR(t.bpm, 120.0, 2.0);
  ASSERT_TRUE(t.confidence.has_value());
  EXPECT_GT(*t.confidence, 0.4);
  EXPECT_NEAR(static_cast<double>(t.beats), 40.0, 3.0);
}

TEST(Tempo, OtherTemposAreNotPulledTo120) {
  EXPECT_NEAR(tempo_of(drum_track(95.0, 20.0)).bpm, 95.0, 2.0);
  EXPECT_NEAR(tempo_of(drum_track(140.0, 20.0)).bpm, 140.0, 2.0);
}

TEST(Tempo, DemoDrumLoopIs110Bpm) {
  const auto mono = io::downmix(io::render_demo(io::DemoKind::kDrums, kRate));
  const auto t = tempo_of(mono);
  EXPECT_NEAR(t.bpm, 110.0, 2.0);
  ASSERT_TRUE(t.confidence.has_value());
  EXPECT_GT(*t.confidence, 0.4);
}

TEST(Tempo, SilenceHasNoTempo) {
  const auto t = tempo_of(test::silence(static_cast<std::size_t>(5 * kRate)));
  EXPECT_EQ(t.bpm, 0.0);
  EXPECT_FALSE(t.confidence.has_value());
  EXPECT_EQ(t.beats, 0u);
  EXPECT_FALSE(estimate_tempo(std::vector<float>{}, 86.0, 1.0).confidence.has_value());
}

TEST(Tempo, ConfidenceIsBeatsPerSecondOverFour) {
  const auto t = tempo_of(drum_track(120.0, 20.0));
  ASSERT_TRUE(t.confidence.has_value());
  EXPECT_NEAR(*t.confidence, std::min(1.0, static_cast<double>(t.beats) / 20.0 / 4.0), 1e-3);
}

}  // namespace
}  // namespace afterglow::analysis
