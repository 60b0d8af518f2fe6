// `afterglow touchosc` end to end: the real binary writes a layout that inflates to the TouchOSC
// document, refuses to write outside the export root, and the committed docs/touchosc copy is what the
// default scene generates.

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/run_process.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

std::vector<unsigned char> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string inflate_all(const std::vector<unsigned char>& bytes) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) throw std::runtime_error("inflateInit");
  z.next_in = const_cast<Bytef*>(bytes.data());
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof(buffer);
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("not a complete zlib stream");
  return out;
}

const fs::path kSource = AFTERGLOW_SOURCE_DIR;

test::ProcessOptions export_root(const fs::path& root) {
  test::ProcessOptions options;
  options.env = {{"AFTERGLOW_EXPORT_ROOT", root.string()}};
  return options;
}

TEST(TouchOscCommand, WritesTheLayoutForASceneAndItsFolder) {
  test::TempDir dir;
  const fs::path out = dir.path() / "export/tablet/afterglow.tosc";
  const auto result = test::run_afterglow({"touchosc", "--scene", (kSource / "scenes/default.yaml").string(),
                                           "--out", out.string(), "--feedback-port", "9005"},
                                          export_root(dir.path() / "export"));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  ASSERT_TRUE(fs::is_regular_file(out));
  const std::string xml = inflate_all(read_bytes(out));
  EXPECT_EQ(xml.rfind("<?xml version='1.0' encoding='UTF-8'?>\n<lexml version='3'>", 0), 0u);
  EXPECT_NE(xml.find("<![CDATA[/afterglow/drone1/tone]]>"), std::string::npos);
  EXPECT_NE(xml.find("<![CDATA[/afterglow/scene/recall]]>"), std::string::npos);
  // A recall button for each scene file next to the scene.
  for (const std::string scene : {"default", "default-night", "afterglow-compatible"}) {
    EXPECT_NE(xml.find("<![CDATA[" + scene + "]]>"), std::string::npos) << scene;
  }
  EXPECT_NE(xml.find("local FEEDBACK_PORT = 9005"), std::string::npos);
  EXPECT_NE(result.err.find("scene buttons"), std::string::npos) << result.err;
  // Only the layout: no temporary left beside it.
  EXPECT_EQ(test::list_files(dir.path()), (std::vector<std::string>{"export/tablet/afterglow.tosc"}));
}

TEST(TouchOscCommand, RefusesToWriteOutsideTheExportRoot) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "export");
  const auto result =
      test::run_afterglow({"touchosc", "--out", (dir.path() / "elsewhere/afterglow.tosc").string()},
                          export_root(dir.path() / "export"));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("outside the export folder"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere")) << "nothing is created before the check";
  EXPECT_TRUE(test::list_files(dir.path()).empty());

  // A ".." that climbs out of the root is refused the same way.
  const auto climbing =
      test::run_afterglow({"touchosc", "--out", (dir.path() / "export/../escaped.tosc").string()},
                          export_root(dir.path() / "export"));
  EXPECT_EQ(climbing.exit_code, 1) << climbing.err;
  EXPECT_FALSE(fs::exists(dir.path() / "escaped.tosc"));
}

TEST(TouchOscCommand, UsageErrorsExitTwo) {
  test::TempDir dir;
  EXPECT_EQ(test::run_afterglow({"touchosc"}).exit_code, 2);  // --out is required
  EXPECT_EQ(
      test::run_afterglow({"touchosc", "--out", (dir.path() / "a.tosc").string(), "--feedback-port", "0"})
          .exit_code,
      2);
  const fs::path bad = dir.write("bad.yaml", "layers: [\n");
  const auto result =
      test::run_afterglow({"touchosc", "--scene", bad.string(), "--out", (dir.path() / "b.tosc").string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_FALSE(fs::exists(dir.path() / "b.tosc"));
}

TEST(TouchOscCommand, TheCommittedLayoutIsCurrent) {
  // docs/touchosc/afterglow-default.tosc is `afterglow touchosc --scene scenes/default.yaml`: regenerate it
  // when this fails (docs/touchosc/README.md says how).
  test::TempDir dir;
  const fs::path out = dir.path() / "default.tosc";
  const auto result = test::run_afterglow(
      {"touchosc", "--scene", (kSource / "scenes/default.yaml").string(), "--out", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto committed = read_bytes(kSource / "docs/touchosc/afterglow-default.tosc");
  ASSERT_FALSE(committed.empty()) << "docs/touchosc/afterglow-default.tosc is missing";
  // Compared as documents: another zlib build may compress the same document to other bytes.
  EXPECT_EQ(inflate_all(read_bytes(out)), inflate_all(committed));
}

}  // namespace
}  // namespace afterglow
