// The `afterglow` binary end to end: exit codes, help, logging options and `check`.

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "support/run_process.h"
#include "support/temp_dir.h"

namespace afterglow::test {
namespace {

const std::string kScenes = std::string(AFTERGLOW_SOURCE_DIR) + "/scenes/";

int count_matches(const std::string& text, const std::regex& re) {
  return static_cast<int>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

TEST(Cli, VersionAndHelp) {
  auto r = run_afterglow({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("afterglow 0."), std::string::npos) << r.out;

  r = run_afterglow({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"check", "demo-material", "Exit codes", "AFTERGLOW_LOG_LEVEL"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
  }
  r = run_afterglow({"check", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Examples"), std::string::npos) << r.out;
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_afterglow({}).exit_code, 2);
  EXPECT_EQ(run_afterglow({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(run_afterglow({"check"}).exit_code, 2);
  const auto r = run_afterglow({"check", "/definitely/not/here.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not/here.yaml"), std::string::npos) << r.err;
  EXPECT_EQ(run_afterglow({"--log-level", "loud", "check", kScenes + "default.yaml"}).exit_code, 2);
}

TEST(Cli, ShippedScenesPassCheck) {
  for (const char* scene : {"default.yaml", "afterglow-compatible.yaml"}) {
    const auto r = run_afterglow({"check", kScenes + scene});
    EXPECT_EQ(r.exit_code, 0) << scene << "\n" << r.out << r.err;
    EXPECT_EQ(r.out.find(": error:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ok (0 errors"), std::string::npos) << r.out;
  }
}

TEST(Cli, CheckListsFiveMistakesWithLineAndColumn) {
  TempDir dir;
  const auto scene = dir.write("five.yaml",
                               "global:\n"
                               "  sample_rate: 441\n"       // 2: out of range
                               "  target_peak_dbfs: 1.0\n"  // 3: must be negative
                               "clouds:\n"
                               "  grains_per_cloud: 0\n"  // 5: at least 1
                               "  overlap_ratio: 1.5\n"   // 6: strictly between 0 and 1
                               "hiss:\n"
                               "  tremolo_depth: 2\n");  // 8: 0..1
  const auto r = run_afterglow({"check", scene.string()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(count_matches(r.out, std::regex(R"(five\.yaml:\d+:\d+: error:)")), 5) << r.out;
  for (const char* where : {"five.yaml:2:", "five.yaml:3:", "five.yaml:5:", "five.yaml:6:", "five.yaml:8:"}) {
    EXPECT_NE(r.out.find(where), std::string::npos) << where << "\n" << r.out;
  }
}

TEST(Cli, CheckReportsYamlSyntaxErrorsWithPosition) {
  TempDir dir;
  const auto scene = dir.write("broken.yaml", "global:\n  sample_rate: 44100\n  bad: [1, 2\npaths: {}\n");
  const auto r = run_afterglow({"check", scene.string()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(broken\.yaml:\d+:\d+: error:)"))) << r.out;
  EXPECT_EQ(r.err.find("terminate"), std::string::npos);
}

TEST(Cli, LogLevelFromEnvironmentAndFlags) {
  TempDir dir;
  const auto scene = dir.write("legacy.yaml", "pad_miner:\n  crossfade_ms: 80\n");
  // The legacy key is a warning: shown by default, hidden at error level, on stdout as check's data.
  auto r = run_afterglow({"check", scene.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("warning"), std::string::npos) << r.out;

  ProcessOptions debug_env;
  debug_env.env = {{"AFTERGLOW_LOG_LEVEL", "debug"}};
  r = run_afterglow({"demo-material", "--help"}, debug_env);
  EXPECT_EQ(r.exit_code, 0);

  ProcessOptions bad_env;
  bad_env.env = {{"AFTERGLOW_LOG_LEVEL", "shouting"}};
  r = run_afterglow({"check", scene.string()}, bad_env);
  EXPECT_NE(r.err.find("AFTERGLOW_LOG_LEVEL=shouting"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace afterglow::test

namespace afterglow::test {
namespace {

TEST(CliDemoMaterial, WritesEveryKindAndASummary) {
  TempDir dir;
  const auto r = run_afterglow({"demo-material", "--rate", "44100", (dir / "demo").string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(list_files(dir / "demo"),
            (std::vector<std::string>{"demo_air.wav", "demo_drums.wav", "demo_pad.wav"}));
  EXPECT_NE(r.out.find("key A minor"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("110 BPM"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 of 3 files written"), std::string::npos) << r.out;
  EXPECT_GT(std::filesystem::file_size(dir / "demo" / "demo_pad.wav"), 44100u * 32 * 2 * 3);
}

TEST(CliDemoMaterial, RefusesToWriteOutsideTheExportRootAndCreatesNothing) {
  TempDir dir;
  ProcessOptions options;
  options.env = {{"AFTERGLOW_EXPORT_ROOT", (dir / "root").string()}};
  options.unset_env = {"AFTERGLOW_UNSAFE_IO"};
  std::filesystem::create_directories(dir / "root");
  const auto r =
      run_afterglow({"demo-material", "--kind", "air", (dir / "elsewhere" / "deep").string()}, options);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("outside the export folder"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "elsewhere")) << "no folder may be created outside the root";
}

TEST(CliDemoMaterial, QuietHidesProgressButKeepsData) {
  TempDir dir;
  auto r = run_afterglow({"-q", "demo-material", "--kind", "air", dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("demo_air.wav"), std::string::npos);
  r = run_afterglow({"demo-material", "--kind", "air", dir.path().string()});
  EXPECT_NE(r.err.find("demo material: 1/1"), std::string::npos) << "plain progress when stderr is not a TTY";
}

TEST(CliDemoMaterial, RejectsBadOptionsAsUsageErrors) {
  TempDir dir;
  EXPECT_EQ(run_afterglow({"demo-material", "--bit-depth", "32", dir.path().string()}).exit_code, 2);
  EXPECT_EQ(run_afterglow({"demo-material", "--kind", "violin", dir.path().string()}).exit_code, 2);
  EXPECT_EQ(run_afterglow({"demo-material", "--rate", "100", dir.path().string()}).exit_code, 2);
  EXPECT_TRUE(list_files(dir.path()).empty());
}

}  // namespace
}  // namespace afterglow::test
