#pragma once
// Writing a whole small file (HTML, SVG, a marker list) from memory: containment, free space and
// parent folders by io::prepare_write, then an atomic replace, so a reader sees the old file or the
// complete new one, never a half-written page.

#include <filesystem>
#include <string_view>

#include "afterglow/core/result.h"
#include "afterglow/io/export_root.h"

namespace afterglow::io {

Status write_text_file(const std::filesystem::path& path, std::string_view bytes, const ExportRoot& root);

// Writes `bytes` to the open descriptor `fd`, retrying on EINTR and short writes; errors name `path`.
Status write_all(int fd, std::string_view bytes, const std::filesystem::path& path);

}  // namespace afterglow::io
