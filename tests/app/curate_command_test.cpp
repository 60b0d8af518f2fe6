// `afterglow curate` end to end: the planted best files, the summary, and the exit codes.

#include <gtest/gtest.h>

#include "support/curation_fixtures.h"
#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& f : test::list_files(dir)) {
    if (f.front() != '.') out.push_back(f);
  }
  return out;
}

TEST(CurateCommand, CopiesThePlantedBestAndSummarises) {
  test::TempDir dir;
  const auto archive = test::write_curation_archive(dir / "archive");
  const auto r = test::run_afterglow({"curate", "--in", (dir / "archive").string(), "--out",
                                      (dir / "archive/curated").string(), "--per-category", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("drums     3 of 15 kept"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pads      3 of 12 kept"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("curate: 6 files copied"), std::string::npos) << r.out;
  std::vector<std::string> expected;
  for (const auto& d : archive.best_drums) expected.push_back("drums/" + fs::path(d).filename().string());
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> drums;
  for (const auto& f : files_in(dir / "archive/curated")) {
    if (f.rfind("drums/", 0) == 0) drums.push_back(f);
  }
  EXPECT_EQ(drums, expected);

  // Again without --force: refused, nothing changes; with it: the same selection, nothing re-ingested.
  const auto before = test::list_files(dir / "archive");
  const auto refused = test::run_afterglow({"curate", "--in", (dir / "archive").string(), "--out",
                                            (dir / "archive/curated").string(), "--per-category", "3"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  const auto forced =
      test::run_afterglow({"curate", "--in", (dir / "archive").string(), "--out",
                           (dir / "archive/curated").string(), "--per-category", "3", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_NE(forced.out.find("6 files of the previous selection replaced"), std::string::npos) << forced.out;
  EXPECT_EQ(test::list_files(dir / "archive"), before);
}

TEST(CurateCommand, ExitCodes) {
  test::TempDir dir;
  dir.write("none/readme.txt", "no sounds here");
  EXPECT_EQ(test::run_afterglow({"curate", "--in", (dir / "none").string(), "--out", (dir / "o1").string()})
                .exit_code,
            0);
  EXPECT_EQ(test::run_afterglow({"curate", "--in", (dir / "none").string(), "--out", (dir / "o2").string(),
                                 "--fail-on-empty"})
                .exit_code,
            1);
  dir.write("mixed/broken_drum.wav", "garbage");
  fs::create_directories(dir / "mixed");
  test::write_fixture(dir / "mixed/ok_drum.wav", {test::sine(100.0, 0.5, 4410)}, 44100);
  const auto partial =
      test::run_afterglow({"curate", "--in", (dir / "mixed").string(), "--out", (dir / "o3").string()});
  EXPECT_EQ(partial.exit_code, 3) << partial.out << partial.err;
  EXPECT_NE(partial.out.find("broken_drum.wav"), std::string::npos) << partial.out;
  EXPECT_TRUE(fs::exists(dir / "o3/drums/ok_drum.wav"));
  EXPECT_EQ(
      test::run_afterglow({"curate", "--in", (dir / "missing").string(), "--out", (dir / "o4").string()})
          .exit_code,
      2);
  EXPECT_EQ(test::run_afterglow({"curate", "--in", (dir / "mixed").string()}).exit_code, 2);
  EXPECT_EQ(test::run_afterglow({"curate", "--in", (dir / "mixed").string(), "--out", (dir / "o5").string(),
                                 "--per-category", "0"})
                .exit_code,
            2);
  // A folder curate did not write: refused even with --force, left exactly as it was.
  dir.write("mine/keep.txt", "mine");
  EXPECT_EQ(test::run_afterglow(
                {"curate", "--in", (dir / "mixed").string(), "--out", (dir / "mine").string(), "--force"})
                .exit_code,
            2);
  EXPECT_EQ(test::list_files(dir / "mine"), std::vector<std::string>{"keep.txt"});
}

}  // namespace
}  // namespace afterglow
