#pragma once
// Writing WAV files (PCM 16 or 24-bit, mono or stereo) safely: the audio is validated, the path checked
// against the export root and the disk for space, all before anything is created; the file is written
// atomically (atomic_file.h), so the target is either the complete new file or untouched.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>

#include "afterglow/core/result.h"
#include "afterglow/io/audio_buffer.h"
#include "afterglow/io/export_root.h"

namespace afterglow::io {

inline constexpr std::uint64_t kDefaultDitherSeed = 0x41465447'4C4F5721ull;

struct WavWriteOptions {
  int bit_depth = 24;  // 16 or 24 (the original's default is 24)
  // TPDF dither on 16-bit output (24-bit is never dithered: its noise floor is already below any
  // source's). Off gives the exact codes of the rounding rule (pcm_encoding.h).
  bool dither = true;
  std::uint64_t dither_seed = kDefaultDitherSeed;
  // Test seam: called before each write to the file with the bytes written so far; a non-zero return is
  // taken as that errno from the OS (e.g. ENOSPC), to exercise the failure paths mid-write.
  std::function<int(std::uint64_t bytes_written)> write_fault;
};

struct WavWriteReport {
  std::filesystem::path path;  // the resolved file written
  std::size_t frames = 0;
  std::size_t clipped_samples = 0;  // samples beyond +-1.0, clipped to full scale (logged as a warning)
};

// Bytes a WAV of this shape occupies (44-byte header + PCM data): what the disk-space check asks for.
std::uint64_t wav_file_size(std::size_t frames, std::size_t channels, int bit_depth);

// Writes `audio` (1 or 2 channels, equal lengths) at its sample rate. Checks, in order (reference §12.5,
// with containment moved before any directory is created):
//   1. empty audio, NaN/Inf samples, a bit depth other than 16/24 ("bit_depth"), more than 2 channels or
//      an unusable sample rate -> kInvalidValue, and no file or folder is created;
//   2. containment under `root` -> kPermission {export_root, requested_path};
//   3. free space >= 1.1 x the file size -> kDiskFull;
//   4. parent folders created, file written atomically; ENOSPC -> kDiskFull, EACCES -> kPermission,
//      anything else -> kFilesystem. No partial or temporary file remains after a failure.
Result<WavWriteReport> write_wav(const std::filesystem::path& path, const AudioBuffer& audio,
                                 const WavWriteOptions& options, const ExportRoot& root);

// The same under the environment's export-root policy (ExportRoot::from_environment()).
Result<WavWriteReport> write_wav(const std::filesystem::path& path, const AudioBuffer& audio,
                                 const WavWriteOptions& options = {});

}  // namespace afterglow::io
