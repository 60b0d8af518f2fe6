// Scene recalls through the real binary (issue 6, acceptance 6): scenes with a syntax error, a missing
// source or an out-of-range value, recalled while playing, are each reported with their file:line:col
// and the current scene keeps playing — the output is the same as if nothing had been recalled. A good
// recall morphs. `afterglow live --watch` reports a broken edit and morphs to a good one.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "afterglow/dsp/levels.h"
#include "support/background_process.h"
#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

std::string default_scene_text() {
  std::ifstream in(fs::path(AFTERGLOW_SOURCE_DIR) / "scenes" / "default.yaml");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The default scene with its cloud made sparse and low: a recall target that changes the sound.
std::string night_text() {
  std::string text = default_scene_text();
  const std::string cloud = "    level: 0.7\n    pan: -0.2\n";
  text.replace(text.find(cloud), cloud.size(), "    level: 0.2\n    pan: -0.2\n    params: {density: 4, pitch: -12}\n");
  return text;
}

test::ProcessResult render(const test::TempDir& dir, const std::string& events, const std::string& out) {
  const fs::path events_file = dir.write(out + ".jsonl", events);
  test::ProcessOptions options;
  options.env = {{"AFTERGLOW_EXPORT_ROOT", (dir / "export").string()}};
  return test::run_afterglow({"render-events", "--scene", (dir / "scenes" / "main.yaml").string(), "--events",
                              events_file.string(), "--seconds", "4", "--out", (dir / "export" / out).string()},
                             options);
}

TEST(SceneRecall, BrokenScenesAreReportedAndTheCurrentSceneKeepsPlaying) {
  test::TempDir dir;
  dir.write("scenes/main.yaml", default_scene_text());
  dir.write("scenes/syntax.yaml", "layers:\n  - type: cloud\n    name: [cloud1\n");
  std::string range = night_text();
  range.replace(range.find("density: 4"), 10, "density: -3");
  dir.write("scenes/range.yaml", range);
  std::string missing = night_text();
  missing.replace(missing.find("{demo: air, role: source}"), 25, "{path: gone/rain.wav, role: source}");
  dir.write("scenes/missing.yaml", missing);
  dir.write("scenes/night.yaml", night_text());

  const auto plain = render(dir, "{\"t\": 0.2, \"address\": \"/afterglow/drone1/note\", \"note\": 57}\n", "plain.wav");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const auto broken = render(dir,
                             "{\"t\": 0.2, \"address\": \"/afterglow/drone1/note\", \"note\": 57}\n"
                             "{\"t\": 1.0, \"address\": \"/afterglow/scene/recall\", \"value\": \"syntax\"}\n"
                             "{\"t\": 1.5, \"address\": \"/afterglow/scene/recall\", \"value\": \"range\"}\n"
                             "{\"t\": 2.0, \"address\": \"/afterglow/scene/recall\", \"value\": \"missing\"}\n",
                             "broken.wav");
  ASSERT_EQ(broken.exit_code, 0) << broken.err;
  EXPECT_NE(broken.err.find("syntax.yaml:3:"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("range.yaml:"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("density"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("gone/rain.wav not found"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("the current scene keeps playing"), std::string::npos) << broken.err;

  const test::RawAudio a = test::read_fixture(dir / "export" / "plain.wav");
  const test::RawAudio b = test::read_fixture(dir / "export" / "broken.wav");
  EXPECT_EQ(a.channels, b.channels) << "nothing was recalled: the same performance";
  std::vector<float> tail(b.channels[0].end() - 48000, b.channels[0].end());
  EXPECT_GT(dsp::rms_db(tail), -50.0) << "still playing";

  // The good one morphs: the sound changes after its cue and not before.
  const auto good = render(dir,
                           "{\"t\": 0.2, \"address\": \"/afterglow/drone1/note\", \"note\": 57}\n"
                           "{\"t\": 2.0, \"address\": \"/afterglow/scene/recall\", \"value\": \"night\", \"glide\": 1}\n",
                           "good.wav");
  ASSERT_EQ(good.exit_code, 0) << good.err;
  const test::RawAudio c = test::read_fixture(dir / "export" / "good.wav");
  std::size_t first = 0;
  while (first < c.channels[0].size() && c.channels[0][first] == a.channels[0][first]) ++first;
  EXPECT_GE(first, 2u * 48000u) << "unchanged before the recall";
  EXPECT_LT(first, 2u * 48000u + 2048u) << "changing as soon as the glide starts";
}

TEST(SceneRecall, WatchReportsABrokenEditAndMorphsToAGoodOne) {
  test::TempDir dir;
  const fs::path scene = dir.write("scenes/main.yaml", default_scene_text());
  test::BackgroundProcess live(AFTERGLOW_BINARY,
                               {"live", "--backend", "offline", "--watch", "--no-status", "--scene", scene.string(),
                                "--seconds", "8", "--out", (dir / "export").string()},
                               dir / "live.log");
  const auto wait_for = [&](const std::string& needle) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(6);
    while (std::chrono::steady_clock::now() < deadline) {
      if (live.log_text().find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  ASSERT_TRUE(wait_for("playing")) << live.log_text();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a new modification time
  dir.write("scenes/main.yaml", "layers:\n  - type: cloud\n    name: [cloud1\n");
  EXPECT_TRUE(wait_for("changed but was not loaded")) << live.log_text();
  EXPECT_NE(live.log_text().find("main.yaml:3:"), std::string::npos) << live.log_text();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  dir.write("scenes/main.yaml", night_text());
  EXPECT_TRUE(wait_for("changed: morphing")) << live.log_text();
  EXPECT_EQ(live.wait(std::chrono::milliseconds(20000)), 0) << live.log_text();
}

}  // namespace
}  // namespace afterglow
