// The analysis on the embedded demo material: the pad yields pads inside its chords, the drum loop is
// unstable because of its onsets.
#include <gtest/gtest.h>

#include <algorithm>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/analysis/pad_miner.h"
#include "afterglow/analysis/stability.h"
#include "afterglow/io/demo_material.h"
#include "afterglow/io/downmix.h"

namespace afterglow::analysis {
namespace {

constexpr double kRate = 44100.0;

AudioAnalysis analyse_demo(io::DemoKind kind, std::vector<float>& mono) {
  mono = io::downmix(io::render_demo(kind, kRate));
  auto a = analyze(mono, kRate);
  EXPECT_TRUE(a.ok());
  return std::move(a).value_or_throw();
}

TEST(DemoAnalysis, PadYieldsAtLeastThreePadsInsideItsChords) {
  std::vector<float> mono;
  const AudioAnalysis a = analyse_demo(io::DemoKind::kPad, mono);
  const StabilityMask mask = stable_mask(a.windows, {});
  EXPECT_GT(std::count(mask.begin(), mask.end(), 1), static_cast<long>(mask.size() * 3 / 4));
  PadMinerParams params;
  params.max_candidates = 6;
  auto pads = mine_pads(a.frames, params, StableWindows{&a.windows.grid(), &mask});
  ASSERT_TRUE(pads.ok());
  const auto spans = io::demo_pad_chord_spans();
  std::size_t inside = 0;
  for (const PadSegment& p : *pads) {
    const double s = static_cast<double>(p.start) / kRate;
    const double e = static_cast<double>(p.end()) / kRate;
    if (std::any_of(spans.begin(), spans.end(),
                    [&](const io::TimeSpan& c) { return s >= c.start && e <= c.end; })) {
      ++inside;
    }
  }
  EXPECT_GE(inside, 3u);
}

TEST(DemoAnalysis, DrumLoopIsMostlyUnstableBecauseOfItsOnsets) {
  std::vector<float> mono;
  const AudioAnalysis a = analyse_demo(io::DemoKind::kDrums, mono);
  ASSERT_GT(a.windows.size(), 10u);
  const StabilityMask mask = stable_mask(a.windows, {});
  const auto stable = static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 1));
  // 110 BPM eighths are ~3.7 hits per second: a 1 s window holds 3 or 4 of them, and the default gate
  // (3 per second, inclusive) rejects the windows with 4 — most of them.
  EXPECT_LT(stable * 2, a.windows.size());  // fewer than half of the windows are stable
  // The onset gate is doing the work: without it nearly every window passes level, DC and crest.
  StabilityThresholds no_onset_gate;
  no_onset_gate.max_onset_rate_hz = 1e9;
  const StabilityMask without = stable_mask(a.windows, no_onset_gate);
  EXPECT_GE(static_cast<std::size_t>(std::count(without.begin(), without.end(), 1)) * 10,
            a.windows.size() * 9);
  std::size_t busy = 0;
  for (std::size_t i = 0; i < a.windows.size(); ++i) busy += a.windows.onset_rate(i) > 3.0 ? 1 : 0;
  EXPECT_GE(busy * 2, a.windows.size());
  // And no pads come out of it.
  auto pads = mine_pads(a.frames, PadMinerParams{}, StableWindows{&a.windows.grid(), &mask});
  ASSERT_TRUE(pads.ok());
  EXPECT_TRUE(pads->empty());
}

TEST(DemoAnalysis, AirIsSteadyButNoisy) {
  std::vector<float> mono;
  const AudioAnalysis a = analyse_demo(io::DemoKind::kAir, mono);
  double mean_flatness = 0.0;
  for (float f : a.frames.flatness) mean_flatness += f;
  mean_flatness /= static_cast<double>(a.frames.frame_count());
  EXPECT_GT(mean_flatness, 0.1);
  EXPECT_LE(a.frames.onset_frames.size(), 2u);
}

}  // namespace
}  // namespace afterglow::analysis
