#include "afterglow/render/curated_selection.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "support/curation_fixtures.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

std::set<std::string> sources_in(const CurateReport& report, CurateCategory category, const fs::path& root) {
  std::set<std::string> out;
  for (const CuratedFile& f : report.copied) {
    if (f.category == category) out.insert(f.source.lexically_relative(root).generic_string());
  }
  return out;
}

CurateOptions options_for(const fs::path& in, const fs::path& out, std::size_t n = 10) {
  CurateOptions o;
  o.input = in;
  o.output = out;
  o.per_category = n;
  return o;
}

TEST(CuratedSelection, PicksThePlantedBestAndCopiesThemByteForByte) {
  test::TempDir tmp;
  const auto archive = test::write_curation_archive(tmp / "archive");
  CurateOptions o = options_for(tmp / "archive", tmp / "curated", 3);
  auto report = curate_best(o, io::ExportRoot::unrestricted());
  ASSERT_TRUE(report.ok()) << report.error().what();
  EXPECT_EQ(report->considered_in(CurateCategory::kDrums), test::kArchiveDrums);
  EXPECT_EQ(report->considered_in(CurateCategory::kPads), test::kArchivePads);
  EXPECT_EQ(sources_in(*report, CurateCategory::kDrums, tmp / "archive"), archive.best_drums);
  EXPECT_EQ(sources_in(*report, CurateCategory::kDrums, tmp / "archive").count(archive.clipped_drum), 0u);
  for (const CuratedFile& f : report->copied) {
    EXPECT_EQ(test::read_bytes(tmp / "curated" / f.destination), test::read_bytes(f.source)) << f.destination;
  }

  CurateOptions two = options_for(tmp / "archive", tmp / "curated2", 2);
  report = curate_best(two, io::ExportRoot::unrestricted());
  ASSERT_TRUE(report.ok());
  std::set<std::string> pads = sources_in(*report, CurateCategory::kPads, tmp / "archive");
  EXPECT_EQ(pads, archive.best_pads);
  // Best first within a category.
  ASSERT_GE(report->copied.size(), 2u);
  EXPECT_GE(report->copied[0].score, report->copied[1].score);
}

TEST(CuratedSelection, TiesKeepPathOrder) {
  std::vector<CurateCandidate> c = {{"b.wav", CurateCategory::kHiss, 1.0},
                                    {"a.wav", CurateCategory::kHiss, 2.0},
                                    {"c.wav", CurateCategory::kHiss, 1.0},
                                    {"d.wav", CurateCategory::kDrums, 0.0}};
  const auto best = select_best(c, 2);
  ASSERT_EQ(best.size(), 3u);
  EXPECT_EQ(best[0].source, "d.wav");  // drums come first
  EXPECT_EQ(best[1].source, "a.wav");
  EXPECT_EQ(best[2].source, "b.wav");  // ties: input order
}

TEST(CuratedSelection, SameNamesFromTwoFoldersGetDistinctDeterministicNames) {
  std::vector<CurateCandidate> c = {{"x/rain_pad.wav", CurateCategory::kPads, 3.0},
                                    {"y/rain_pad.wav", CurateCategory::kPads, 2.0},
                                    {"z/rain_pad.wav", CurateCategory::kPads, 1.0}};
  const auto names = plan_destinations(c, {"pads/rain_pad-2.wav"});  // already present, not ours
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "pads/rain_pad.wav");
  EXPECT_EQ(names[1], "pads/rain_pad-3.wav");
  EXPECT_EQ(names[2], "pads/rain_pad-4.wav");

  test::TempDir tmp;
  fs::create_directories(tmp / "in/x");
  fs::create_directories(tmp / "in/y");
  test::write_fixture(tmp / "in/x/rain_pad.wav", {test::sine(220.0, 0.5, 22050)}, 44100);
  test::write_fixture(tmp / "in/y/rain_pad.wav", {test::sine(330.0, 0.5, 44100)}, 44100);
  const auto report = curate_best(options_for(tmp / "in", tmp / "out"), io::ExportRoot::unrestricted());
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->copied.size(), 2u);
  EXPECT_EQ(test::read_bytes(tmp / "out/pads/rain_pad.wav"), test::read_bytes(tmp / "in/y/rain_pad.wav"));
  EXPECT_EQ(test::read_bytes(tmp / "out/pads/rain_pad-2.wav"), test::read_bytes(tmp / "in/x/rain_pad.wav"));
}

TEST(CuratedSelection, OutputInsideInputIsNeverReingested) {
  test::TempDir tmp;
  test::write_curation_archive(tmp / "archive");
  const auto first =
      curate_best(options_for(tmp / "archive", tmp / "archive/curated", 3), io::ExportRoot::unrestricted());
  ASSERT_TRUE(first.ok());
  const auto files_after_first = test::list_files(tmp / "archive");
  CurateOptions again = options_for(tmp / "archive", tmp / "archive/curated", 3);
  again.force = true;
  const auto second = curate_best(again, io::ExportRoot::unrestricted());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->considered.size(), first->considered.size());
  EXPECT_EQ(second->replaced, first->copied.size());
  EXPECT_EQ(test::list_files(tmp / "archive"), files_after_first);  // no curated/drums/x-2.wav copies
  // Another selection elsewhere in the input (it carries the marker) is not read either.
  const auto third =
      curate_best(options_for(tmp / "archive", tmp / "other", 3), io::ExportRoot::unrestricted());
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->considered.size(), first->considered.size());
  ASSERT_EQ(third->skipped_folders.size(), 1u);
  // Nor is a contact sheet's picture folder, whatever is planted in it.
  fs::create_directories(tmp / "archive/contact-sheet");
  tmp.write("archive/contact-sheet/.afterglow-contact-sheet", "");
  test::write_fixture(tmp / "archive/contact-sheet/planted_drum.wav", {test::sine(100.0, 0.5, 4410)}, 44100);
  CurateOptions fourth = options_for(tmp / "archive", tmp / "other", 3);
  fourth.force = true;
  const auto four = curate_best(fourth, io::ExportRoot::unrestricted());
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(four->considered.size(), first->considered.size());
}

TEST(CuratedSelection, ForceNeverTouchesAFolderCurateDidNotWrite) {
  test::TempDir tmp;
  test::write_curation_archive(tmp / "archive");
  const std::string precious = "my own work";
  tmp.write("mine/notes.txt", precious);
  tmp.write("mine/pads/take_04_pad.wav", "mine too");
  CurateOptions o = options_for(tmp / "archive", tmp / "mine", 3);
  o.force = true;
  const auto refused = curate_best(o, io::ExportRoot::unrestricted());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind(), ErrorKind::kUsage);
  EXPECT_EQ(test::list_files(tmp / "mine"), (std::vector<std::string>{"notes.txt", "pads/take_04_pad.wav"}));
  EXPECT_EQ(test::read_bytes(tmp / "mine/notes.txt"), precious);
}

TEST(CuratedSelection, ForceReplacesOnlyItsOwnFilesAndNeverOverwritesOthers) {
  test::TempDir tmp;
  const auto archive = test::write_curation_archive(tmp / "archive");
  ASSERT_TRUE(curate_best(options_for(tmp / "archive", tmp / "out", 2), io::ExportRoot::unrestricted()).ok());
  // Without --force an earlier selection is left alone.
  EXPECT_EQ(curate_best(options_for(tmp / "archive", tmp / "out", 2), io::ExportRoot::unrestricted())
                .error()
                .kind(),
            ErrorKind::kUsage);
  // The user adds a file of their own where a curated one will land, and edits the marker to point at
  // something outside: neither may be touched.
  tmp.write("out/drums/user_kick_drum.wav", "user");
  fs::remove(tmp / "out/pads/take_04_pad.wav");
  tmp.write("out/pads/take_04_pad.wav", "user's own pad");
  std::ofstream(tmp / "out" / kCurateMarker, std::ios::app)
      << "../archive/pads/take_00_pad.wav\n/etc/hostname\n";
  CurateOptions o = options_for(tmp / "archive", tmp / "out", 2);
  o.force = true;
  const auto report = curate_best(o, io::ExportRoot::unrestricted());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(test::read_bytes(tmp / "out/drums/user_kick_drum.wav"), "user");
  EXPECT_TRUE(fs::exists(tmp / "archive/pads/take_00_pad.wav"));
  // take_04_pad.wav was listed in the marker, so it counts as curate's and is replaced by the real copy.
  EXPECT_EQ(test::read_bytes(tmp / "out/pads/take_04_pad.wav"),
            test::read_bytes(tmp / "archive/pads/take_04_pad.wav"));
}

TEST(CuratedSelection, UnreadableAndEmptyFilesAreReportedAndSkipped) {
  test::TempDir tmp;
  tmp.write("in/broken_drum.wav", "not audio");
  tmp.write("in/empty_pad.wav", "");
  fs::create_directories(tmp / "in");
  test::write_fixture(tmp / "in/good_drum.wav", {test::sine(100.0, 0.5, 4410)}, 44100);
  const auto report = curate_best(options_for(tmp / "in", tmp / "out"), io::ExportRoot::unrestricted());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->unreadable.size(), 2u);
  EXPECT_EQ(report->copied.size(), 1u);
}

TEST(CuratedSelection, UsageErrorsChangeNothing) {
  test::TempDir tmp;
  test::write_curation_archive(tmp / "archive");
  const auto before = test::list_files(tmp.path());
  EXPECT_EQ(
      curate_best(options_for(tmp / "missing", tmp / "out"), io::ExportRoot::unrestricted()).error().kind(),
      ErrorKind::kUsage);
  EXPECT_EQ(curate_best(options_for(tmp / "archive", tmp / "archive"), io::ExportRoot::unrestricted())
                .error()
                .kind(),
            ErrorKind::kUsage);
  EXPECT_EQ(curate_best(options_for(tmp / "archive/pads", tmp / "archive"), io::ExportRoot::unrestricted())
                .error()
                .kind(),
            ErrorKind::kUsage);
  EXPECT_EQ(curate_best(options_for(tmp / "archive", tmp / "out", 0), io::ExportRoot::unrestricted())
                .error()
                .kind(),
            ErrorKind::kUsage);
  EXPECT_EQ(curate_best(options_for(tmp / "archive", tmp / "out"), io::ExportRoot(tmp / "elsewhere"))
                .error()
                .kind(),
            ErrorKind::kPermission);
  EXPECT_EQ(test::list_files(tmp.path()), before);
}

}  // namespace
}  // namespace afterglow::render
