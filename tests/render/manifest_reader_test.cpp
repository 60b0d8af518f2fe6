#include "afterglow/render/manifest_reader.h"

#include <gtest/gtest.h>

#include "afterglow/render/manifest.h"
#include "support/temp_dir.h"

namespace afterglow::render {
namespace {

TEST(ManifestReader, ReadsBackWhatTheWriterWrote) {
  std::vector<ManifestRow> rows(2);
  rows[0]["filename"] = std::string("rain_pad01.wav");
  rows[0]["grade"] = std::string("A");
  rows[0]["rms_db"] = -12.5;
  rows[0]["saved"] = true;
  rows[1]["filename"] = std::string("odd, \"quoted\"\nname.wav");
  rows[1]["detected_key"] = std::string("A min");
  const ManifestTable table = parse_manifest(format_manifest(rows));
  EXPECT_EQ(table.columns, manifest_columns(rows));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].at("filename"), "rain_pad01.wav");
  EXPECT_EQ(table.rows[0].at("rms_db"), "-12.5");
  EXPECT_EQ(table.rows[0].at("saved"), "True");
  EXPECT_EQ(table.rows[0].at("detected_key"), "");
  EXPECT_EQ(table.rows[1].at("filename"), "odd, \"quoted\"\nname.wav");
  EXPECT_EQ(cell(table.rows[1], "detected_key"), std::optional<std::string>("A min"));
  EXPECT_EQ(cell(table.rows[1], "grade"), std::nullopt);
  EXPECT_EQ(cell(table.rows[1], "no such column"), std::nullopt);
}

TEST(ManifestReader, ShortRowsAndPlainNewlinesAreTolerated) {
  const ManifestTable table = parse_manifest("a,b,c\n1,2\n\n4,5,6");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].at("c"), "");
  EXPECT_EQ(table.rows[1].at("c"), "6");
}

TEST(ManifestReader, AMissingFileIsNotFound) {
  test::TempDir dir;
  EXPECT_EQ(read_manifest(dir.path() / "manifest.csv").error().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace afterglow::render
