#include "afterglow/io/streaming_wav.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "afterglow/io/disk_space.h"

namespace afterglow::io {
namespace {

using Io = StreamingWavWriter::Io;

sf_count_t io_length(void* user) {
  auto* io = static_cast<Io*>(user);
  const off_t here = ::lseek(io->fd, 0, SEEK_CUR);
  const off_t end = ::lseek(io->fd, 0, SEEK_END);
  ::lseek(io->fd, here, SEEK_SET);
  return end;
}

sf_count_t io_seek(sf_count_t offset, int whence, void* user) {
  return ::lseek(static_cast<Io*>(user)->fd, offset, whence);
}

sf_count_t io_read(void* buffer, sf_count_t count, void* user) {
  const ssize_t n = ::read(static_cast<Io*>(user)->fd, buffer, static_cast<std::size_t>(count));
  return n < 0 ? 0 : n;
}

sf_count_t io_write(const void* buffer, sf_count_t count, void* user) {
  auto* io = static_cast<Io*>(user);
  // The fault seam models a full disk: only writes that grow the file fail (rewriting the header in
  // place needs no new blocks).
  const off_t here = ::lseek(io->fd, 0, SEEK_CUR);
  const bool appending = here >= ::lseek(io->fd, 0, SEEK_END);
  ::lseek(io->fd, here, SEEK_SET);
  if (io->fault && appending) {
    if (const int err = io->fault(io->written); err != 0) {
      io->last_errno = err;
      return 0;
    }
  }
  const auto* bytes = static_cast<const char*>(buffer);
  sf_count_t done = 0;
  while (done < count) {
    const ssize_t n = ::write(io->fd, bytes + done, static_cast<std::size_t>(count - done));
    if (n < 0) {
      if (errno == EINTR) continue;
      io->last_errno = errno;
      break;
    }
    if (n == 0) {
      io->last_errno = ENOSPC;
      break;
    }
    done += n;
  }
  io->written += static_cast<std::uint64_t>(done);
  return done;
}

sf_count_t io_tell(void* user) {
  return ::lseek(static_cast<Io*>(user)->fd, 0, SEEK_CUR);
}

}  // namespace

Result<std::unique_ptr<StreamingWavWriter>> StreamingWavWriter::create(const std::filesystem::path& path,
                                                                        const StreamingWavOptions& options) {
  if (options.channels < 1 || options.channels > 2 || !(options.sample_rate >= 1000.0)) {
    return Error(ErrorKind::kInvalidValue, "a recording needs 1 or 2 channels and a sample rate",
                 {{"path", path.string()}});
  }
  std::unique_ptr<StreamingWavWriter> w(new StreamingWavWriter());
  w->path_ = path;
  w->channels_ = options.channels;
  w->io_.fault = options.write_fault;
  w->io_.fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (w->io_.fd < 0) return error_from_errno(errno, path, "create the recording");
  w->virtual_io_ = {io_length, io_seek, io_read, io_write, io_tell};
  SF_INFO info{};
  info.samplerate = static_cast<int>(options.sample_rate);
  info.channels = options.channels;
  info.format = SF_FORMAT_RF64 | SF_FORMAT_FLOAT;
  w->file_ = sf_open_virtual(&w->virtual_io_, SFM_WRITE, &info, &w->io_);
  if (w->file_ == nullptr) {
    if (w->io_.last_errno != 0) return error_from_errno(w->io_.last_errno, path, "start the recording");
    return Error(ErrorKind::kFilesystem, std::string("could not start the recording: ") + sf_strerror(nullptr),
                 {{"path", path.string()}});
  }
  // A RIFF header (with room reserved for the RF64 sizes) as long as the file stays under 4 GB.
  sf_command(w->file_, SFC_RF64_AUTO_DOWNGRADE, nullptr, SF_TRUE);
  if (Status s = w->update_header(); !s) return s.error();
  return w;
}

StreamingWavWriter::~StreamingWavWriter() {
  (void)close();
}

Error StreamingWavWriter::failure(std::string_view action) const {
  if (io_.last_errno != 0) return error_from_errno(io_.last_errno, path_, action);
  return Error(ErrorKind::kFilesystem, "could not " + std::string(action), {{"path", path_.string()}});
}

Status StreamingWavWriter::write(std::span<const float> interleaved) {
  if (file_ == nullptr || failed_) return failure("write the recording");
  const auto frames = static_cast<sf_count_t>(interleaved.size() / static_cast<std::size_t>(channels_));
  const sf_count_t done = sf_writef_float(file_, interleaved.data(), frames);
  if (done > 0) frames_ += static_cast<std::uint64_t>(done);
  if (done != frames) {
    failed_ = true;
    return failure("write the recording");
  }
  return Ok{};
}

Status StreamingWavWriter::update_header() {
  if (file_ == nullptr) return Ok{};
  sf_command(file_, SFC_UPDATE_HEADER_NOW, nullptr, 0);
  if (io_.last_errno != 0) {
    failed_ = true;
    return failure("update the recording's header");
  }
  return Ok{};
}

Status StreamingWavWriter::close() {
  if (file_ == nullptr) return Ok{};
  const int errno_before = io_.last_errno;
  sf_close(file_);
  file_ = nullptr;
  ::fsync(io_.fd);
  ::close(io_.fd);
  io_.fd = -1;
  if (io_.last_errno != 0 && errno_before == 0) return failure("finish the recording");
  return Ok{};
}

}  // namespace afterglow::io
