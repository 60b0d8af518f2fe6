#include "afterglow/io/wav_writer.h"

#include <fmt/format.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <string>
#include <vector>

#include "afterglow/core/log.h"
#include "afterglow/io/atomic_file.h"
#include "afterglow/io/disk_space.h"
#include "afterglow/io/pcm_encoding.h"

namespace afterglow::io {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kChunkFrames = 4096;
constexpr double kMaxSampleRate = 768000.0;

Error invalid(const fs::path& path, std::string message) {
  return Error(ErrorKind::kInvalidValue, std::move(message), {{"path", path.string()}});
}

Status validate(const fs::path& path, const AudioBuffer& audio, const WavWriteOptions& options) {
  if (audio.empty()) return invalid(path, fmt::format("Cannot save {}: the audio is empty", path.string()));
  if (audio.channel_count() > 2) {
    return invalid(path, fmt::format("Cannot save {}: {} channels given, only mono or stereo can be written",
                                     path.string(), audio.channel_count()));
  }
  for (const auto& c : audio.channels) {
    if (c.size() != audio.frames()) {
      return invalid(path, fmt::format("Cannot save {}: the channels differ in length", path.string()));
    }
  }
  for (std::size_t c = 0; c < audio.channel_count(); ++c) {
    const auto& ch = audio.channels[c];
    for (std::size_t i = 0; i < ch.size(); ++i) {
      if (!std::isfinite(ch[i])) {
        Error e = invalid(path, fmt::format("Cannot save {}: the audio contains {} at frame {}",
                                            path.string(), std::isnan(ch[i]) ? "NaN" : "Inf", i));
        return e.with("frame", std::to_string(i));
      }
    }
  }
  if (options.bit_depth != 16 && options.bit_depth != 24) {
    Error e = invalid(path, fmt::format("Cannot save {}: bit_depth must be 16 or 24, not {}", path.string(),
                                        options.bit_depth));
    return e.with("bit_depth", std::to_string(options.bit_depth));
  }
  if (!std::isfinite(audio.sample_rate) || audio.sample_rate < 1.0 || audio.sample_rate > kMaxSampleRate) {
    return invalid(path, fmt::format("Cannot save {}: the sample rate {} Hz is not usable", path.string(),
                                     audio.sample_rate));
  }
  return Ok{};
}

// libsndfile reaches the descriptor through these callbacks so that the OS error of a failed write
// (ENOSPC, EIO…) is kept rather than flattened into "system error", and so the test seam can inject one.
struct VirtualFile {
  int fd;
  const std::function<int(std::uint64_t)>* fault;
  std::uint64_t written = 0;
  int error = 0;
};

sf_count_t vf_length(void* user) {
  struct stat st {};
  return ::fstat(static_cast<VirtualFile*>(user)->fd, &st) == 0 ? st.st_size : -1;
}
sf_count_t vf_seek(sf_count_t offset, int whence, void* user) {
  return ::lseek(static_cast<VirtualFile*>(user)->fd, offset, whence);
}
sf_count_t vf_read(void* ptr, sf_count_t count, void* user) {
  const ssize_t n = ::read(static_cast<VirtualFile*>(user)->fd, ptr, static_cast<std::size_t>(count));
  return n < 0 ? 0 : n;
}
sf_count_t vf_tell(void* user) {
  return ::lseek(static_cast<VirtualFile*>(user)->fd, 0, SEEK_CUR);
}
sf_count_t vf_write(const void* ptr, sf_count_t count, void* user) {
  auto* vf = static_cast<VirtualFile*>(user);
  if (vf->error != 0) return 0;
  if (*vf->fault) {
    if (const int injected = (*vf->fault)(vf->written); injected != 0) {
      vf->error = injected;
      return 0;
    }
  }
  const char* bytes = static_cast<const char*>(ptr);
  sf_count_t done = 0;
  while (done < count) {
    const ssize_t n = ::write(vf->fd, bytes + done, static_cast<std::size_t>(count - done));
    if (n < 0) {
      if (errno == EINTR) continue;
      vf->error = errno;
      break;
    }
    done += n;
  }
  vf->written += static_cast<std::uint64_t>(done);
  return done;
}

// Encodes and writes all frames through libsndfile; returns the number of clipped samples.
Result<std::size_t> write_body(int fd, const AudioBuffer& audio, const WavWriteOptions& options,
                               const fs::path& target) {
  SF_VIRTUAL_IO io{vf_length, vf_seek, vf_read, vf_write, vf_tell};
  VirtualFile vf{fd, &options.write_fault};
  SF_INFO info{};
  info.samplerate = static_cast<int>(std::lround(audio.sample_rate));
  info.channels = static_cast<int>(audio.channel_count());
  info.format = SF_FORMAT_WAV | (options.bit_depth == 16 ? SF_FORMAT_PCM_16 : SF_FORMAT_PCM_24);
  SNDFILE* file = sf_open_virtual(&io, SFM_WRITE, &info, &vf);
  if (file == nullptr) {
    if (vf.error != 0) return error_from_errno(vf.error, target, "save the audio file");
    return Error(ErrorKind::kFilesystem,
                 fmt::format("Unexpected error while saving {}: {}", target.string(), sf_strerror(nullptr)),
                 {{"path", target.string()}});
  }

  const std::size_t channels = audio.channel_count();
  const std::size_t frames = audio.frames();
  std::size_t clipped = 0;
  TpdfDither dither(options.dither_seed);
  const bool dithered = options.bit_depth == 16 && options.dither;
  std::vector<short> pcm16(options.bit_depth == 16 ? kChunkFrames * channels : 0);
  std::vector<int> pcm24(options.bit_depth == 24 ? kChunkFrames * channels : 0);
  bool short_write = false;

  for (std::size_t start = 0; start < frames && !short_write; start += kChunkFrames) {
    const std::size_t n = std::min(kChunkFrames, frames - start);
    for (std::size_t f = 0; f < n; ++f) {
      for (std::size_t c = 0; c < channels; ++c) {
        const double x = audio.channels[c][start + f];
        if (std::fabs(x) > 1.0) ++clipped;
        const std::size_t k = f * channels + c;
        if (options.bit_depth == 16) {
          pcm16[k] = dithered ? encode_pcm16_dithered(x, dither.next()) : encode_pcm16(x);
        } else {
          // sf_write_int keeps the top 24 bits of each int; hand it our 24-bit code in those bits.
          pcm24[k] = encode_pcm24(x) * 256;
        }
      }
    }
    const auto count = static_cast<sf_count_t>(n);
    const sf_count_t done = options.bit_depth == 16 ? sf_writef_short(file, pcm16.data(), count)
                                                    : sf_writef_int(file, pcm24.data(), count);
    short_write = done != count;
  }
  const std::string sf_message = short_write ? sf_strerror(file) : "";
  const int close_error = sf_close(file);  // rewrites the header with the final sizes
  if (vf.error != 0) return error_from_errno(vf.error, target, "save the audio file");
  if (short_write || close_error != 0) {
    return Error(ErrorKind::kFilesystem,
                 fmt::format("Unexpected error while saving {}: {}", target.string(),
                             short_write ? sf_message : sf_error_number(close_error)),
                 {{"path", target.string()}});
  }
  return clipped;
}

}  // namespace

std::uint64_t wav_file_size(std::size_t frames, std::size_t channels, int bit_depth) {
  return 44 + static_cast<std::uint64_t>(frames) * channels * static_cast<std::uint64_t>(bit_depth / 8);
}

Result<WavWriteReport> write_wav(const fs::path& path, const AudioBuffer& audio,
                                 const WavWriteOptions& options, const ExportRoot& root) {
  if (auto s = validate(path, audio, options); !s) return s.error();
  auto target =
      prepare_write(path, wav_file_size(audio.frames(), audio.channel_count(), options.bit_depth), root);
  if (!target) return target.error();

  std::size_t clipped = 0;
  auto status = write_file_atomically(*target, [&](int fd) -> Status {
    auto written = write_body(fd, audio, options, *target);
    if (!written) return written.error();
    clipped = *written;
    return Ok{};
  });
  if (!status) return status.error();
  if (clipped > 0) {
    log::warn("{}: {} sample{} beyond full scale were clipped", target->filename().string(), clipped,
              clipped == 1 ? "" : "s");
  }
  return WavWriteReport{*target, audio.frames(), clipped};
}

Result<WavWriteReport> write_wav(const fs::path& path, const AudioBuffer& audio,
                                 const WavWriteOptions& options) {
  return write_wav(path, audio, options, ExportRoot::from_environment());
}

}  // namespace afterglow::io
