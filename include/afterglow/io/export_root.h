#pragma once
// Write containment: every file the program writes must land inside one export root, so that a scene
// path such as "../../etc/x" or a symlink planted inside the export folder cannot make it write
// elsewhere. The check runs before anything is created (the original created folders first).
//
// Which root applies (ExportRoot::from_environment):
//   1. AFTERGLOW_EXPORT_ROOT, when set and not empty;
//   2. otherwise the root the caller passes (the scene's export folder);
//   3. otherwise "./export", resolved against the current directory (the original's default).
// AFTERGLOW_UNSAFE_IO = 1, true or yes (any case) turns containment off. It exists for tests and CI
// sandboxes only; any other value, or unset, keeps it on.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "afterglow/core/result.h"

namespace afterglow::io {

inline constexpr const char* kExportRootEnv = "AFTERGLOW_EXPORT_ROOT";
inline constexpr const char* kUnsafeIoEnv = "AFTERGLOW_UNSAFE_IO";
inline constexpr const char* kDefaultExportRoot = "export";

// True for "1", "true", "yes" in any case.
bool is_truthy(std::string_view value);
bool unsafe_io_enabled();  // reads AFTERGLOW_UNSAFE_IO

// `path` made absolute, symlinks resolved and ".." collapsed the way the OS would: the longest
// existing prefix is resolved component by component (a ".." after a symlink goes to the link
// target's parent), the part that does not exist yet is collapsed lexically. A dangling symlink in the
// path is an error, because what it would create cannot be checked.
Result<std::filesystem::path> resolve_for_write(const std::filesystem::path& path);

class ExportRoot {
 public:
  // Containment on, below `root` (relative roots are taken against the current directory).
  explicit ExportRoot(std::filesystem::path root);

  // Containment off: every path is accepted (tests, or AFTERGLOW_UNSAFE_IO).
  static ExportRoot unrestricted();

  // The policy the environment asks for; `fallback_root` is the caller's root (e.g. the scene's
  // export folder) used when AFTERGLOW_EXPORT_ROOT is not set.
  static ExportRoot from_environment(std::optional<std::filesystem::path> fallback_root = std::nullopt);

  bool enforced() const { return enforced_; }
  const std::filesystem::path& root() const { return root_; }

  // The resolved target when `requested` is the root or lies below it; kPermission with context
  // {export_root, requested_path} otherwise. Creates nothing.
  Result<std::filesystem::path> check(const std::filesystem::path& requested) const;

 private:
  ExportRoot() = default;

  std::filesystem::path root_;
  bool enforced_ = false;
};

// Everything that must hold before a file is written, in order: containment, then free space for
// `bytes_needed` (1.1x margin), then the parent folders are created. Returns the resolved path to
// write. Nothing is created when a check fails.
Result<std::filesystem::path> prepare_write(const std::filesystem::path& requested,
                                            std::uint64_t bytes_needed, const ExportRoot& root);

// The same under the environment's policy (ExportRoot::from_environment()), with no size estimate.
Result<std::filesystem::path> prepare_write(const std::filesystem::path& requested);

}  // namespace afterglow::io
