// The `room_tone` section: the room-tone figures afterglow-engine hard-coded, now read from the scene
// with its defaults, and every bad value reported at its file:line:col.

#include <gtest/gtest.h>

#include "scene_test_util.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_error;
using testing::load;

TEST(RoomToneSection, DefaultsAreTheOriginalsFigures) {
  SceneLoad l = load("engine:\n  sample_rate: 48000\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  const RoomToneConfig& rt = l.scene->room_tone;
  EXPECT_DOUBLE_EQ(rt.chunk_sec, 0.3);
  EXPECT_DOUBLE_EQ(rt.hop_sec, 0.15);
  EXPECT_DOUBLE_EQ(rt.min_rms_db, -80.0);
  EXPECT_DOUBLE_EQ(rt.max_rms_db, -45.0);
  EXPECT_DOUBLE_EQ(rt.max_crest, 5.0);
  EXPECT_DOUBLE_EQ(rt.min_variance, 1e-9);
  EXPECT_DOUBLE_EQ(rt.norm_db, -12.0);
  EXPECT_DOUBLE_EQ(rt.fade_ms, 4.5);
  EXPECT_EQ(rt.max_per_file, 50);
}

TEST(RoomToneSection, EveryKeyIsRead) {
  SceneLoad l = load(
      "room_tone:\n  chunk_sec: 0.5\n  hop_sec: 0.1\n  min_rms_db: -90\n  max_rms_db: -40\n"
      "  max_crest: 6\n  min_variance: 0\n  norm_db: -18\n  fade_ms: 10\n  max_per_file: 7\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.diagnostics.items().size(), 0u) << dump(l);
  const RoomToneConfig& rt = l.scene->room_tone;
  EXPECT_DOUBLE_EQ(rt.chunk_sec, 0.5);
  EXPECT_DOUBLE_EQ(rt.hop_sec, 0.1);
  EXPECT_DOUBLE_EQ(rt.min_rms_db, -90.0);
  EXPECT_DOUBLE_EQ(rt.max_rms_db, -40.0);
  EXPECT_DOUBLE_EQ(rt.max_crest, 6.0);
  EXPECT_DOUBLE_EQ(rt.min_variance, 0.0);
  EXPECT_DOUBLE_EQ(rt.norm_db, -18.0);
  EXPECT_DOUBLE_EQ(rt.fade_ms, 10.0);
  EXPECT_EQ(rt.max_per_file, 7);
}

TEST(RoomToneSection, ABadValueIsAnErrorAtItsLineAndColumn) {
  SceneLoad l = load("room_tone:\n  chunk_sec: 0.3\n  max_crest: 0.5\n");
  EXPECT_FALSE(l.ok());
  ASSERT_EQ(l.diagnostics.error_count(), 1u) << dump(l);
  const auto errors = l.diagnostics.errors();
  const Diagnostic& d = errors.front();
  EXPECT_EQ(d.key_path, "room_tone.max_crest");
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 14);
  EXPECT_EQ(d.format().rfind("scene.yaml:3:14: error: room_tone.max_crest:", 0), 0u) << d.format();
}

TEST(RoomToneSection, RangesAndOrderAreChecked) {
  struct Case {
    const char* yaml;
    const char* key;
  };
  const Case cases[] = {
      {"room_tone:\n  chunk_sec: 0\n", "room_tone.chunk_sec"},
      {"room_tone:\n  hop_sec: -0.1\n", "room_tone.hop_sec"},
      {"room_tone:\n  max_rms_db: 3\n", "room_tone.max_rms_db"},
      {"room_tone:\n  min_rms_db: -40\n  max_rms_db: -50\n", "room_tone.max_rms_db"},
      {"room_tone:\n  min_variance: -1\n", "room_tone.min_variance"},
      {"room_tone:\n  norm_db: 1\n", "room_tone.norm_db"},
      {"room_tone:\n  fade_ms: -2\n", "room_tone.fade_ms"},
      {"room_tone:\n  max_per_file: 0\n", "room_tone.max_per_file"},
      {"room_tone:\n  max_per_file: many\n", "room_tone.max_per_file"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml);
    SceneLoad l = load(c.yaml);
    EXPECT_FALSE(l.ok());
    EXPECT_EQ(l.diagnostics.error_count(), 1u) << dump(l);
    EXPECT_TRUE(has_error(l, c.key)) << dump(l);
  }
}

TEST(RoomToneSection, AnUnknownKeyIsAWarningWithASuggestion) {
  SceneLoad l = load("room_tone:\n  max_crst: 4\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_TRUE(testing::has_warning(l, "room_tone.max_crst", "max_crest")) << dump(l);
}

}  // namespace
}  // namespace afterglow::config
