#include "afterglow/io/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <random>
#include <string>

#include "afterglow/io/disk_space.h"

namespace afterglow::io {
namespace fs = std::filesystem;

namespace {

constexpr mode_t kFileMode = 0644;  // further restricted by the umask, as for any new file

// A hidden name next to the target, unlikely to collide and recognisable if a crash ever leaves one.
fs::path temporary_name(const fs::path& target) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return target.parent_path() /
         fmt::format(".{}.{:016x}.tmp", target.filename().string(), static_cast<unsigned long long>(rng()));
}

// The open temporary: an unnamed O_TMPFILE inode, or a named file that must be unlinked on failure.
struct Temporary {
  int fd = -1;
  fs::path named;  // empty for O_TMPFILE

  ~Temporary() {
    if (fd >= 0) ::close(fd);
    if (!named.empty()) ::unlink(named.c_str());
  }
};

Status open_temporary(const fs::path& target, Temporary& tmp) {
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
#ifdef O_TMPFILE
  // Only when /proc is there to give the unnamed file a name afterwards (linkat through /proc/self/fd).
  if (::access("/proc/self/fd", X_OK) == 0) {
    tmp.fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, kFileMode);
    if (tmp.fd >= 0) return Ok{};
    const int err = errno;
    // EOPNOTSUPP/EISDIR/EINVAL: the filesystem or kernel has no O_TMPFILE; fall back to a named file.
    if (err != EOPNOTSUPP && err != EISDIR && err != EINVAL) {
      return error_from_errno(err, target, "create the output file");
    }
  }
#endif
  for (int attempt = 0; attempt < 16; ++attempt) {
    const fs::path name = temporary_name(target);
    tmp.fd = ::open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, kFileMode);
    if (tmp.fd >= 0) {
      tmp.named = name;
      return Ok{};
    }
    if (errno != EEXIST) return error_from_errno(errno, target, "create the output file");
  }
  return error_from_errno(EEXIST, target, "create a temporary file for");
}

// Gives the finished temporary the target's name.
Status publish(Temporary& tmp, const fs::path& target) {
  if (tmp.named.empty()) {
    // linkat cannot replace an existing file, so link under a temporary name, then rename over the
    // target. A crash between the two leaves a complete (never a truncated) hidden file.
    const fs::path linked = temporary_name(target);
    const std::string proc = fmt::format("/proc/self/fd/{}", tmp.fd);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, linked.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      return error_from_errno(errno, target, "save the file");
    }
    tmp.named = linked;
  }
  if (::rename(tmp.named.c_str(), target.c_str()) != 0)
    return error_from_errno(errno, target, "save the file");
  tmp.named.clear();  // now the target: nothing left to clean up
  return Ok{};
}

}  // namespace

Status write_file_atomically(const fs::path& target, const std::function<Status(int fd)>& write_body) {
  Temporary tmp;
  if (auto s = open_temporary(target, tmp); !s) return s;
  if (auto s = write_body(tmp.fd); !s) return s;
  // The data must be on disk before the name points at it, or a power cut could leave an empty file
  // under the final name.
  if (::fsync(tmp.fd) != 0) return error_from_errno(errno, target, "save the file");
  if (auto s = publish(tmp, target); !s) return s;
  // Persist the rename itself; failure here does not undo a completed write, so it is not an error.
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Ok{};
}

}  // namespace afterglow::io
