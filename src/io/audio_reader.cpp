#include "afterglow/io/audio_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "afterglow/io/disk_space.h"

namespace afterglow::io {
namespace fs = std::filesystem;

namespace {

// Frames decoded per libsndfile call: large enough to amortise the call, small enough that the
// interleaved scratch stays a few hundred kilobytes whatever the file length.
constexpr sf_count_t kChunkFrames = 16384;

struct SndfileCloser {
  void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

// Owns the descriptor: libsndfile is told not to close it, so that it is closed exactly once whether
// or not sf_open_fd succeeds. Declared before the SNDFILE so it outlives it.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() { ::close(fd_); }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Error read_error(ErrorKind kind, const fs::path& path, std::string message) {
  return Error(kind, std::move(message), {{"file", path.string()}});
}

// Opens with open(2) first so that a missing file and a permission problem are told apart from a file
// libsndfile cannot decode.
Result<int> open_for_read(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      return read_error(ErrorKind::kNotFound, path, fmt::format("Audio file not found: {}", path.string()));
    }
    Error e = error_from_errno(err, path, "open the audio file");
    return e.with("file", path.string());
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return read_error(ErrorKind::kDecode, path,
                      fmt::format("Cannot load {}: it is a folder, not an audio file", path.string()));
  }
  return fd;
}

std::size_t output_channels(int file_channels, const ReadOptions& options) {
  if (file_channels <= 2) return static_cast<std::size_t>(file_channels);
  return options.extra_channels == ExtraChannels::kMixToMono ? 1 : 2;
}

}  // namespace

Result<AudioBuffer> read_audio(const fs::path& path, const ReadOptions& options) {
  auto fd = open_for_read(path);
  if (!fd) return fd.error();

  FdGuard guard(*fd);
  SF_INFO info{};
  SndfilePtr file(sf_open_fd(guard.get(), SFM_READ, &info, /*close_desc=*/SF_FALSE));
  if (!file) {
    return read_error(ErrorKind::kDecode, path,
                      fmt::format("Cannot read {} as audio: {}. The file may be damaged, empty, or in a "
                                  "format that is not supported (WAV, AIFF, FLAC, OGG, MP3)",
                                  path.string(), sf_strerror(nullptr)));
  }
  if (info.channels < 1 || info.channels > kMaxReadChannels) {
    return read_error(ErrorKind::kDecode, path,
                      fmt::format("Cannot load {}: it claims {} channels (at most {} are supported); the "
                                  "file is probably damaged",
                                  path.string(), info.channels, kMaxReadChannels));
  }
  if (info.samplerate <= 0) {
    return read_error(
        ErrorKind::kDecode, path,
        fmt::format("Cannot load {}: its sample rate ({}) is not valid", path.string(), info.samplerate));
  }

  const int file_channels = info.channels;
  const std::size_t out_channels = output_channels(file_channels, options);
  AudioBuffer buffer;
  buffer.sample_rate = static_cast<double>(info.samplerate);
  buffer.channels.resize(out_channels);
  // Trust the header's length only as a capacity hint, and only up to a bound: a corrupt header must
  // not make us reserve gigabytes before a single frame is decoded.
  constexpr sf_count_t kMaxReserveFrames = sf_count_t{1} << 28;
  if (info.frames > 0 && info.frames < kMaxReserveFrames) {
    for (auto& c : buffer.channels) c.reserve(static_cast<std::size_t>(info.frames));
  }

  std::vector<float> scratch(static_cast<std::size_t>(kChunkFrames) *
                             static_cast<std::size_t>(file_channels));
  std::size_t frame_index = 0;
  for (;;) {
    const sf_count_t got = sf_readf_float(file.get(), scratch.data(), kChunkFrames);
    if (got <= 0) break;
    for (sf_count_t f = 0; f < got; ++f, ++frame_index) {
      const float* frame = scratch.data() + f * file_channels;
      for (int c = 0; c < file_channels; ++c) {
        if (!std::isfinite(frame[c])) {
          return Error(
              ErrorKind::kInvalidValue,
              fmt::format("Cannot load {}: it contains {} samples (first at frame {}, channel {}); "
                          "the file is damaged",
                          path.string(), std::isnan(frame[c]) ? "NaN" : "infinite", frame_index, c + 1),
              {{"file", path.string()}, {"frame", std::to_string(frame_index)}});
        }
      }
      if (out_channels == 1 && file_channels > 1) {
        double sum = 0.0;
        for (int c = 0; c < file_channels; ++c) sum += frame[c];
        buffer.channels[0].push_back(static_cast<float>(sum / file_channels));
      } else {
        for (std::size_t c = 0; c < out_channels; ++c) buffer.channels[c].push_back(frame[c]);
      }
    }
  }
  const int sf_err = sf_error(file.get());
  if (sf_err != SF_ERR_NO_ERROR) {
    return read_error(ErrorKind::kDecode, path,
                      fmt::format("Cannot finish reading {}: {}", path.string(), sf_strerror(file.get())));
  }
  if (buffer.frames() == 0) {
    return read_error(ErrorKind::kInvalidValue, path,
                      fmt::format("Cannot load {}: it contains no audio (zero frames)", path.string()));
  }
  return buffer;
}

}  // namespace afterglow::io
