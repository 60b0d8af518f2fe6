// `afterglow analyze` end to end: the demo material's key, pads and drum loop (issue acceptance 3),
// JSON that parses, the cache on the second run, and the exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::test {
namespace {

using nlohmann::json;

const json* find_source(const json& report, const std::string& id) {
  for (const json& s : report["sources"]) {
    if (s["id"] == id) return &s;
  }
  return nullptr;
}

TEST(AnalyzeCommand, DemoMaterialJsonHasTheKeyPadsAndAnUnstableDrumLoop) {
  TempDir dir;
  const ProcessResult r = run_afterglow({"analyze", "--json", "--jobs", "2"}, {dir.path(), {}, {}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(r.out);  // throws (fails the test) on malformed JSON
  EXPECT_EQ(report["afterglow_analysis"], 1);
  ASSERT_EQ(report["sources"].size(), 3u);
  EXPECT_TRUE(report["failures"].empty());

  const json* pad = find_source(report, "demo:pad");
  ASSERT_NE(pad, nullptr);
  ASSERT_TRUE((*pad)["key"].is_object());
  EXPECT_EQ((*pad)["key"]["name"], "A min");
  EXPECT_EQ((*pad)["key"]["mode"], "minor");
  EXPECT_GE((*pad)["pads"].size(), 3u);
  for (const json& p : (*pad)["pads"]) {
    EXPECT_GT(p["length_sec"].get<double>(), 0.0);
    EXPECT_GE(p["start_sec"].get<double>(), 0.0);
  }
  EXPECT_EQ((*pad)["stability"]["class"], "stable");
  EXPECT_EQ((*pad)["role"], "pads");

  const json* drums = find_source(report, "demo:drums");
  ASSERT_NE(drums, nullptr);
  EXPECT_EQ((*drums)["stability"]["class"], "unstable");
  EXPECT_LT((*drums)["stability"]["stable_windows"].get<int>() * 2,
            (*drums)["stability"]["total_windows"].get<int>());
  EXPECT_TRUE((*drums)["pads"].empty());
  EXPECT_NEAR((*drums)["tempo"]["bpm"].get<double>(), 110.0, 2.0);
  EXPECT_EQ((*drums)["duration_sec"], 16.0);
}

TEST(AnalyzeCommand, FilesAreCachedAndAFailedInputGivesExitThree) {
  TempDir dir;
  std::filesystem::create_directories(dir / "in");
  write_fixture(dir / "in/tone.wav", {sine(220.0, 0.3, 3 * 44100)}, 44100);
  dir.write("in/sub/Broken \"quoted\".wav", "not audio");
  const ProcessOptions opts{
      dir.path(), {{"AFTERGLOW_EXPORT_ROOT", (dir / "export").string()}}, {"AFTERGLOW_UNSAFE_IO"}};

  const ProcessResult first =
      run_afterglow({"analyze", "--json", "--rate", "44100", (dir / "in").string()}, opts);
  EXPECT_EQ(first.exit_code, 3) << first.err;
  const json a = json::parse(first.out);
  ASSERT_EQ(a["sources"].size(), 1u);
  EXPECT_EQ(a["sources"][0]["id"], "in/tone.wav");
  EXPECT_EQ(a["sources"][0]["cached"], false);
  ASSERT_EQ(a["failures"].size(), 1u);
  EXPECT_EQ(a["failures"][0]["id"], "in/sub/Broken \"quoted\".wav");  // escaped and parsed back
  EXPECT_EQ(a["failures"][0]["kind"], "decode");
  EXPECT_EQ(a["cache"]["writes"], 1);

  const ProcessResult second =
      run_afterglow({"analyze", "--json", "--rate", "44100", (dir / "in/tone.wav").string()}, opts);
  EXPECT_EQ(second.exit_code, 0) << second.err;
  const json b = json::parse(second.out);
  EXPECT_EQ(b["sources"][0]["cached"], true);
  EXPECT_EQ(b["cache"]["hits"], 1);
  EXPECT_EQ(b["sources"][0]["key"], a["sources"][0]["key"]);
  EXPECT_EQ(b["sources"][0]["tempo"], a["sources"][0]["tempo"]);
  EXPECT_EQ(b["sources"][0]["pads"], a["sources"][0]["pads"]);
  EXPECT_FALSE(list_files(dir / "export/.afterglow-cache/analysis").empty());

  const ProcessResult no_cache =
      run_afterglow({"analyze", "--json", "--no-cache", (dir / "in/tone.wav").string()}, opts);
  EXPECT_EQ(no_cache.exit_code, 0) << no_cache.err;
  EXPECT_EQ(json::parse(no_cache.out)["cache"]["enabled"], false);
}

TEST(AnalyzeCommand, TextTableAndUsageErrors) {
  TempDir dir;
  const ProcessResult text = run_afterglow({"analyze", "--no-cache"}, {dir.path(), {}, {}});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("key A min"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("3 of 3 sources analysed"), std::string::npos);

  EXPECT_EQ(run_afterglow({"analyze", "--rate", "5"}, {dir.path(), {}, {}}).exit_code, 2);
  EXPECT_EQ(
      run_afterglow({"analyze", "--scene", (dir / "nope.yaml").string()}, {dir.path(), {}, {}}).exit_code, 2);
  const auto bad_scene = dir.write("bad.yaml", "engine:\n  sample_rate: -3\n");
  EXPECT_EQ(run_afterglow({"analyze", "--scene", bad_scene.string()}, {dir.path(), {}, {}}).exit_code, 2);
}

TEST(AnalyzeCommand, SceneSourcesAndSettingsAreUsed) {
  TempDir dir;
  std::filesystem::create_directories(dir / "tapes");
  write_fixture(dir / "tapes/a.wav", {sine(440.0, 0.3, 4 * 44100)}, 44100);
  const auto scene = dir.write("scene.yaml",
                               "engine: {sample_rate: 44100}\n"
                               "sources:\n  - {path: tapes, role: source, tags: [warm]}\n  - {demo: drums}\n"
                               "pad_miner: {max_candidates_per_file: 1}\n"
                               "export: {dir: out}\n");
  const ProcessResult r =
      run_afterglow({"analyze", "--json", "--scene", scene.string()}, {dir.path(), {}, {}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(r.out);
  EXPECT_EQ(report["sample_rate"], 44100);
  const json* a = find_source(report, "tapes/a.wav");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ((*a)["role"], "source");
  EXPECT_EQ((*a)["tags"], json::array({"warm"}));
  EXPECT_EQ((*a)["pads"].size(), 1u);  // max_candidates_per_file
  EXPECT_NE(find_source(report, "demo:drums"), nullptr);
  // The cache went under the scene's export folder.
  EXPECT_FALSE(list_files(dir / "out/.afterglow-cache").empty());
}

}  // namespace
}  // namespace afterglow::test
