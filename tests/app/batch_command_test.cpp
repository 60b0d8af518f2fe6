// `afterglow batch` end to end on the embedded demo material written as files: the whole project and a
// kit that passes tr8s-check; a second run that does no work; a killed run that the next run completes
// to exactly what an uninterrupted run writes; and a broken file that is reported while the rest is
// rendered.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/background_process.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every file below `root` (relative path -> content), leaving out what may differ between two projects
// of the same material: the contact sheet's page (its title is the folder's name).
std::map<std::string, std::string> contents(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const std::string& rel : test::list_files(root)) {
    if (rel == "index.html") continue;
    out[rel] = read_all(root / rel);
  }
  return out;
}

std::map<std::string, fs::file_time_type> times(const fs::path& root) {
  std::map<std::string, fs::file_time_type> out;
  for (const std::string& rel : test::list_files(root)) out[rel] = fs::last_write_time(root / rel);
  return out;
}

std::size_t count_below(const fs::path& dir) {
  if (!fs::is_directory(dir)) return 0;
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

class BatchCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = dir_ / "archive";
    const test::ProcessResult demo = test::run_afterglow({"demo-material", archive_.string()});
    ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
    ASSERT_EQ(test::list_files(archive_).size(), 3u) << "pad, drums and air";
  }

  test::ProcessResult batch(const std::string& project, const fs::path& out) const {
    std::vector<std::string> args{"batch",   archive_.string(), "--project", project, "--out", out.string(),
                                  "--jobs", "2",               "--no-cache"};
    if (!config_.empty()) args.insert(args.end(), {"--config", config_.string()});
    return test::run_afterglow(args);
  }

  test::TempDir dir_;
  fs::path archive_;
  fs::path config_;
};

// Issue 8, acceptance 2 (and §15.2 items 17–18): the export folder sits inside the archive folder, as in
// the original's documented call; it is never read back as material.
TEST_F(BatchCommand, RendersTheWholeProjectAndKitThenASecondRunDoesNothing) {
  const fs::path out = archive_ / "export";
  const test::ProcessResult first = batch("NIGHT", out);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("3 sources — 3 rendered, 0 current, 0 failed"), std::string::npos) << first.out;

  const fs::path project = out / "NIGHT";
  EXPECT_TRUE(fs::is_regular_file(project / "manifest.csv"));
  EXPECT_TRUE(fs::is_regular_file(project / "index.html"));
  // Every phase ran on the archive's files (the drones and clouds from DIR, not from a config's
  // pad_sources_dir): a folder per source with the afterglow layout's sub-folders.
  for (const char* source : {"demo_pad", "demo_drums", "demo_air"}) {
    EXPECT_TRUE(fs::is_directory(project / source)) << source;
  }
  std::size_t pads = 0, clouds = 0, hiss = 0, drums = 0, silences = 0;
  for (const char* source : {"demo_pad", "demo_drums", "demo_air"}) {
    pads += count_below(project / source / "pads");
    clouds += count_below(project / source / "clouds");
    hiss += count_below(project / source / "hiss");
    drums += count_below(project / source / "drums");
    silences += count_below(project / source / "silences");
  }
  EXPECT_GT(pads, 0u);
  EXPECT_GT(clouds, 0u);
  EXPECT_GT(hiss, 0u);
  EXPECT_GT(drums, 8u) << "the demo drum loop's hits";
  const fs::path kits = project / "ROLAND/TR-8S/SAMPLE";
  ASSERT_TRUE(fs::is_directory(kits));
  std::size_t kit_count = 0;
  fs::path kit;
  for (const auto& e : fs::directory_iterator(kits)) {
    if (e.is_directory()) {
      ++kit_count;
      kit = e.path();
    }
  }
  ASSERT_EQ(kit_count, 1u) << "one kit for the whole project";
  EXPECT_GT(count_below(kit / "DRUMS"), 0u);
  EXPECT_GT(count_below(kit / "PADS") + count_below(kit / "DRONES"), 0u);
  const test::ProcessResult check = test::run_afterglow({"tr8s-check", project.string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  // The second run: nothing read, nothing rendered, nothing written.
  const auto before = times(project);
  std::this_thread::sleep_for(milliseconds(20));
  const test::ProcessResult second = batch("NIGHT", out);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("3 sources — 0 rendered, 3 current, 0 failed"), std::string::npos)
      << "the project inside the archive was not read as new material: " << second.out;
  EXPECT_NE(second.out.find("kit: current"), std::string::npos) << second.out;
  EXPECT_EQ(times(project), before) << "a run with nothing to do rewrote files";

  // A changed source is the only one rendered again.
  {
    std::ofstream touch(archive_ / "demo_air.wav", std::ios::binary | std::ios::app);
  }
  fs::last_write_time(archive_ / "demo_air.wav", fs::file_time_type::clock::now() + std::chrono::seconds(5));
  const test::ProcessResult third = batch("NIGHT", out);
  ASSERT_EQ(third.exit_code, 0) << third.out << third.err;
  EXPECT_NE(third.out.find("3 sources — 1 rendered, 2 current, 0 failed"), std::string::npos) << third.out;
}

// Issue 8, acceptance 2: a run killed midway is completed by the next one, to the same bytes an
// uninterrupted run writes.
TEST_F(BatchCommand, AKilledRunIsCompletedByTheNextToTheSameResult) {
  const fs::path out = dir_ / "export";
  const test::ProcessResult whole = batch("WHOLE", out);
  ASSERT_EQ(whole.exit_code, 0) << whole.out << whole.err;

  // One source at a time (chunks of two with --jobs 1): killed as soon as the first source is recorded.
  const fs::path records = out / "KILLED" / ".afterglow-batch";
  {
    test::BackgroundProcess run(AFTERGLOW_BINARY,
                                {"batch", archive_.string(), "--project", "KILLED", "--out", out.string(),
                                 "--jobs", "1", "--no-cache"},
                                dir_ / "killed.log", {});
    bool recorded = false;
    for (int i = 0; i < 6000 && !recorded && run.running(); ++i) {
      recorded = fs::is_directory(records) && count_below(records) > 0;
      if (!recorded) std::this_thread::sleep_for(milliseconds(5));
    }
    ASSERT_TRUE(recorded) << "the run ended before any source was recorded:\n" << run.log_text();
    ::kill(run.pid(), SIGKILL);
    run.wait(milliseconds(5000));
  }
  ASSERT_LT(count_below(records), 3u) << "the kill came after the last source";

  const test::ProcessResult resumed = batch("KILLED", out);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(resumed.out, m, std::regex(R"(3 sources — (\d) rendered, (\d) current)")))
      << resumed.out;
  EXPECT_GE(std::stoi(m[1].str()), 1) << resumed.out;
  EXPECT_GE(std::stoi(m[2].str()), 1) << resumed.out;

  const auto expected = contents(out / "WHOLE");
  const auto got = contents(out / "KILLED");
  std::vector<std::string> expected_names, got_names;
  for (const auto& [name, bytes] : expected) expected_names.push_back(name);
  for (const auto& [name, bytes] : got) got_names.push_back(name);
  ASSERT_EQ(got_names, expected_names);
  for (const auto& [name, bytes] : expected) {
    if (name.starts_with(".afterglow-batch/")) continue;  // records name the time each source was read
    EXPECT_TRUE(got.at(name) == bytes) << name << " differs from the uninterrupted run's";
  }
}

// Principle 4: a broken file is reported, the others are rendered, the run says so and exits 3; the
// failure is remembered, so the next run reports it again without retrying it.
TEST_F(BatchCommand, ABrokenFileIsReportedAndTheRestIsRendered) {
  fs::remove(archive_ / "demo_pad.wav");
  dir_.write("archive/broken.wav", "RIFF\x10\x00\x00\x00WAVEfmt this is not audio");
  // An afterglow config whose folders name somewhere else: the batch renders DIR, every phase of it (the
  // original ran drones from the config's pad_sources_dir, reference §15.2 item 18).
  const fs::path elsewhere = dir_ / "elsewhere";
  fs::create_directories(elsewhere);
  fs::copy_file(archive_ / "demo_air.wav", elsewhere / "other.wav");
  fs::remove(archive_ / "demo_air.wav");
  config_ = dir_.write("config.yaml", "paths:\n  source_audio_dir: elsewhere\n  pad_sources_dir: elsewhere\n"
                                      "  drums_dir: elsewhere\n  export_dir: export\n");
  const fs::path out = dir_ / "export";
  const test::ProcessResult first = batch("P", out);
  EXPECT_EQ(first.exit_code, 3) << first.out << first.err;
  EXPECT_NE(first.err.find("broken.wav"), std::string::npos) << first.err;
  EXPECT_NE(first.out.find("2 sources — 1 rendered, 0 current, 1 failed"), std::string::npos) << first.out;
  EXPECT_GT(count_below(out / "P" / "demo_drums" / "drums"), 0u);
  EXPECT_GT(count_below(out / "P" / "demo_drums" / "pads"), 0u) << "pads and drones come from DIR";
  EXPECT_FALSE(fs::exists(out / "P" / "other")) << "nothing from the config's folders";
  const test::ProcessResult again = batch("P", out);
  EXPECT_EQ(again.exit_code, 3) << again.out << again.err;
  EXPECT_NE(again.out.find("2 sources — 0 rendered, 1 current, 1 failed"), std::string::npos) << again.out;
  EXPECT_NE(again.err.find("broken.wav"), std::string::npos) << again.err;
}

TEST(BatchCommandUsage, AMissingFolderOrABadProjectNameIsAUsageError) {
  test::TempDir dir;
  EXPECT_EQ(test::run_afterglow({"batch", (dir / "nowhere").string()}).exit_code, 2);
  const test::ProcessResult bad =
      test::run_afterglow({"batch", dir.path().string(), "--project", "../escape", "--out", (dir / "x").string()});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_FALSE(fs::exists(dir / "escape"));
  const test::ProcessResult empty =
      test::run_afterglow({"batch", dir.path().string(), "--out", (dir / "x").string()});
  EXPECT_EQ(empty.exit_code, 2) << empty.out << empty.err;
  EXPECT_NE(empty.err.find("no audio files"), std::string::npos) << empty.err;
}

}  // namespace
}  // namespace afterglow
