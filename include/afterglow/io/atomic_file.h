#pragma once
// Writing a file so that the target path only ever holds a complete file: the content goes to an
// unnamed temporary in the same folder (O_TMPFILE; a hidden named temporary where the filesystem lacks
// it), is fsync'ed, and only then takes the target's name with rename(2), which is atomic within one
// filesystem. Any failure removes the temporary; with O_TMPFILE even a crash or kill leaves nothing.

#include <filesystem>
#include <functional>

#include "afterglow/core/result.h"

namespace afterglow::io {

// Calls `write_body` with a descriptor open for reading and writing on the temporary, then fsyncs it
// and renames it to `target` (replacing an existing file). The parent folder must exist. Errors from
// the OS are mapped by error_from_errno (kDiskFull, kPermission, kFilesystem); an error returned by
// `write_body` is passed through. On any failure `target` is untouched and no temporary remains.
Status write_file_atomically(const std::filesystem::path& target,
                             const std::function<Status(int fd)>& write_body);

}  // namespace afterglow::io
