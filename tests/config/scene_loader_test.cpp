// Loading as a whole: files, empty or malformed YAML, and collecting every error with its position.

#include "afterglow/config/scene_loader.h"

#include <gtest/gtest.h>

#include "scene_test_util.h"
#include "support/temp_dir.h"

namespace afterglow::config {
namespace {

using testing::dump;
using testing::has_error;
using testing::has_warning;
using testing::load;

TEST(SceneLoader, FiveMistakesGiveFiveErrorsEachAtItsLineAndColumn) {
  SceneLoad l = load(
      "global:\n"
      "  sample_rate: 441\n"
      "  output_bit_depth: 24\n"
      "  target_peak_dbfs: -1.0\n"
      "clouds:\n"
      "  grain_length_min_ms: 40\n"
      "  grain_length_max_ms: 120\n"
      "  grains_per_cloud: 0\n"
      "  overlap_ratio: 1.5\n"
      "hiss:\n"
      "  tremolo_depth: \"deep\"\n"
      "export:\n"
      "  pads_stereo: 1\n");
  EXPECT_FALSE(l.ok());
  const auto errors = l.diagnostics.errors();
  ASSERT_EQ(errors.size(), 5u) << dump(l);
  struct Expected {
    int line, column;
    const char* key;
    const char* text;
  };
  const Expected expected[] = {
      {2, 16, "global.sample_rate", "outside reasonable range"},
      {8, 21, "clouds.grains_per_cloud", ">= 1 (got 0)"},
      {9, 18, "clouds.overlap_ratio", "(got 1.5)"},
      {11, 18, "hiss.tremolo_depth", "must be a number (got \"deep\")"},
      {13, 16, "export.pads_stereo", "must be true or false (got 1)"},
  };
  for (std::size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE(errors[i].format());
    EXPECT_EQ(errors[i].line, expected[i].line);
    EXPECT_EQ(errors[i].column, expected[i].column);
    EXPECT_EQ(errors[i].key_path, expected[i].key);
    EXPECT_NE(errors[i].message.find(expected[i].text), std::string::npos);
    EXPECT_EQ(errors[i].file, "scene.yaml");
  }
  EXPECT_EQ(errors[0].format(),
            "scene.yaml:2:16: error: global.sample_rate: (441) outside reasonable range [8000, 192000] Hz");
  EXPECT_EQ(errors[0].source_line, "  sample_rate: 441");
  EXPECT_EQ(l.to_error().kind(), ErrorKind::kInvalidConfig);
  EXPECT_EQ(l.to_error().message(), "5 errors in scene.yaml");
}

TEST(SceneLoader, SyntaxErrorHasLineColumnAndTheOffendingLine) {
  SceneLoad l = load("engine:\n  sample_rate: 48000\nlayers: [ {type: drone}\nosc:\n  port: 9000\n");
  ASSERT_FALSE(l.ok());
  ASSERT_EQ(l.diagnostics.size(), 1u) << dump(l);
  const Diagnostic& d = l.diagnostics.items()[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_NE(d.message.find("YAML syntax error"), std::string::npos);
  EXPECT_EQ(d.message.find("yaml-cpp"), std::string::npos);
  EXPECT_GT(d.line, 0);
  EXPECT_GT(d.column, 0);
  EXPECT_FALSE(d.source_line.empty());
}

TEST(SceneLoader, BadIndentationPointsAtTheLine) {
  SceneLoad l = load("clouds:\n  grains_per_cloud: 10\n    overlap_ratio: 0.5\n");
  ASSERT_FALSE(l.ok());
  ASSERT_EQ(l.diagnostics.size(), 1u) << dump(l);
  const Diagnostic& d = l.diagnostics.items()[0];
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 18);
  EXPECT_EQ(d.source_line, "    overlap_ratio: 0.5");
  EXPECT_NE(d.message.find("unexpected ':'"), std::string::npos) << d.message;
}

TEST(SceneLoader, SyntaxErrorAtTheEndOfTheFileShowsTheLastLine) {
  SceneLoad l = load("engine:\n  block_size: 64\nosc: {port: 9000\n\n");
  ASSERT_EQ(l.diagnostics.size(), 1u) << dump(l);
  const Diagnostic& d = l.diagnostics.items()[0];
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.source_line, "osc: {port: 9000");
  EXPECT_NE(d.message.find("not closed"), std::string::npos) << d.message;
}

TEST(SceneLoader, UnclosedQuoteAndTabIndentationAreSyntaxErrors) {
  for (const char* text : {"global:\n  target_peak_dbfs: \"-1\n", "global:\n\tsample_rate: 44100\n",
                           "a: {b: 1\n", "a: [1, 2\n"}) {
    SceneLoad l = load(text);
    EXPECT_FALSE(l.ok()) << text;
    ASSERT_EQ(l.diagnostics.error_count(), 1u) << dump(l);
    EXPECT_GT(l.diagnostics.items()[0].line, 0) << text;
  }
}

TEST(SceneLoader, EmptyFileIsAClearError) {
  for (const char* text : {"", "   \n\n", "# only a comment\n", "~\n", "null\n"}) {
    SceneLoad l = load(text);
    EXPECT_FALSE(l.ok());
    ASSERT_EQ(l.diagnostics.size(), 1u) << dump(l);
    EXPECT_NE(l.diagnostics.items()[0].message.find("the file is empty"), std::string::npos);
  }
}

TEST(SceneLoader, NonMappingRootIsAClearError) {
  SceneLoad list = load("- global\n- clouds\n");
  ASSERT_EQ(list.diagnostics.error_count(), 1u);
  EXPECT_NE(list.diagnostics.items()[0].message.find("must be a mapping"), std::string::npos);
  EXPECT_NE(list.diagnostics.items()[0].message.find("a list"), std::string::npos);
  EXPECT_EQ(list.diagnostics.items()[0].line, 1);
  SceneLoad scalar = load("just some text\n");
  ASSERT_EQ(scalar.diagnostics.error_count(), 1u);
  EXPECT_NE(scalar.diagnostics.items()[0].message.find("a single value"), std::string::npos);
}

TEST(SceneLoader, SeveralDocumentsAreRefused) {
  SceneLoad l = load("engine:\n  block_size: 128\n---\nengine:\n  block_size: 64\n");
  EXPECT_FALSE(l.ok());
  EXPECT_TRUE(has_error(l, "", "several YAML documents")) << dump(l);
}

TEST(SceneLoader, SectionThatIsNotAMappingIsAnError) {
  SceneLoad l = load("clouds: 12\nhiss: [1, 2]\n");
  EXPECT_TRUE(has_error(l, "clouds", "must be a mapping")) << dump(l);
  EXPECT_TRUE(has_error(l, "hiss", "must be a mapping of keys (got a list)")) << dump(l);
}

TEST(SceneLoader, DuplicateKeyWarnsAndTheLastValueWins) {
  SceneLoad l = load("engine:\n  block_size: 128\n  block_size: 512\n");
  ASSERT_TRUE(l.ok()) << dump(l);
  EXPECT_EQ(l.scene->engine.block_size, 512);
  EXPECT_TRUE(has_warning(l, "engine.block_size", "duplicate key")) << dump(l);
  EXPECT_EQ(l.diagnostics.items()[0].line, 3);
}

TEST(SceneLoader, MissingFileFolderAndBinaryFileAreDiagnosticsNotCrashes) {
  test::TempDir dir;
  SceneLoad missing = load_scene_file(dir / "nope.yaml");
  ASSERT_EQ(missing.diagnostics.error_count(), 1u);
  EXPECT_NE(missing.diagnostics.items()[0].message.find("no such file"), std::string::npos);
  SceneLoad folder = load_scene_file(dir.path());
  ASSERT_EQ(folder.diagnostics.error_count(), 1u);
  EXPECT_NE(folder.diagnostics.items()[0].message.find("folder"), std::string::npos);
  auto binary = dir.write("binary.yaml", std::string("RIFF\0\0\0\0WAVE", 12));
  SceneLoad bin = load_scene_file(binary);
  ASSERT_EQ(bin.diagnostics.error_count(), 1u);
  EXPECT_NE(bin.diagnostics.items()[0].message.find("not a text file"), std::string::npos);
}

TEST(SceneLoader, FileDiagnosticsNameTheFileAsGiven) {
  test::TempDir dir;
  auto path = dir.write("live.yaml", "engine:\n  block_size: 100\n");
  SceneLoad l = load_scene_file(path);
  ASSERT_EQ(l.diagnostics.error_count(), 1u);
  EXPECT_EQ(l.diagnostics.items()[0].format(),
            path.string() +
                ":2:15: error: engine.block_size: must be a power of two between 16 and 4096 "
                "frames (got 100)");
}

TEST(SceneLoader, ErrorsNeverYieldAScene) {
  SceneLoad l = load("engine:\n  sample_rate: lots\n");
  EXPECT_FALSE(l.scene.has_value());
  SceneLoad ok = load("engine:\n  sample_rate: 44100\n");
  ASSERT_TRUE(ok.scene.has_value());
  EXPECT_EQ(ok.scene->engine.sample_rate, 44100);
}

}  // namespace
}  // namespace afterglow::config
