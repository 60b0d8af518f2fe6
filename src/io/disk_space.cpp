#include "afterglow/io/disk_space.h"

#include <fmt/format.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "afterglow/core/log.h"

namespace afterglow::io {
namespace {

FreeSpaceProbe& probe_slot() {
  static FreeSpaceProbe probe;
  return probe;
}

std::optional<std::uint64_t> statvfs_free(const std::filesystem::path& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(st.f_bavail) * static_cast<std::uint64_t>(st.f_frsize);
}

}  // namespace

void set_free_space_probe(FreeSpaceProbe probe) {
  probe_slot() = std::move(probe);
}

std::filesystem::path nearest_existing_ancestor(const std::filesystem::path& path) {
  std::filesystem::path p = path.is_absolute() ? path : std::filesystem::absolute(path);
  std::error_code ec;
  while (!p.empty()) {
    if (std::filesystem::exists(p, ec)) return p;
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  return "/";
}

std::optional<std::uint64_t> free_space(const std::filesystem::path& path) {
  const auto where = nearest_existing_ancestor(path);
  if (probe_slot()) return probe_slot()(where);
  return statvfs_free(where);
}

Status check_disk_space(const std::filesystem::path& path, std::uint64_t bytes_needed) {
  const auto available = free_space(path);
  if (!available) {
    log::warn("Could not check free disk space for {}; trying the write anyway", path.string());
    return Ok{};
  }
  const double required = kDiskSpaceMargin * static_cast<double>(bytes_needed);
  if (static_cast<double>(*available) < required) {
    return Error(ErrorKind::kDiskFull,
                 fmt::format("Not enough disk space to save {}: {} bytes free, about {} needed",
                             path.string(), *available, static_cast<std::uint64_t>(required)),
                 {{"available_bytes", std::to_string(*available)},
                  {"needed_bytes", std::to_string(bytes_needed)},
                  {"path", path.string()}});
  }
  return Ok{};
}

Error error_from_errno(int err, const std::filesystem::path& path, std::string_view action) {
  const std::string reason = std::strerror(err);
  Error::Context context{{"path", path.string()}, {"reason", reason}};
  switch (err) {
    case ENOSPC:
    case EDQUOT:
      return Error(ErrorKind::kDiskFull,
                   fmt::format("Could not {}: the disk is full ({})", action, path.string()), context);
    case EACCES:
    case EPERM:
    case EROFS:
      return Error(ErrorKind::kPermission,
                   fmt::format("Could not {}: permission denied ({})", action, path.string()), context);
    default:
      return Error(ErrorKind::kFilesystem,
                   fmt::format("Could not {}: {} ({})", action, reason, path.string()), context);
  }
}

}  // namespace afterglow::io
