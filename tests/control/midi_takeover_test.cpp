// Jump, pickup and scale on knob positions, including a knob turned fast enough to skip the value.

#include "afterglow/control/midi_takeover.h"

#include <gtest/gtest.h>

namespace afterglow::control {
namespace {

using config::Takeover;

TEST(MidiTakeover, JumpFollowsAtOnce) {
  MidiTakeover t(Takeover::kJump);
  EXPECT_EQ(t.move(0.9, 0.1, false), 0.9);
  EXPECT_EQ(t.move(0.2, 0.9, true), 0.2);
}

TEST(MidiTakeover, PickupWaitsUntilTheKnobReachesTheValue) {
  MidiTakeover t(Takeover::kPickup);
  EXPECT_FALSE(t.move(0.1, 0.6, false));
  EXPECT_FALSE(t.move(0.3, 0.6, false));
  EXPECT_EQ(t.move(0.595, 0.6, false), 0.595);  // within one controller step: caught
  EXPECT_TRUE(t.engaged());
  EXPECT_EQ(t.move(0.7, 0.59, false), 0.7);
}

TEST(MidiTakeover, PickupCountsACrossingBetweenTwoMessages) {
  MidiTakeover t(Takeover::kPickup);
  EXPECT_FALSE(t.move(0.2, 0.5, false));
  EXPECT_FALSE(t.move(0.45, 0.5, false));
  // The knob jumped from 0.45 to 0.8 between two messages: it passed 0.5.
  EXPECT_EQ(t.move(0.8, 0.5, false), 0.8);
  // From above, too.
  MidiTakeover down(Takeover::kPickup);
  EXPECT_FALSE(down.move(0.9, 0.5, false));
  EXPECT_EQ(down.move(0.1, 0.5, false), 0.1);
}

TEST(MidiTakeover, TheFirstMessageFarFromTheValueDoesNothing) {
  MidiTakeover t(Takeover::kPickup);
  EXPECT_FALSE(t.move(1.0, 0.0, false));
  EXPECT_FALSE(t.engaged());
}

TEST(MidiTakeover, AForeignChangeReleasesTheKnob) {
  MidiTakeover t(Takeover::kPickup);
  EXPECT_EQ(t.move(0.5, 0.5, false), 0.5);
  EXPECT_EQ(t.move(0.6, 0.5, false), 0.6);
  // OSC moved the parameter to 0.1; the knob at 0.6 must not yank it back.
  EXPECT_FALSE(t.move(0.65, 0.1, true));
  EXPECT_FALSE(t.move(0.4, 0.1, false));
  EXPECT_EQ(t.move(0.05, 0.1, false), 0.05);  // crossed
}

TEST(MidiTakeover, ScaleMovesInTheKnobsDirectionAndMeetsAtTheEnd) {
  MidiTakeover t(Takeover::kScale);
  EXPECT_FALSE(t.move(0.2, 0.6, false));  // no direction yet
  // Knob 0.2 → 0.6 uses half its remaining travel up; the parameter (0.6) moves half of its own (0.4).
  auto v = t.move(0.6, 0.6, false);
  ASSERT_TRUE(v);
  EXPECT_NEAR(*v, 0.6, 1e-12);  // the knob is now at the value: caught
  MidiTakeover s(Takeover::kScale);
  s.move(0.2, 0.6, false);
  v = s.move(0.4, 0.6, false);
  ASSERT_TRUE(v);
  EXPECT_NEAR(*v, 0.6 + 0.2 * 0.4 / 0.8, 1e-12);
  EXPECT_FALSE(s.engaged());
  v = s.move(1.0, *v, false);
  EXPECT_NEAR(*v, 1.0, 1e-12);
  // Downwards: the parameter shrinks by the share of the knob's travel towards 0.
  MidiTakeover d(Takeover::kScale);
  d.move(0.8, 0.4, false);
  v = d.move(0.6, 0.4, false);
  ASSERT_TRUE(v);
  EXPECT_NEAR(*v, 0.4 - 0.2 * 0.4 / 0.8, 1e-12);
}

}  // namespace
}  // namespace afterglow::control
