#include "afterglow/io/export_root.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <system_error>

#include "afterglow/io/disk_space.h"

namespace afterglow::io {
namespace fs = std::filesystem;

namespace {

Error resolve_error(const fs::path& path, const std::error_code& ec) {
  return error_from_errno(ec.value(), path, "resolve the output path");
}

// True when `p` equals `root` or lies below it, comparing whole components ("/a/bc" is not in "/a/b").
bool is_within(const fs::path& p, const fs::path& root) {
  auto pi = p.begin();
  for (auto ri = root.begin(); ri != root.end(); ++ri, ++pi) {
    if (ri->empty()) continue;  // a trailing separator on the root
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

}  // namespace

bool is_truthy(std::string_view value) {
  std::string lower(value);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "1" || lower == "true" || lower == "yes";
}

bool unsafe_io_enabled() {
  const char* v = std::getenv(kUnsafeIoEnv);
  return v != nullptr && is_truthy(v);
}

Result<fs::path> resolve_for_write(const fs::path& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  if (ec) return resolve_error(path, ec);

  // Walk the components: while they exist, let the OS resolve them (canonical follows every symlink,
  // so a following ".." is the real parent); once one is missing, the rest is only lexical.
  fs::path resolved = absolute.root_path();
  bool existing = true;
  for (auto it = absolute.begin(); it != absolute.end(); ++it) {
    const fs::path part = *it;
    if (part == absolute.root_path() || part == absolute.root_name() || part == absolute.root_directory() ||
        part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      resolved = resolved.parent_path();
      continue;
    }
    fs::path candidate = resolved / part;
    if (existing) {
      const auto status = fs::symlink_status(candidate, ec);
      if (ec && ec != std::errc::no_such_file_or_directory) return resolve_error(candidate, ec);
      if (fs::exists(status)) {
        if (fs::is_symlink(status) && !fs::exists(candidate, ec)) {
          return Error(ErrorKind::kPermission,
                       fmt::format("Refusing to write through a broken link: {} points to something that "
                                   "does not exist",
                                   candidate.string()),
                       {{"requested_path", path.string()}, {"link", candidate.string()}});
        }
        candidate = fs::canonical(candidate, ec);
        if (ec) return resolve_error(candidate, ec);
      } else {
        existing = false;
      }
    }
    resolved = std::move(candidate);
  }
  return resolved;
}

ExportRoot::ExportRoot(fs::path root) : root_(std::move(root)), enforced_(true) {}

ExportRoot ExportRoot::unrestricted() {
  return ExportRoot();
}

ExportRoot ExportRoot::from_environment(std::optional<fs::path> fallback_root) {
  if (unsafe_io_enabled()) return unrestricted();
  const char* env = std::getenv(kExportRootEnv);
  if (env != nullptr && *env != '\0') return ExportRoot(fs::path(env));
  return ExportRoot(fallback_root ? *fallback_root : fs::path(kDefaultExportRoot));
}

Result<fs::path> ExportRoot::check(const fs::path& requested) const {
  auto target = resolve_for_write(requested);
  if (!target) return target.error();
  if (!enforced_) return target;

  // The root is resolved at each check, like the original: it may be created, or re-pointed by a
  // symlink, between writes.
  auto root = resolve_for_write(root_);
  if (!root) return root.error();
  if (is_within(*target, *root)) return target;
  return Error(ErrorKind::kPermission,
               fmt::format("Refusing to write {}: it is outside the export folder {}. Choose a path inside "
                           "it, or set {} to another folder",
                           requested.string(), root->string(), kExportRootEnv),
               {{"export_root", root->string()}, {"requested_path", requested.string()}});
}

Result<fs::path> prepare_write(const fs::path& requested, std::uint64_t bytes_needed,
                               const ExportRoot& root) {
  auto target = root.check(requested);
  if (!target) return target.error();
  if (bytes_needed > 0) {
    auto space = check_disk_space(*target, bytes_needed);
    if (!space) return space.error();
  }
  std::error_code ec;
  fs::create_directories(target->parent_path(), ec);
  if (ec) return error_from_errno(ec.value(), target->parent_path(), "create the output folder");
  return target;
}

Result<fs::path> prepare_write(const fs::path& requested) {
  return prepare_write(requested, 0, ExportRoot::from_environment());
}

}  // namespace afterglow::io
