// Which phases a render runs and which sources each reads: drums and room tone are opt-in, so the
// default render is the original's four texture phases.

#include "afterglow/render/render_plan.h"

#include <gtest/gtest.h>

namespace afterglow::render {
namespace {

using analysis::SourceRole;

TEST(RenderPlan, TheDefaultSetIsTheFourTexturePhases) {
  const PhaseSet set;
  EXPECT_TRUE(set.pads && set.drones && set.clouds && set.hiss);
  EXPECT_FALSE(set.contains(Phase::kDrums));
  EXPECT_FALSE(set.contains(Phase::kRoomTone));
  auto parsed = PhaseSet::parse("default");
  ASSERT_TRUE(parsed.ok());
  for (const Phase p : kAllPhases) EXPECT_EQ(parsed->contains(p), set.contains(p)) << to_string(p);
}

TEST(RenderPlan, DrumsAndRoomToneAreChosenByName) {
  auto set = PhaseSet::parse(" drums , roomtone ");
  ASSERT_TRUE(set.ok());
  for (const Phase p : kAllPhases) {
    EXPECT_EQ(set->contains(p), p == Phase::kDrums || p == Phase::kRoomTone) << to_string(p);
  }
  auto all = PhaseSet::parse("all");
  ASSERT_TRUE(all.ok());
  for (const Phase p : kAllPhases) EXPECT_TRUE(all->contains(p)) << to_string(p);
  auto mixed = PhaseSet::parse("default,drums");
  ASSERT_TRUE(mixed.ok());
  EXPECT_TRUE(mixed->hiss && mixed->drums && !mixed->room_tone);
}

TEST(RenderPlan, NamesRoundTripAndUnknownNamesAreRefused) {
  for (const Phase p : kAllPhases) {
    auto set = PhaseSet::parse(to_string(p));
    ASSERT_TRUE(set.ok()) << to_string(p);
    for (const Phase q : kAllPhases) EXPECT_EQ(set->contains(q), p == q);
    EXPECT_EQ(PhaseSet::only(p).contains(p), true);
  }
  auto bad = PhaseSet::parse("drums,room-tone");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.error().what()).find("roomtone"), std::string::npos) << "the message lists names";
  EXPECT_FALSE(PhaseSet::parse(" , ").ok());
}

TEST(RenderPlan, SaveOrderPutsTheToolsAfterTheTextures) {
  ASSERT_EQ(kPhaseCount, 6u);
  EXPECT_EQ(kAllPhases[4], Phase::kDrums);
  EXPECT_EQ(kAllPhases[5], Phase::kRoomTone);
}

TEST(RenderPlan, DrumsReadDrumAndRolelessSourcesRoomToneEverythingButDrums) {
  EXPECT_TRUE(phase_reads(Phase::kDrums, SourceRole::kDrums));
  EXPECT_TRUE(phase_reads(Phase::kDrums, SourceRole::kAny));
  EXPECT_FALSE(phase_reads(Phase::kDrums, SourceRole::kPads));
  EXPECT_FALSE(phase_reads(Phase::kDrums, SourceRole::kSource));
  EXPECT_FALSE(phase_reads(Phase::kRoomTone, SourceRole::kDrums));
  EXPECT_TRUE(phase_reads(Phase::kRoomTone, SourceRole::kAny));
  EXPECT_TRUE(phase_reads(Phase::kRoomTone, SourceRole::kPads));
  EXPECT_TRUE(phase_reads(Phase::kRoomTone, SourceRole::kSource));
}

}  // namespace
}  // namespace afterglow::render
