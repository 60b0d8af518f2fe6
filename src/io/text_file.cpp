#include "afterglow/io/text_file.h"

#include <unistd.h>

#include <cerrno>

#include "afterglow/io/atomic_file.h"
#include "afterglow/io/disk_space.h"

namespace afterglow::io {

Status write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return error_from_errno(errno, path, "write");
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Ok{};
}

Status write_text_file(const std::filesystem::path& path, std::string_view bytes, const ExportRoot& root) {
  auto target = prepare_write(path, bytes.size(), root);
  if (!target) return target.error();
  return write_file_atomically(*target, [&](int fd) { return write_all(fd, bytes, path); });
}

}  // namespace afterglow::io
