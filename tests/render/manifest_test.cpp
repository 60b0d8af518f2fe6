#include "afterglow/render/manifest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::render {
namespace {

TEST(PythonFloatRepr, MatchesPythonRepr) {
  EXPECT_EQ(python_float_repr(0.1), "0.1");
  EXPECT_EQ(python_float_repr(1.0), "1.0");
  EXPECT_EQ(python_float_repr(-20.0), "-20.0");
  EXPECT_EQ(python_float_repr(0.0), "0.0");
  EXPECT_EQ(python_float_repr(-0.0), "-0.0");
  EXPECT_EQ(python_float_repr(123.456), "123.456");
  EXPECT_EQ(python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(python_float_repr(1e-5), "1e-05");
  EXPECT_EQ(python_float_repr(2.5e-07), "2.5e-07");
  EXPECT_EQ(python_float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(python_float_repr(1e16), "1e+16");
  EXPECT_EQ(python_float_repr(1.2345678901234568e+17), "1.2345678901234568e+17");
  EXPECT_EQ(python_float_repr(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(python_float_repr(-9.030899869919438), "-9.030899869919438");
  EXPECT_EQ(python_float_repr(1e300), "1e+300");
  EXPECT_EQ(python_float_repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(python_float_repr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(python_float_repr(std::nan("")), "nan");
}

TEST(PythonStr, NoneBoolsIntsStrings) {
  EXPECT_EQ(python_str(ManifestValue{}), "");
  EXPECT_EQ(python_str(ManifestValue{true}), "True");
  EXPECT_EQ(python_str(ManifestValue{false}), "False");
  EXPECT_EQ(python_str(ManifestValue{std::int64_t{-3}}), "-3");
  EXPECT_EQ(python_str(ManifestValue{std::string("rain")}), "rain");
}

TEST(FormatManifest, ColumnsAreTheSortedUnionAndRowsKeepOrder) {
  ManifestRow a{{"type", std::string("pad")},
                {"filename", std::string("rain_pad01.wav")},
                {"crest_factor", std::numeric_limits<double>::infinity()},
                {"saved", true}};
  ManifestRow b{{"type", std::string("hiss")},
                {"est_freq_hz", ManifestValue{}},
                {"short_name", std::string("HS_RAIN_01")},
                {"saved", false},
                {"rms_db", -20.5}};
  const auto columns = manifest_columns({a, b});
  EXPECT_EQ(columns, (std::vector<std::string>{"crest_factor", "est_freq_hz", "filename", "rms_db", "saved",
                                               "short_name", "type"}));
  EXPECT_EQ(format_manifest({a, b}),
            "crest_factor,est_freq_hz,filename,rms_db,saved,short_name,type\r\n"
            "inf,,rain_pad01.wav,,True,,pad\r\n"
            ",,,-20.5,False,HS_RAIN_01,hiss\r\n");
}

TEST(FormatManifest, QuotesFieldsLikePythonCsv) {
  ManifestRow row{{"filename", std::string("a,b \"c\".wav")}, {"source", std::string("plain")}};
  EXPECT_EQ(format_manifest({row}), "filename,source\r\n\"a,b \"\"c\"\".wav\",plain\r\n");
}

TEST(FormatManifest, StandardMetricColumns) {
  ManifestRow row;
  AudioMetrics m;
  m.duration_sec = 2.0;
  m.rms_db = -20.0;
  m.peak = 0.8;
  m.crest_factor = 10.0;
  m.centroid_hz = 440.0;
  add_metrics(row, m, Grade::kA);
  row["filename"] = std::string("x.wav");
  row["saved"] = true;
  row["source"] = std::string("x");
  row["type"] = std::string("pad");
  row["brightness"] = ManifestValue{};
  row["detected_key"] = ManifestValue{};
  row["detected_bpm"] = ManifestValue{};
  const std::string text = format_manifest({row});
  EXPECT_EQ(
      text.substr(0, text.find("\r\n")),
      "brightness,centroid_hz,crest_factor,detected_bpm,detected_key,duration_sec,est_freq_hz,filename,grade,"
      "loop_error_db,peak,rms_db,saved,source,type");
  EXPECT_NE(text.find(",440.0,10.0,,,2.0,,x.wav,A,,0.8,-20.0,True,x,pad"), std::string::npos) << text;
}

TEST(WriteManifest, ReplacesAtomicallyAndLeavesNoTemporary) {
  test::TempDir dir;
  const io::ExportRoot root(dir.path());
  const auto path = dir.path() / "export" / "manifest.csv";
  ASSERT_TRUE(write_manifest(path, {{{"a", 1.5}}}, root).ok());
  EXPECT_EQ(test::read_bytes(path), "a\r\n1.5\r\n");
  ASSERT_TRUE(write_manifest(path, {{{"b", std::int64_t{2}}}, {{"b", std::int64_t{3}}}}, root).ok());
  EXPECT_EQ(test::read_bytes(path), "b\r\n2\r\n3\r\n");  // replaced, not appended
  EXPECT_EQ(test::list_files(dir.path()), std::vector<std::string>{"export/manifest.csv"});
}

TEST(WriteManifest, NoRowsWritesNothing) {
  test::TempDir dir;
  ASSERT_TRUE(write_manifest(dir.path() / "out" / "manifest.csv", {}, io::ExportRoot(dir.path())).ok());
  EXPECT_TRUE(test::list_files(dir.path()).empty());
}

TEST(WriteManifest, OutsideTheRootIsRefusedBeforeAnythingIsCreated) {
  test::TempDir dir;
  const auto outside = dir.path() / "elsewhere" / "deep" / "manifest.csv";
  const auto status = write_manifest(outside, {{{"a", 1.0}}}, io::ExportRoot(dir.path() / "export"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind(), ErrorKind::kPermission);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "elsewhere"));
}

}  // namespace
}  // namespace afterglow::render
