#pragma once
// Free-space checks before a write, and the mapping from OS errors to the error kinds a musician can
// act on (disk full, permission, anything else). The free-space query is replaceable so that tests can
// simulate a nearly full disk without filling one.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "afterglow/core/result.h"

namespace afterglow::io {

// Headroom over the estimated size: a write is refused unless free space >= kDiskSpaceMargin * needed.
inline constexpr double kDiskSpaceMargin = 1.1;

// Bytes available to an unprivileged writer on the filesystem holding `path`, or nullopt when the
// query fails. The default uses statvfs(2).
using FreeSpaceProbe = std::function<std::optional<std::uint64_t>(const std::filesystem::path&)>;

// Replaces the probe process-wide (tests); an empty function restores statvfs. Not thread-safe:
// install it before any write starts.
void set_free_space_probe(FreeSpaceProbe probe);

// The nearest ancestor of `path` (or `path` itself) that exists; "/" at worst.
std::filesystem::path nearest_existing_ancestor(const std::filesystem::path& path);

// Free bytes on the filesystem that would hold `path` (queried on its nearest existing ancestor).
std::optional<std::uint64_t> free_space(const std::filesystem::path& path);

// kDiskFull with {available_bytes, needed_bytes, path} when free space < 1.1 x `bytes_needed`. When the
// query itself fails it only warns and lets the write try (the write reports a real ENOSPC anyway).
Status check_disk_space(const std::filesystem::path& path, std::uint64_t bytes_needed);

// An OS error number as an afterglow::Error: ENOSPC/EDQUOT -> kDiskFull, EACCES/EPERM/EROFS ->
// kPermission, anything else -> kFilesystem. `action` completes "Could not <action>".
Error error_from_errno(int err, const std::filesystem::path& path, std::string_view action);

}  // namespace afterglow::io
