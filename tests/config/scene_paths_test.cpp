// Every path in a scene is relative to the scene file's folder.

#include <gtest/gtest.h>

#include "scene_test_util.h"
#include "support/temp_dir.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_warning;
using testing::load;

TEST(ScenePaths, ResolveAgainstTheSceneFolder) {
  Scene s;
  s.base_dir = "/music/scenes";
  EXPECT_EQ(s.resolve("pads"), std::filesystem::path("/music/scenes/pads"));
  EXPECT_EQ(s.resolve("../archive/a.wav"), std::filesystem::path("/music/archive/a.wav"));
  EXPECT_EQ(s.resolve("/abs/x.wav"), std::filesystem::path("/abs/x.wav"));
}

TEST(ScenePaths, LoadedFileResolvesAgainstItsOwnFolderNotTheWorkingDirectory) {
  test::TempDir dir;
  auto file = dir.write("set/live.yaml",
                        "sources:\n  - recordings\n  - {path: ../shared/drums, role: drums}\n"
                        "export:\n  dir: out\n");
  SceneLoad l = load_scene_file(file);
  ASSERT_TRUE(l.ok()) << dump(l);
  const Scene& s = *l.scene;
  EXPECT_EQ(s.base_dir, dir.path() / "set");
  ASSERT_EQ(s.sources.size(), 2u);
  EXPECT_EQ(s.resolve(s.sources[0].path), dir.path() / "set/recordings");
  EXPECT_EQ(s.resolve(s.sources[1].path), dir.path() / "shared/drums");
  EXPECT_EQ(*s.export_dir(), dir.path() / "set/out");
}

TEST(ScenePaths, ExportDirFallsBackToPathsExportDir) {
  SceneLoad l = load("paths:\n  export_dir: export/tr8s\n", "/home/me/afterglow");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(*l.scene->export_dir(), std::filesystem::path("/home/me/afterglow/export/tr8s"));
  SceneLoad both = load("paths:\n  export_dir: a\nexport:\n  dir: b\n", "/x");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(*both.scene->export_dir(), std::filesystem::path("/x/b"));
  SceneLoad none = load("engine:\n  block_size: 64\n");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.scene->export_dir().has_value());
}

TEST(ScenePaths, OriginalFoldersBecomeSourcesWithRoles) {
  SceneLoad l = load("paths:\n  source_audio_dir: src\n  pad_sources_dir: pads\n  drums_dir: drums\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  const auto& sources = l.scene->sources;
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].path, "src");
  EXPECT_EQ(sources[0].role, SourceRole::kSource);
  EXPECT_EQ(sources[1].role, SourceRole::kPads);
  EXPECT_EQ(sources[2].role, SourceRole::kDrums);
  EXPECT_FALSE(sources[0].recursive);
  EXPECT_TRUE(sources[0].from_paths_section);
}

TEST(ScenePaths, ExplicitSourcesWinOverPathsWithAWarning) {
  SceneLoad l = load("sources: [mine]\npaths:\n  pad_sources_dir: pads\n  export_dir: out\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  ASSERT_EQ(l.scene->sources.size(), 1u);
  EXPECT_EQ(l.scene->sources[0].path, "mine");
  EXPECT_TRUE(has_warning(l, "paths.pad_sources_dir", "ignored because the scene lists `sources`"));
}

}  // namespace
}  // namespace afterglow::config
