// Disk-space checks and full-disk behaviour (issue 2, acceptance 3: "a write on a full filesystem leaves
// no partial file"). The full-disk cases run on a real 64 KiB tmpfs mounted with mount(2) inside a
// temporary folder; where mounting is not permitted they fall back to an injected ENOSPC and say so.
#include "afterglow/io/disk_space.h"

#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "afterglow/core/log.h"
#include "afterglow/io/wav_writer.h"
#include "io_test_util.h"
#include "support/signals.h"
#include "support/temp_dir.h"
#include "support/tmpfs_mount.h"

namespace afterglow::io {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Installs a fake free-space probe for the scope.
class ScopedProbe {
 public:
  explicit ScopedProbe(FreeSpaceProbe probe) { set_free_space_probe(std::move(probe)); }
  ~ScopedProbe() { set_free_space_probe({}); }
  ScopedProbe(const ScopedProbe&) = delete;
  ScopedProbe& operator=(const ScopedProbe&) = delete;
};

using test::TmpfsMount;

WavWriteOptions pcm24() {
  WavWriteOptions o;
  o.bit_depth = 24;
  return o;
}

AudioBuffer one_second() {
  return testing::mono(test::sine(440.0, 0.5, 44100));
}  // 132 344 bytes as 24-bit

TEST(DiskSpace, WavFileSizeIsHeaderPlusData) {
  EXPECT_EQ(wav_file_size(44100, 1, 24), 44u + 132300u);
  EXPECT_EQ(wav_file_size(10, 2, 16), 84u);
}

TEST(DiskSpace, NeedsTenPercentHeadroom) {
  TempDir dir;
  ScopedProbe probe([](const fs::path&) { return std::optional<std::uint64_t>(1100); });
  EXPECT_TRUE(check_disk_space(dir / "x.wav", 1000).ok());
  EXPECT_FALSE(check_disk_space(dir / "x.wav", 1001).ok());
}

TEST(DiskSpace, PreCheckRefusesBeforeAnythingIsCreated) {
  TempDir dir;
  ScopedProbe probe([](const fs::path&) { return std::optional<std::uint64_t>(1000); });
  auto r = write_wav(dir / "new" / "x.wav", one_second(), pcm24(), ExportRoot(dir.path()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::kDiskFull);
  EXPECT_EQ(r.error().context_value("available_bytes"), "1000");
  EXPECT_EQ(r.error().context_value("needed_bytes"), "132344");
  EXPECT_NE(r.error().message().find("Not enough disk space"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(DiskSpace, ProbeIsAskedAboutTheNearestExistingFolder) {
  TempDir dir;
  fs::path asked;
  ScopedProbe probe([&](const fs::path& p) {
    asked = p;
    return std::optional<std::uint64_t>(1u << 30);
  });
  ASSERT_TRUE(check_disk_space(dir / "a" / "b" / "x.wav", 10).ok());
  EXPECT_EQ(asked, dir.path());
  EXPECT_EQ(nearest_existing_ancestor(dir / "a" / "b"), dir.path());
  EXPECT_EQ(nearest_existing_ancestor(dir.path()), dir.path());
}

TEST(DiskSpace, FailedQueryOnlyWarns) {
  TempDir dir;
  log::ScopedCapture capture;
  ScopedProbe probe([](const fs::path&) { return std::optional<std::uint64_t>(); });
  auto r = write_wav(dir / "x.wav", one_second(), pcm24(), ExportRoot(dir.path()));
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(capture.count(log::Level::kWarning), 1);
}

TEST(DiskSpace, RealQueryReportsSomething) {
  TempDir dir;
  const auto free = free_space(dir.path());
  ASSERT_TRUE(free.has_value());
  EXPECT_GT(*free, 0u);
}

TEST(DiskSpace, ErrnoMapsToClearKinds) {
  const fs::path p = "/some/file.wav";
  EXPECT_EQ(error_from_errno(ENOSPC, p, "save").kind(), ErrorKind::kDiskFull);
  EXPECT_EQ(error_from_errno(EDQUOT, p, "save").kind(), ErrorKind::kDiskFull);
  EXPECT_EQ(error_from_errno(EACCES, p, "save").kind(), ErrorKind::kPermission);
  EXPECT_EQ(error_from_errno(EROFS, p, "save").kind(), ErrorKind::kPermission);
  EXPECT_EQ(error_from_errno(EIO, p, "save").kind(), ErrorKind::kFilesystem);
  const Error full = error_from_errno(ENOSPC, p, "save the audio file");
  EXPECT_NE(full.message().find("disk is full"), std::string::npos) << full.message();
  EXPECT_EQ(full.context_value("path"), p.string());
  EXPECT_NE(error_from_errno(EACCES, p, "save").message().find("permission denied"), std::string::npos);
}

TEST(DiskSpace, FullTmpfsRefusesUpFrontAndFailsMidWriteWithoutLeftovers) {
  TempDir dir;
  const fs::path mount_point = dir / "tiny";
  fs::create_directory(mount_point);
  TmpfsMount tmpfs(mount_point, "64k");
  if (!tmpfs.mounted()) {
    std::cout << "[ NOTE     ] could not mount a tmpfs (" << tmpfs.error()
              << "); testing the full disk with an injected ENOSPC instead\n";
    WavWriteOptions o = pcm24();
    o.write_fault = [](std::uint64_t written) { return written > 30000 ? ENOSPC : 0; };
    auto r = write_wav(mount_point / "x.wav", one_second(), o, ExportRoot(dir.path()));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind(), ErrorKind::kDiskFull);
    EXPECT_TRUE(test::list_files(mount_point).empty());
    return;
  }
  std::cout << "[ NOTE     ] writing to a real 64 KiB tmpfs at " << mount_point << "\n";
  const ExportRoot root(mount_point);

  // 1. A file larger than the filesystem: the 1.1x pre-check refuses it before anything is created.
  auto refused = write_wav(mount_point / "sub" / "big.wav", one_second(), pcm24(), root);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind(), ErrorKind::kDiskFull) << refused.error().what();
  EXPECT_FALSE(refused.error().context_value("available_bytes").empty());
  EXPECT_TRUE(fs::is_empty(mount_point));

  // A small file fits, and stays intact through what follows.
  ASSERT_TRUE(write_wav(mount_point / "keep.wav", testing::mono({0.25f, -0.25f}), pcm24(), root).ok());
  const std::string kept = test::read_bytes(mount_point / "keep.wav");

  // 2. The pre-check is told there is room (as when another program fills the disk between the check and
  // the write): the kernel's own ENOSPC arrives mid-write.
  {
    ScopedProbe lie([](const fs::path&) { return std::optional<std::uint64_t>(std::uint64_t{1} << 40); });
    auto mid = write_wav(mount_point / "big.wav", one_second(), pcm24(), root);
    ASSERT_FALSE(mid.ok());
    EXPECT_EQ(mid.error().kind(), ErrorKind::kDiskFull) << mid.error().what();
    // Replacing an existing file fails the same way and keeps the old content.
    auto replace = write_wav(mount_point / "keep.wav", one_second(), pcm24(), root);
    ASSERT_FALSE(replace.ok());
    EXPECT_EQ(replace.error().kind(), ErrorKind::kDiskFull);
  }
  EXPECT_EQ(test::list_files(mount_point), std::vector<std::string>{"keep.wav"});  // no partial, no temporary
  EXPECT_EQ(test::read_bytes(mount_point / "keep.wav"), kept);
  // And the space is all given back: the filesystem is as empty as before the failed writes.
  const auto free_after = free_space(mount_point);
  ASSERT_TRUE(free_after.has_value());
  EXPECT_GE(*free_after, 56u * 1024u);
}

}  // namespace
}  // namespace afterglow::io
