#include "afterglow/render/manifest_lookup.h"

#include <gtest/gtest.h>

#include "afterglow/render/manifest.h"
#include "support/temp_dir.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

ManifestRow row(std::string filename, std::string source, std::string grade) {
  ManifestRow r;
  r["filename"] = std::move(filename);
  r["source"] = std::move(source);
  r["grade"] = std::move(grade);
  return r;
}

TEST(ManifestLookup, MatchesKitFilesByPathAndLayoutFilesByNameAndSource) {
  test::TempDir dir;
  std::vector<ManifestRow> rows = {row("rain_pad01.wav", "rain", "A"), row("x_pad01.wav", "a", "B"),
                                   row("x_pad01.wav", "b", "F"), row("gone.wav", "rain", "F")};
  rows[0]["tr8s_path"] = std::string("ROLAND/TR-8S/SAMPLE/K/PADS/PD_RAIN_01.WAV");
  rows[3]["saved"] = false;
  ASSERT_TRUE(write_manifest(dir / "manifest.csv", rows, io::ExportRoot::unrestricted()).ok());

  const auto index = ManifestIndex::find_from(dir / "ROLAND/TR-8S/SAMPLE/K");  // four levels up
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->folder(), dir.path());
  const auto grade_of = [&](const fs::path& rel) {
    const ManifestTextRow* r = index->row_for(dir.path() / rel);
    return r == nullptr ? std::string("none") : r->at("grade");
  };
  EXPECT_EQ(grade_of("ROLAND/TR-8S/SAMPLE/K/PADS/PD_RAIN_01.WAV"), "A");
  EXPECT_EQ(grade_of("rain/pads/rain_pad01.wav"), "A");
  EXPECT_EQ(grade_of("a/pads/x_pad01.wav"), "B");
  EXPECT_EQ(grade_of("b/pads/x_pad01.wav"), "F");
  EXPECT_EQ(grade_of("c/pads/x_pad01.wav"), "none");  // ambiguous: no row rather than a wrong one
  EXPECT_EQ(grade_of("rain/pads/gone.wav"), "none");  // saved=False
  EXPECT_EQ(grade_of("rain/pads/other.wav"), "none");
  EXPECT_EQ(index->row_for(dir.path().parent_path() / "rain_pad01.wav"), nullptr);  // outside the export
}

TEST(ManifestLookup, StopsSearchingAfterTheGivenLevels) {
  test::TempDir dir;
  ASSERT_TRUE(
      write_manifest(dir / "manifest.csv", {row("a.wav", "s", "A")}, io::ExportRoot::unrestricted()).ok());
  fs::create_directories(dir / "1/2/3/4/5");
  EXPECT_TRUE(ManifestIndex::find_from(dir / "1/2/3/4").has_value());
  EXPECT_FALSE(ManifestIndex::find_from(dir / "1/2/3/4/5").has_value());
}

}  // namespace
}  // namespace afterglow::render
