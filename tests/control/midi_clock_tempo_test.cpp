// MIDI clock → tempo: exact clocks, jittery clocks, a clock that stops and restarts at a new tempo,
// and the transport.

#include "afterglow/control/midi_clock_tempo.h"

#include <gtest/gtest.h>

#include <random>

namespace afterglow::control {
namespace {

TEST(MidiClockTempo, NothingBeforeOneBeat) {
  MidiClockTempo c;
  for (int i = 0; i < 23; ++i) c.tick(i * 0.02);
  EXPECT_FALSE(c.bpm());
  c.tick(23 * 0.02);
  ASSERT_TRUE(c.bpm());
  EXPECT_NEAR(*c.bpm(), 125.0, 1e-6);
}

TEST(MidiClockTempo, JitteryClockReadsWithinHalfABpmWithinTwoSeconds) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> jitter(-0.003, 0.003);  // ±3 ms, worse than most clocks
  const double tick = 60.0 / (120.0 * 24.0);
  for (int trial = 0; trial < 50; ++trial) {
    MidiClockTempo c;
    for (int i = 0; i < 96; ++i) c.tick(10.0 + i * tick + jitter(rng));  // 2 s
    ASSERT_TRUE(c.bpm());
    EXPECT_NEAR(*c.bpm(), 120.0, 0.5) << "trial " << trial;
  }
}

TEST(MidiClockTempo, FollowsATempoChangeAfterAGap) {
  MidiClockTempo c;
  double t = 0.0;
  for (int i = 0; i < 48; ++i, t += 60.0 / (90.0 * 24.0)) c.tick(t);
  EXPECT_NEAR(*c.bpm(), 90.0, 1e-6);
  t += 1.0;  // stopped for a second
  for (int i = 0; i < 24; ++i, t += 60.0 / (140.0 * 24.0)) c.tick(t);
  EXPECT_NEAR(*c.bpm(), 140.0, 1e-6);  // not averaged with the old tempo or the gap
}

TEST(MidiClockTempo, TransportStartStopContinue) {
  MidiClockTempo c;
  EXPECT_FALSE(c.running());
  c.start();
  EXPECT_TRUE(c.running());
  for (int i = 0; i < 10; ++i) c.tick(i * 0.02);
  EXPECT_EQ(c.position(), 10u);
  c.stop();
  EXPECT_FALSE(c.running());
  c.tick(0.2);
  EXPECT_EQ(c.position(), 10u);
  c.resume();
  c.tick(0.22);
  EXPECT_EQ(c.position(), 11u);
  c.start();
  EXPECT_EQ(c.position(), 0u);
}

}  // namespace
}  // namespace afterglow::control
