#include "afterglow/analysis/pad_miner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/core/random.h"
#include "support/signals.h"

namespace afterglow::analysis {
namespace {

constexpr double kRate = 44100.0;

std::size_t at(double seconds) {
  return static_cast<std::size_t>(seconds * kRate);
}

struct Span {
  double start;
  double end;
};

// Generated material with known regions: sustained chords of additive saws, drum sections of short
// noise bursts (8 per second), and silences between some of them.
struct Material {
  std::vector<float> audio;
  std::vector<Span> sustained;
  std::vector<Span> hits;  // every drum burst, [start, end) in seconds
};

void add_chord(std::vector<float>& x, Span span, std::initializer_list<double> notes) {
  const std::size_t first = at(span.start);
  const std::size_t last = at(span.end);
  const double edge = 0.01 * kRate;  // 10 ms ramps: no click at the region boundaries
  for (double hz : notes) {
    for (std::size_t n = first; n < last; ++n) {
      const double t = static_cast<double>(n - first) / kRate;
      double v = 0.0;
      for (int k = 1; k <= 6; ++k) v += std::sin(2.0 * std::numbers::pi * hz * k * t) / k;
      const double ramp =
          std::min({1.0, static_cast<double>(n - first) / edge, static_cast<double>(last - n) / edge});
      x[n] += static_cast<float>(0.06 * v * ramp);
    }
  }
}

void add_drums(Material& m, Span span, std::uint64_t seed) {
  Random rng(seed);
  for (double t = span.start; t + 0.03 <= span.end; t += 0.125) {
    const std::size_t first = at(t);
    const std::size_t length = at(0.03);
    for (std::size_t i = 0; i < length; ++i) {
      const double env = std::exp(-static_cast<double>(i) / (0.008 * kRate));
      m.audio[first + i] += static_cast<float>(0.6 * env * rng.uniform(-1.0, 1.0));
    }
    m.hits.push_back({t, t + 0.03});
  }
}

Material make_material() {
  Material m;
  m.audio.assign(at(27.0), 0.0f);
  m.sustained = {{0.5, 6.5}, {10.0, 17.0}, {19.0, 26.0}};
  add_chord(m.audio, m.sustained[0], {220.0, 277.18, 329.63});  // A
  add_drums(m, {7.0, 9.0}, 1);                                  // after a silence
  add_chord(m.audio, m.sustained[1], {146.83, 174.61, 220.0});  // Dm
  add_drums(m, {17.0, 19.0}, 2);                                // right against both chords
  add_chord(m.audio, m.sustained[2], {174.61, 220.0, 261.63});  // F
  return m;
}

double seconds(std::size_t samples) {
  return static_cast<double>(samples) / kRate;
}

struct Mined {
  AudioAnalysis analysis;
  StabilityMask mask;
  std::vector<PadSegment> pads;
};

Mined mine(const std::vector<float>& audio, const PadMinerParams& params,
           const StabilityThresholds& pre = {}) {
  auto a = analyze(audio, kRate);
  EXPECT_TRUE(a.ok());
  Mined m{std::move(a).value_or_throw(), {}, {}};
  m.mask = stable_mask(m.analysis.windows, pre);
  auto pads = mine_pads(m.analysis.frames, params, StableWindows{&m.analysis.windows.grid(), &m.mask});
  EXPECT_TRUE(pads.ok()) << (pads.ok() ? "" : pads.error().what());
  m.pads = std::move(pads).value_or_throw();
  return m;
}

void expect_no_near_duplicates(const std::vector<PadSegment>& pads, double max_overlap = 0.5) {
  for (std::size_t i = 0; i < pads.size(); ++i) {
    for (std::size_t j = i + 1; j < pads.size(); ++j) {
      const double shorter = static_cast<double>(std::min(pads[i].length, pads[j].length));
      EXPECT_LE(static_cast<double>(overlap_samples(pads[i], pads[j])), max_overlap * shorter)
          << "pads " << i << " and " << j << " at " << seconds(pads[i].start) << " s and "
          << seconds(pads[j].start) << " s";
    }
  }
}

TEST(PadMiner, PadsStayInsideSustainedRegionsOfGeneratedMaterial) {
  const Material material = make_material();
  PadMinerParams params;
  params.target_durations_sec = {2.0, 3.0};
  params.max_candidates = 20;  // more than fit: every candidate that passes the gates becomes a pad
  const Mined m = mine(material.audio, params);
  ASSERT_GE(m.pads.size(), 6u);
  for (const PadSegment& pad : m.pads) {
    const double s = seconds(pad.start);
    const double e = seconds(pad.end());
    const bool inside = std::any_of(material.sustained.begin(), material.sustained.end(),
                                    [&](const Span& r) { return s >= r.start && e <= r.end; });
    EXPECT_TRUE(inside) << "pad [" << s << ", " << e << ") is not inside a sustained region";
    for (const Span& hit : material.hits) {
      EXPECT_FALSE(s < hit.end && hit.start < e)
          << "pad [" << s << ", " << e << ") overlaps a hit at " << hit.start;
    }
  }
  expect_no_near_duplicates(m.pads);
  // Every sustained region yields a pad.
  for (const Span& r : material.sustained) {
    EXPECT_TRUE(std::any_of(m.pads.begin(), m.pads.end(), [&](const PadSegment& p) {
      return seconds(p.start) >= r.start && seconds(p.end()) <= r.end;
    })) << r.start;
  }
}

TEST(PadMiner, OutputIsGroupedByDurationAndRankedWithinEach) {
  const Material material = make_material();
  PadMinerParams params;
  params.target_durations_sec = {3.0, 2.0};
  params.max_candidates = 3;
  const Mined m = mine(material.audio, params);
  ASSERT_FALSE(m.pads.empty());
  std::size_t counts[2] = {0, 0};
  for (std::size_t i = 0; i < m.pads.size(); ++i) {
    const PadSegment& p = m.pads[i];
    ++counts[p.duration_index];
    EXPECT_EQ(p.length, p.duration_index == 0 ? at(3.0) : at(2.0));
    if (i > 0) {
      EXPECT_GE(p.duration_index, m.pads[i - 1].duration_index);
      if (p.duration_index == m.pads[i - 1].duration_index) {
        EXPECT_LE(p.score, m.pads[i - 1].score);
      }
    }
  }
  EXPECT_LE(counts[0], 3u);
  EXPECT_LE(counts[1], 3u);
}

TEST(PadMiner, NoNearDuplicatesOnALongSteadyTone) {
  // Every candidate of a steady tone passes; without the overlap rule the best ones would be one hop apart.
  PadMinerParams params;
  params.max_candidates = 6;
  const Mined m = mine(test::sine(330.0, 0.1, at(20.0)), params);
  ASSERT_EQ(m.pads.size(), 6u);
  expect_no_near_duplicates(m.pads);
  PadMinerParams dense = params;
  dense.max_overlap = 1.0;  // overlap allowed: neighbouring hops come back
  const Mined d = mine(test::sine(330.0, 0.1, at(20.0)), dense);
  bool any_close = false;
  for (std::size_t i = 0; i < d.pads.size(); ++i) {
    for (std::size_t j = i + 1; j < d.pads.size(); ++j)
      any_close = any_close || overlap_samples(d.pads[i], d.pads[j]) > at(1.0);
  }
  EXPECT_TRUE(any_close);
}

TEST(PadMiner, EveryCoveredWindowMustBeStable) {
  const auto tone = test::sine(330.0, 0.1, at(12.0));
  auto a = analyze(tone, kRate);
  ASSERT_TRUE(a.ok());
  const WindowGrid& grid = a->windows.grid();
  // Only window 10 (6 s .. 7 s, centre 6.5 s) is unstable; the original checked only a pad's first window.
  StabilityMask mask(grid.count, 1);
  mask[10] = 0;
  PadMinerParams params;
  params.max_candidates = 20;
  params.max_overlap = 1.0;
  auto pads = mine_pads(a->frames, params, StableWindows{&grid, &mask});
  ASSERT_TRUE(pads.ok());
  ASSERT_FALSE(pads->empty());
  const std::size_t centre = 10 * grid.hop + grid.window / 2;
  for (const PadSegment& p : *pads) EXPECT_FALSE(p.start <= centre && centre < p.end()) << seconds(p.start);
  // A pad starting at 5.0 s would begin in a stable window and run through the unstable one.
  EXPECT_TRUE(
      std::none_of(pads->begin(), pads->end(), [&](const PadSegment& p) { return p.start == at(5.0); }));
  // Without the mask it is a candidate.
  auto free = mine_pads(a->frames, params);
  ASSERT_TRUE(free.ok());
  EXPECT_TRUE(
      std::any_of(free->begin(), free->end(), [&](const PadSegment& p) { return p.start == at(5.0); }));
}

TEST(PadMiner, EachSectionUsesItsOwnThresholds) {
  const auto tone = test::sine(330.0, 0.1, at(10.0));  // about -23 dB
  PadMinerParams quiet_only;
  quiet_only.max_rms_db = -30.0;  // the pad gate rejects...
  StabilityThresholds pre;        // ...while the pre-analysis range (-40..-10) accepts every window
  const Mined m = mine(tone, quiet_only, pre);
  EXPECT_EQ(std::count(m.mask.begin(), m.mask.end(), 1), static_cast<long>(m.mask.size()));
  EXPECT_TRUE(m.pads.empty());
  // And the other way round: pad gates pass, the pre-analysis mask rejects.
  StabilityThresholds strict_pre;
  strict_pre.max_rms_db = -30.0;
  const Mined n = mine(tone, PadMinerParams{}, strict_pre);
  EXPECT_TRUE(n.pads.empty());
  EXPECT_FALSE(mine(tone, PadMinerParams{}, pre).pads.empty());
}

TEST(PadMiner, DropoutGateKeepsPadsOutOfGaps) {
  auto x = test::sine(330.0, 0.1, at(12.0));
  std::fill(x.begin() + static_cast<std::ptrdiff_t>(at(6.0)),
            x.begin() + static_cast<std::ptrdiff_t>(at(6.4)), 0.0f);
  PadMinerParams params;
  params.max_candidates = 20;
  params.max_overlap = 1.0;
  auto a = analyze(x, kRate);
  ASSERT_TRUE(a.ok());
  auto pads = mine_pads(a->frames, params);  // no mask: the pad gates alone
  ASSERT_TRUE(pads.ok());
  ASSERT_FALSE(pads->empty());
  for (const PadSegment& p : *pads) EXPECT_FALSE(p.start < at(6.4) && at(6.0) < p.end()) << seconds(p.start);
  params.frame_floor_margin_db = std::numeric_limits<double>::infinity();
  auto without = mine_pads(a->frames, params);
  ASSERT_TRUE(without.ok());
  EXPECT_TRUE(std::any_of(without->begin(), without->end(),
                          [&](const PadSegment& p) { return p.start < at(6.4) && at(6.0) < p.end(); }));
}

TEST(PadMiner, CandidatesStartStrictlyBeforeLenMinusDuration) {
  auto a = analyze(test::sine(330.0, 0.1, at(2.0)), kRate);  // exactly one 2 s duration long
  ASSERT_TRUE(a.ok());
  auto pads = mine_pads(a->frames, PadMinerParams{});
  ASSERT_TRUE(pads.ok());
  EXPECT_TRUE(pads->empty());
  auto b = analyze(test::sine(330.0, 0.1, at(2.0) + 1), kRate);
  ASSERT_TRUE(b.ok());
  auto one = mine_pads(b->frames, PadMinerParams{});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
}

TEST(PadMiner, RejectsBadDurationsAndHops) {
  auto a = analyze(test::sine(330.0, 0.1, at(5.0)), kRate);
  ASSERT_TRUE(a.ok());
  for (double d : {0.0, -1.0}) {
    PadMinerParams p;
    p.target_durations_sec = {2.0, d};
    auto r = mine_pads(a->frames, p);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidValue);
  }
  PadMinerParams p;
  p.window_hop_sec = 0.0;
  EXPECT_FALSE(mine_pads(a->frames, p).ok());
}

}  // namespace
}  // namespace afterglow::analysis
