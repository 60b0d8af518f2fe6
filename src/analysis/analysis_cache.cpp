#include "afterglow/analysis/analysis_cache.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "afterglow/core/log.h"
#include "afterglow/io/atomic_file.h"
#include "afterglow/io/disk_space.h"

namespace afterglow::analysis {
namespace {

// File layout (all little-endian, the only byte order the program runs on):
//   Header (64 bytes)
//   Meta (fixed size, below)
//   audio:            channels x frames float32, channel after channel
//   frame features:   rms, centroid_magnitude, centroid_power, flatness, onset_strength (frame_count
//                     float32 each), onset_frames (onset_count uint64)
//   window features:  rms_db, dc, crest, centroid_hz (window_count float32 each), onsets (uint32)
//   window measures:  window_count x 6 float32 (WindowMeasures in declaration order)
// The checksum covers Meta and everything after it.
constexpr char kMagic[8] = {'A', 'G', 'L', 'W', 'A', 'N', 'A', '\0'};

struct Header {
  char magic[8];
  std::uint32_t format_version;
  std::uint32_t header_bytes;
  std::uint64_t content_hash;
  std::uint64_t params_hash;
  std::uint64_t payload_bytes;
  std::uint64_t payload_checksum;
  std::uint64_t reserved[2];
};
static_assert(sizeof(Header) == 64);

struct Meta {
  double source_rate;
  double sample_rate;
  std::uint64_t channels;
  std::uint64_t frames;
  std::uint64_t n_fft;
  std::uint64_t frame_hop;
  std::uint64_t frame_count;
  std::uint64_t onset_count;
  std::uint64_t window;
  std::uint64_t window_hop;
  std::uint64_t window_count;
  float chroma[12];
};
static_assert(sizeof(Meta) == 11 * 8 + 48);
static_assert(sizeof(WindowMeasures) == 6 * sizeof(float));

struct CacheMiss {
  std::string reason;
};

// Reads exactly `bytes` into `dst` and folds them into the checksum. Reading and hashing go chunk by
// chunk so each chunk is hashed while it is still in cache: hashing the whole audio after reading it
// would stream hundreds of megabytes through memory a second time.
bool read_exact(int fd, void* dst, std::size_t bytes, XXH3_state_t* hash) {
  constexpr std::size_t kChunk = 1 << 20;
  auto* p = static_cast<char*>(dst);
  std::size_t done = 0;
  while (done < bytes) {
    const std::size_t want = std::min(kChunk, bytes - done);
    std::size_t got = 0;
    while (got < want) {
      const ssize_t n = ::read(fd, p + done + got, want - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      got += static_cast<std::size_t>(n);
    }
    if (hash != nullptr) XXH3_64bits_update(hash, p + done, want);
    done += want;
  }
  return true;
}

Status write_exact(int fd, const void* src, std::size_t bytes, XXH3_state_t* hash,
                   const std::filesystem::path& path) {
  const auto* p = static_cast<const char*>(src);
  std::size_t done = 0;
  while (done < bytes) {
    const ssize_t n = ::write(fd, p + done, bytes - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io::error_from_errno(errno, path, "write the analysis cache");
    done += static_cast<std::size_t>(n);
  }
  if (hash != nullptr) XXH3_64bits_update(hash, src, bytes);
  return Ok{};
}

template <typename T>
bool read_vector(int fd, std::vector<T>& v, std::size_t count, XXH3_state_t* hash) {
  v.resize(count);
  return read_exact(fd, v.data(), count * sizeof(T), hash);
}

template <typename T>
Status write_vector(int fd, const std::vector<T>& v, XXH3_state_t* hash, const std::filesystem::path& path) {
  return write_exact(fd, v.data(), v.size() * sizeof(T), hash, path);
}

std::uint64_t payload_size(const Meta& m) {
  const std::uint64_t f = sizeof(float);
  return sizeof(Meta) + m.channels * m.frames * f + 5 * m.frame_count * f + m.onset_count * 8 +
         4 * m.window_count * f + m.window_count * 4 + m.window_count * sizeof(WindowMeasures);
}

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

struct StateFree {
  void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
};
using HashState = std::unique_ptr<XXH3_state_t, StateFree>;

HashState new_state() {
  HashState s(XXH3_createState());
  if (s) XXH3_64bits_reset(s.get());
  return s;
}

}  // namespace

std::filesystem::path analysis_cache_dir(const std::filesystem::path& export_root) {
  return export_root / ".afterglow-cache" / "analysis";
}

Result<std::uint64_t> hash_file_content(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io::error_from_errno(errno, path, "read");
  FdCloser closer{fd};
  HashState state = new_state();
  if (!state)
    return Error(ErrorKind::kProcessing, "Could not start a content hash", {{"file", path.string()}});
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io::error_from_errno(errno, path, "read");
    if (n == 0) break;
    XXH3_64bits_update(state.get(), buffer.data(), static_cast<std::size_t>(n));
  }
  return static_cast<std::uint64_t>(XXH3_64bits_digest(state.get()));
}

std::uint64_t hash_feature_params(const FeatureParams& p) {
  const auto& f = p.analysis.frames;
  std::string text = fmt::format(
      "format={} algorithm={} rate={} resample={} downmix={} n_fft={} hop={} n_mels={} top_db={} amin={} "
      "min_rise={} window={} window_hop={} chroma={},{},{},{}",
      kAnalysisCacheFormatVersion, kAnalysisAlgorithmVersion, p.sample_rate,
      io::to_string(p.resample_quality), io::to_string(p.downmix), f.stft.n_fft, f.stft.hop,
      f.onset_strength.n_mels, f.onset_strength.top_db, f.onset_strength.amin, f.onset_min_rise_db,
      p.analysis.windows.window_sec, p.analysis.windows.hop_sec, p.chroma.min_hz, p.chroma.max_hz,
      p.chroma.peak_range_db, p.chroma.floor);
  if (f.peak_pick) {
    const PeakPickParams& k = *f.peak_pick;
    text += fmt::format(" pick={},{},{},{},{},{},{}", k.pre_max, k.post_max, k.pre_avg, k.post_avg, k.wait,
                        k.delta, k.min_rise);
  }
  return static_cast<std::uint64_t>(XXH3_64bits(text.data(), text.size()));
}

AnalysisCache::AnalysisCache(std::filesystem::path dir, io::ExportRoot root)
    : dir_(std::move(dir)), root_(std::move(root)) {}

std::filesystem::path AnalysisCache::entry_path(std::uint64_t content_hash, std::uint64_t params_hash) const {
  return dir_ / fmt::format("{:016x}-{:016x}.agc", content_hash, params_hash);
}

std::optional<SourceFeatures> AnalysisCache::load(std::uint64_t content_hash, std::uint64_t params_hash,
                                                  double expected_rate) const {
  const std::filesystem::path path = entry_path(content_hash, params_hash);
  auto miss = [&path](std::string_view why) {
    log::debug("analysis cache: {} ignored ({}); analysing again", path.string(), why);
    return std::nullopt;
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT) return miss(std::strerror(errno));
    return std::nullopt;
  }
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return miss("cannot stat");
  const auto file_size = static_cast<std::uint64_t>(st.st_size);

  Header h{};
  if (file_size < sizeof(Header) + sizeof(Meta) || !read_exact(fd, &h, sizeof h, nullptr))
    return miss("truncated header");
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return miss("not a cache file");
  if (h.format_version != kAnalysisCacheFormatVersion) return miss("other format version");
  if (h.header_bytes != sizeof(Header)) return miss("bad header size");
  if (h.content_hash != content_hash || h.params_hash != params_hash) return miss("other file or parameters");
  if (h.payload_bytes != file_size - sizeof(Header)) return miss("truncated");

  HashState state = new_state();
  if (!state) return miss("no hash state");
  Meta m{};
  if (!read_exact(fd, &m, sizeof m, state.get())) return miss("truncated meta");
  // Every count is checked against the file size before anything is allocated from it.
  const std::uint64_t limit = file_size;
  if (m.sample_rate != expected_rate || m.channels < 1 || m.channels > 2 || m.frames == 0 ||
      m.frames > limit || m.frame_count > limit || m.onset_count > limit || m.window_count > limit ||
      m.n_fft == 0 || m.frame_hop == 0 || m.frame_count != stft_frame_count(m.frames, m.frame_hop) ||
      payload_size(m) != h.payload_bytes) {
    return miss("inconsistent sizes");
  }

  SourceFeatures f;
  f.source_rate = m.source_rate;
  f.audio.sample_rate = m.sample_rate;
  f.audio.channels.resize(m.channels);
  for (auto& ch : f.audio.channels) {
    if (!read_vector(fd, ch, m.frames, state.get())) return miss("truncated audio");
  }
  FrameFeatures& ff = f.analysis.frames;
  ff.sample_rate = m.sample_rate;
  ff.length = m.frames;
  ff.n_fft = m.n_fft;
  ff.hop = m.frame_hop;
  for (auto* v : {&ff.rms, &ff.centroid_magnitude, &ff.centroid_power, &ff.flatness, &ff.onset_strength}) {
    if (!read_vector(fd, *v, m.frame_count, state.get())) return miss("truncated frame features");
  }
  std::vector<std::uint64_t> onsets;
  if (!read_vector(fd, onsets, m.onset_count, state.get())) return miss("truncated onsets");
  ff.onset_frames.assign(onsets.begin(), onsets.end());

  WindowFeatures wf;
  for (auto* v : {&wf.rms_db, &wf.dc, &wf.crest, &wf.centroid_hz}) {
    if (!read_vector(fd, *v, m.window_count, state.get())) return miss("truncated window features");
  }
  if (!read_vector(fd, wf.onsets, m.window_count, state.get())) return miss("truncated window onsets");
  if (!read_vector(fd, f.measures, m.window_count, state.get())) return miss("truncated window measures");
  if (static_cast<std::uint64_t>(XXH3_64bits_digest(state.get())) != h.payload_checksum)
    return miss("checksum mismatch");

  WindowGrid grid;
  grid.sample_rate = m.sample_rate;
  grid.length = m.frames;
  grid.window = m.window;
  grid.hop = m.window_hop;
  grid.count = m.window_count;
  f.analysis.windows = WindowAnalysis::from_parts(grid, std::move(wf));
  std::copy(std::begin(m.chroma), std::end(m.chroma), f.chroma.begin());
  return f;
}

Status AnalysisCache::store(std::uint64_t content_hash, std::uint64_t params_hash,
                            const SourceFeatures& f) const {
  const FrameFeatures& ff = f.analysis.frames;
  const WindowGrid& grid = f.analysis.windows.grid();
  const WindowFeatures& wf = f.analysis.windows.features();
  Meta m{};
  m.source_rate = f.source_rate;
  m.sample_rate = f.audio.sample_rate;
  m.channels = f.audio.channel_count();
  m.frames = f.audio.frames();
  m.n_fft = ff.n_fft;
  m.frame_hop = ff.hop;
  m.frame_count = ff.frame_count();
  m.onset_count = ff.onset_frames.size();
  m.window = grid.window;
  m.window_hop = grid.hop;
  m.window_count = grid.count;
  std::copy(f.chroma.begin(), f.chroma.end(), std::begin(m.chroma));

  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.format_version = kAnalysisCacheFormatVersion;
  h.header_bytes = sizeof(Header);
  h.content_hash = content_hash;
  h.params_hash = params_hash;
  h.payload_bytes = payload_size(m);

  const std::filesystem::path requested = entry_path(content_hash, params_hash);
  auto target = io::prepare_write(requested, sizeof(Header) + h.payload_bytes, root_);
  if (!target) return target.error();
  const std::filesystem::path& path = *target;
  return io::write_file_atomically(path, [&](int fd) -> Status {
    HashState state = new_state();
    if (!state) return Error(ErrorKind::kProcessing, "Could not start a checksum", {{"file", path.string()}});
    // The header goes last, once the checksum is known; its place is reserved first.
    if (auto s = write_exact(fd, &h, sizeof h, nullptr, path); !s) return s;
    if (auto s = write_exact(fd, &m, sizeof m, state.get(), path); !s) return s;
    for (const auto& ch : f.audio.channels) {
      if (auto s = write_vector(fd, ch, state.get(), path); !s) return s;
    }
    for (const auto* v :
         {&ff.rms, &ff.centroid_magnitude, &ff.centroid_power, &ff.flatness, &ff.onset_strength}) {
      if (auto s = write_vector(fd, *v, state.get(), path); !s) return s;
    }
    const std::vector<std::uint64_t> onsets(ff.onset_frames.begin(), ff.onset_frames.end());
    if (auto s = write_vector(fd, onsets, state.get(), path); !s) return s;
    for (const auto* v : {&wf.rms_db, &wf.dc, &wf.crest, &wf.centroid_hz}) {
      if (auto s = write_vector(fd, *v, state.get(), path); !s) return s;
    }
    if (auto s = write_vector(fd, wf.onsets, state.get(), path); !s) return s;
    if (auto s = write_vector(fd, f.measures, state.get(), path); !s) return s;
    h.payload_checksum = static_cast<std::uint64_t>(XXH3_64bits_digest(state.get()));
    if (::pwrite(fd, &h, sizeof h, 0) != static_cast<ssize_t>(sizeof h)) {
      return io::error_from_errno(errno, path, "write the analysis cache");
    }
    return Ok{};
  });
}

}  // namespace afterglow::analysis
