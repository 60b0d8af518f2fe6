// Reference §13.2 security cases, each mapped to a test below:
//   symlink inside the root pointing outside: refused, nothing appears outside
//     -> SymlinkedFolderPointingOutsideIsRefused, SymlinkedFileInsideRootPointingOutsideIsRefused
//   absolute path outside the root: refused, nothing created -> AbsolutePathOutsideIsRefused
//   ".." resolving outside the root: refused -> DotDotEscapeIsRefused, DotDotAfterASymlinkFollowsTheOs
//   a write exactly at or below the resolved root: allowed -> WriteAtOrBelowRootIsAllowed
//   AFTERGLOW_UNSAFE_IO = 1/true/yes bypasses, other values do not -> UnsafeIoEnvValues, IsTruthy
//   AFTERGLOW_EXPORT_ROOT changes the root, default ./export
//     -> ExportRootEnvSetsTheRoot, DefaultRootIsExportInTheWorkingDirectory
//   containment checked before any folder is created -> PrepareWriteCreatesParentsOnlyAfterTheChecks
//   no shell execution: a source rule (the io code uses no system/popen; tests use fork and mount(2))
#include "afterglow/io/export_root.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "afterglow/io/wav_writer.h"
#include "io_test_util.h"
#include "support/temp_dir.h"

namespace afterglow::io {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using testing::ScopedEnv;

AudioBuffer tiny() {
  return testing::mono({0.1f, 0.2f, 0.3f});
}

WavWriteOptions opts() {
  WavWriteOptions o;
  o.bit_depth = 16;
  o.dither = false;
  return o;
}

// Changes the working directory for the scope (relative roots resolve against it).
class ScopedCwd {
 public:
  explicit ScopedCwd(const fs::path& dir) : old_(fs::current_path()) { fs::current_path(dir); }
  ~ScopedCwd() { fs::current_path(old_); }
  ScopedCwd(const ScopedCwd&) = delete;
  ScopedCwd& operator=(const ScopedCwd&) = delete;

 private:
  fs::path old_;
};

void expect_refused(const Result<fs::path>& r, const fs::path& root, const fs::path& requested) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::kPermission) << r.error().what();
  EXPECT_EQ(r.error().context_value("export_root"), root.string());
  EXPECT_EQ(r.error().context_value("requested_path"), requested.string());
}

TEST(ExportRoot, WriteAtOrBelowRootIsAllowed) {
  TempDir dir;
  fs::create_directory(dir / "export");
  const ExportRoot root(dir / "export");
  EXPECT_TRUE(root.check(dir / "export").ok());
  EXPECT_TRUE(root.check(dir / "export" / "x.wav").ok());
  EXPECT_TRUE(root.check(dir / "export" / "new" / "deeper" / "x.wav").ok());
  EXPECT_TRUE(root.check(dir / "export" / "a" / ".." / "x.wav").ok());
  auto w = write_wav(dir / "export" / "kit" / "x.wav", tiny(), opts(), root);
  ASSERT_TRUE(w.ok()) << w.error().what();
}

TEST(ExportRoot, AbsolutePathOutsideIsRefused) {
  TempDir dir;
  fs::create_directory(dir / "export");
  const ExportRoot root(dir / "export");
  expect_refused(root.check(dir / "elsewhere" / "x.wav"), dir / "export", dir / "elsewhere" / "x.wav");
  auto w = write_wav(dir / "elsewhere" / "sub" / "x.wav", tiny(), opts(), root);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind(), ErrorKind::kPermission);
  EXPECT_FALSE(fs::exists(dir / "elsewhere"));  // no folder created
}

TEST(ExportRoot, SiblingWithCommonPrefixIsOutside) {
  TempDir dir;
  const ExportRoot root(dir / "export");
  EXPECT_FALSE(root.check(dir / "export2" / "x.wav").ok());
  EXPECT_FALSE(root.check(dir / "exportx.wav").ok());
}

TEST(ExportRoot, DotDotEscapeIsRefused) {
  TempDir dir;
  fs::create_directory(dir / "export");
  const ExportRoot root(dir / "export");
  const auto escape = dir / "export" / "kit" / ".." / ".." / "stolen" / "x.wav";
  expect_refused(root.check(escape), dir / "export", escape);
  auto w = write_wav(escape, tiny(), opts(), root);
  ASSERT_FALSE(w.ok());
  EXPECT_FALSE(fs::exists(dir / "stolen"));
  EXPECT_FALSE(fs::exists(dir / "export" / "kit"));
}

TEST(ExportRoot, SymlinkedFolderPointingOutsideIsRefused) {
  TempDir dir;
  fs::create_directories(dir / "export");
  fs::create_directories(dir / "outside");
  fs::create_directory_symlink(dir / "outside", dir / "export" / "link");
  const ExportRoot root(dir / "export");
  auto w = write_wav(dir / "export" / "link" / "x.wav", tiny(), opts(), root);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind(), ErrorKind::kPermission);
  EXPECT_EQ(w.error().context_value("requested_path"), (dir / "export" / "link" / "x.wav").string());
  auto nested = write_wav(dir / "export" / "link" / "deep" / "x.wav", tiny(), opts(), root);
  ASSERT_FALSE(nested.ok());
  EXPECT_TRUE(fs::is_empty(dir / "outside"));  // nothing appeared outside, not even a folder
}

TEST(ExportRoot, SymlinkedFileInsideRootPointingOutsideIsRefused) {
  TempDir dir;
  fs::create_directories(dir / "export");
  { std::ofstream(dir / "victim.wav") << "precious"; }
  fs::create_symlink(dir / "victim.wav", dir / "export" / "x.wav");
  auto w = write_wav(dir / "export" / "x.wav", tiny(), opts(), ExportRoot(dir / "export"));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind(), ErrorKind::kPermission);
  std::ifstream in(dir / "victim.wav");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
}

TEST(ExportRoot, DanglingSymlinkIsRefused) {
  TempDir dir;
  fs::create_directories(dir / "export");
  fs::create_directory_symlink(dir / "not-yet", dir / "export" / "later");
  auto r = ExportRoot(dir / "export").check(dir / "export" / "later" / "x.wav");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::kPermission);
  EXPECT_FALSE(fs::exists(dir / "not-yet"));
}

TEST(ExportRoot, SymlinkedRootIsResolved) {
  // A root that is itself a link (e.g. export -> /mnt/disk/export) contains the paths of its target.
  TempDir dir;
  fs::create_directories(dir / "disk" / "export");
  fs::create_directory_symlink(dir / "disk" / "export", dir / "export");
  const ExportRoot root(dir / "export");
  auto r = root.check(dir / "export" / "x.wav");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(*r, dir / "disk" / "export" / "x.wav");
}

TEST(ExportRoot, DotDotAfterASymlinkFollowsTheOs) {
  // export/link/.. is the link target's parent for the OS, not export/; a lexical collapse would let
  // this through.
  TempDir dir;
  fs::create_directories(dir / "export");
  fs::create_directories(dir / "outside" / "inner");
  fs::create_directory_symlink(dir / "outside" / "inner", dir / "export" / "link");
  auto r = resolve_for_write(dir / "export" / "link" / ".." / "x.wav");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, dir / "outside" / "x.wav");
  EXPECT_FALSE(ExportRoot(dir / "export").check(dir / "export" / "link" / ".." / "x.wav").ok());
}

TEST(ExportRoot, RelativePathsResolveAgainstTheWorkingDirectory) {
  TempDir dir;
  ScopedCwd cwd(dir.path());
  const ExportRoot root("export");  // does not exist yet
  auto r = root.check("export/kit/x.wav");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(*r, dir / "export" / "kit" / "x.wav");
  EXPECT_FALSE(root.check("other/x.wav").ok());
  EXPECT_FALSE(fs::exists(dir / "export"));  // check() creates nothing
}

TEST(ExportRoot, PrepareWriteCreatesParentsOnlyAfterTheChecks) {
  TempDir dir;
  const ExportRoot root(dir / "export");
  auto ok = prepare_write(dir / "export" / "a" / "b" / "x.wav", 100, root);
  ASSERT_TRUE(ok.ok()) << ok.error().what();
  EXPECT_TRUE(fs::is_directory(dir / "export" / "a" / "b"));
  EXPECT_FALSE(fs::exists(dir / "export" / "a" / "b" / "x.wav"));
  auto refused = prepare_write(dir / "out" / "a" / "x.wav", 100, root);
  ASSERT_FALSE(refused.ok());
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(ExportRoot, IsTruthy) {
  for (const char* yes : {"1", "true", "TRUE", "True", "yes", "YES", "yEs"})
    EXPECT_TRUE(is_truthy(yes)) << yes;
  for (const char* no : {"", "0", "false", "no", "on", "y", "2", " 1", "truee"})
    EXPECT_FALSE(is_truthy(no)) << no;
}

TEST(ExportRoot, UnsafeIoEnvValues) {
  TempDir dir;
  ScopedEnv root_env(kExportRootEnv, (dir / "export").string());
  const auto outside = dir / "outside" / "x.wav";
  for (const char* value : {"1", "true", "Yes"}) {
    ScopedEnv unsafe(kUnsafeIoEnv, std::string(value));
    const auto policy = ExportRoot::from_environment();
    EXPECT_FALSE(policy.enforced()) << value;
    EXPECT_TRUE(policy.check(outside).ok()) << value;
  }
  for (const char* value : {"0", "false", "no", "enable", ""}) {
    ScopedEnv unsafe(kUnsafeIoEnv, std::string(value));
    EXPECT_TRUE(ExportRoot::from_environment().enforced()) << value;
    EXPECT_FALSE(ExportRoot::from_environment().check(outside).ok()) << value;
  }
  ScopedEnv unset(kUnsafeIoEnv, std::nullopt);
  EXPECT_FALSE(ExportRoot::from_environment().check(outside).ok());
}

TEST(ExportRoot, UnsafeIoLetsWriteWavWriteAnywhere) {
  TempDir dir;
  ScopedEnv root_env(kExportRootEnv, (dir / "export").string());
  ScopedEnv unsafe(kUnsafeIoEnv, std::string("1"));
  auto w = write_wav(dir / "anywhere" / "x.wav", tiny(), opts());
  ASSERT_TRUE(w.ok()) << w.error().what();
}

TEST(ExportRoot, ExportRootEnvSetsTheRoot) {
  TempDir dir;
  ScopedEnv unsafe(kUnsafeIoEnv, std::nullopt);
  ScopedEnv root_env(kExportRootEnv, (dir / "mine").string());
  const auto policy = ExportRoot::from_environment(dir / "scene-export");
  EXPECT_EQ(policy.root(), dir / "mine");  // the variable wins over the caller's root
  EXPECT_TRUE(policy.check(dir / "mine" / "x.wav").ok());
  EXPECT_FALSE(policy.check(dir / "scene-export" / "x.wav").ok());
  auto w = write_wav(dir / "scene-export" / "x.wav", tiny(), opts());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().context_value("export_root"), (dir / "mine").string());
}

TEST(ExportRoot, CallerRootAppliesWithoutTheVariable) {
  TempDir dir;
  ScopedEnv unsafe(kUnsafeIoEnv, std::nullopt);
  ScopedEnv root_env(kExportRootEnv, std::nullopt);
  const auto policy = ExportRoot::from_environment(dir / "scene-export");
  EXPECT_EQ(policy.root(), dir / "scene-export");
  EXPECT_TRUE(policy.check(dir / "scene-export" / "x.wav").ok());
}

TEST(ExportRoot, DefaultRootIsExportInTheWorkingDirectory) {
  TempDir dir;
  ScopedCwd cwd(dir.path());
  ScopedEnv unsafe(kUnsafeIoEnv, std::nullopt);
  ScopedEnv root_env(kExportRootEnv, std::nullopt);
  const auto policy = ExportRoot::from_environment();
  EXPECT_EQ(policy.root(), fs::path("export"));
  EXPECT_TRUE(policy.check("export/x.wav").ok());
  EXPECT_FALSE(policy.check("x.wav").ok());
  auto w = write_wav("export/tr8s/x.wav", tiny(), opts());
  ASSERT_TRUE(w.ok()) << w.error().what();
  EXPECT_TRUE(fs::is_regular_file(dir / "export" / "tr8s" / "x.wav"));
}

}  // namespace
}  // namespace afterglow::io
