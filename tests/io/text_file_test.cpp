#include "afterglow/io/text_file.h"

#include <gtest/gtest.h>

#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::io {
namespace {

TEST(TextFile, WritesAndReplacesWholeFiles) {
  test::TempDir dir;
  const ExportRoot root(dir.path());
  const auto path = dir.path() / "sub/page.html";
  ASSERT_TRUE(write_text_file(path, "first version, long", root).ok());
  ASSERT_TRUE(write_text_file(path, "second", root).ok());
  EXPECT_EQ(test::read_bytes(path), "second");
  EXPECT_EQ(test::list_files(dir.path()), std::vector<std::string>{"sub/page.html"});  // no temporary left
}

TEST(TextFile, RefusesAPathOutsideTheRoot) {
  test::TempDir dir;
  const ExportRoot root(dir.path() / "inside");
  const auto r = write_text_file(dir.path() / "inside/../outside.txt", "x", root);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::kPermission);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "outside.txt"));
}

}  // namespace
}  // namespace afterglow::io
