#pragma once
// A WAV file that grows while it is written (a session recording): 32-bit float, written in pieces
// from one non-realtime thread. The header is made valid again on every update_header(), so a process
// killed mid-recording leaves a readable file holding everything up to the last update. The file
// starts as RIFF/WAVE with a reserved JUNK chunk and turns into RF64 (libsndfile's auto-downgrade) if
// it grows past 4 GB, so hours of stereo at 48 kHz stay one file.
//
// Writes go through our own file descriptor (libsndfile's virtual I/O), so a failure carries the OS's
// own errno: ENOSPC becomes kDiskFull with the path, anything else kFilesystem. After a failed write
// the writer refuses further audio; close() still finishes the header of what reached the disk.

#include <sndfile.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "afterglow/core/result.h"

namespace afterglow::io {

struct StreamingWavOptions {
  double sample_rate = 48000.0;
  int channels = 2;
  // Test seam, as in WavWriteOptions: called before each OS write that grows the file, with the bytes
  // written so far; a non-zero return is taken as that errno (ENOSPC: the disk is full).
  std::function<int(std::uint64_t bytes_written)> write_fault;
};

class StreamingWavWriter {
 public:
  // Creates (or truncates) `path`; its folder must exist. Containment is the caller's business.
  static Result<std::unique_ptr<StreamingWavWriter>> create(const std::filesystem::path& path,
                                                            const StreamingWavOptions& options);
  ~StreamingWavWriter();
  StreamingWavWriter(const StreamingWavWriter&) = delete;
  StreamingWavWriter& operator=(const StreamingWavWriter&) = delete;

  // Interleaved frames (channels × frames floats).
  Status write(std::span<const float> interleaved);
  // Rewrites the header for the frames written so far.
  Status update_header();
  // Finishes the file (RIFF when it stayed under 4 GB). Safe to call twice.
  Status close();

  std::uint64_t frames() const { return frames_; }
  const std::filesystem::path& path() const { return path_; }

  // libsndfile's virtual I/O callbacks reach the descriptor through these.
  struct Io {
    int fd = -1;
    std::uint64_t written = 0;
    int last_errno = 0;
    std::function<int(std::uint64_t)> fault;
  };

 private:
  StreamingWavWriter() = default;
  Error failure(std::string_view action) const;

  std::filesystem::path path_;
  int channels_ = 2;
  Io io_;
  SF_VIRTUAL_IO virtual_io_{};
  SNDFILE* file_ = nullptr;
  std::uint64_t frames_ = 0;
  bool failed_ = false;
};

}  // namespace afterglow::io
