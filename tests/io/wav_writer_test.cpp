// Reference §13.1/§13.2 saving cases, each mapped to a test below:
//   nested non-existent folders -> created, success         CreatesNestedFolders
//   read-only folder -> permission/filesystem error         ReadOnlyFolderIsAPermissionError
//   100 files of 1 s 16-bit written and read back           HundredOneSecondFilesRoundTrip
//   bit_depth 32 -> error mentioning bit_depth, no file     InvalidInputCreatesNothing
//   bit_depth 16/24 accepted, subtype PCM_16/PCM_24          SubtypeMatchesBitDepth
//   empty / NaN / Inf -> error, no file                      InvalidInputCreatesNothing
// Plus §11.2 rounding (exact codes parsed from the file bytes), the 44-byte header, clipping counts,
// dither determinism, and atomicity (failure mid-write, a killed writer, an existing target kept).
#include "afterglow/io/wav_writer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>

#include "afterglow/core/log.h"
#include "afterglow/io/audio_reader.h"
#include "io_test_util.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::io {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using testing::mono;
using testing::stereo;

WavWriteOptions exact(int bit_depth) {
  WavWriteOptions o;
  o.bit_depth = bit_depth;
  o.dither = false;
  return o;
}

// Sample codes parsed straight from the bytes after a 44-byte canonical header.
std::vector<int> pcm_codes(const fs::path& path, int bit_depth) {
  const std::string bytes = test::read_bytes(path);
  std::vector<int> codes;
  const std::size_t width = static_cast<std::size_t>(bit_depth / 8);
  for (std::size_t i = 44; i + width <= bytes.size(); i += width) {
    std::uint32_t v = 0;
    for (std::size_t b = 0; b < width; ++b)
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + b])) << (8 * b);
    const std::uint32_t sign = 1u << (8 * width - 1);
    codes.push_back(
        static_cast<int>(v & sign ? static_cast<std::int64_t>(v) - (std::int64_t{1} << (8 * width)) : v));
  }
  return codes;
}

std::uint32_t le32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}
std::uint16_t le16(const std::string& b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1])
                                                                            << 8);
}

const std::vector<float> kEdges = {1.0f, -1.0f, 0.5f, -0.5f, 0.0f, 1e-5f, 2e-5f, -2e-5f, 1e-7f, -1e-7f};

TEST(WavWriter, Pcm16CodesFollowTheRoundingRule) {
  TempDir dir;
  auto r = write_wav(dir / "edges16.wav", mono(kEdges), exact(16), ExportRoot(dir.path()));
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(pcm_codes(dir / "edges16.wav", 16),
            (std::vector<int>{32767, -32767, 16384, -16384, 0, 0, 1, -1, 0, 0}));
  EXPECT_EQ(r->clipped_samples, 0u);
}

TEST(WavWriter, Pcm24CodesFollowTheRoundingRule) {
  TempDir dir;
  auto r = write_wav(dir / "edges24.wav", mono(kEdges), exact(24), ExportRoot(dir.path()));
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(pcm_codes(dir / "edges24.wav", 24),
            (std::vector<int>{8388607, -8388608, 4194304, -4194304, 0, 83, 167, -168, 0, -1}));
}

TEST(WavWriter, ValuesPastFullScaleAreClippedAndCounted) {
  TempDir dir;
  log::ScopedCapture capture;
  const std::vector<float> x = {1.0001f, -1.0001f, 1.5f, -3.0f, 1.0f, -1.0f, 0.2f};
  auto r16 = write_wav(dir / "c16.wav", mono(x), exact(16), ExportRoot(dir.path()));
  ASSERT_TRUE(r16.ok());
  EXPECT_EQ(r16->clipped_samples, 4u);  // exactly +-1.0 is full scale, not clipped
  EXPECT_EQ(pcm_codes(dir / "c16.wav", 16),
            (std::vector<int>{32767, -32768, 32767, -32768, 32767, -32767, 6553}));
  auto r24 = write_wav(dir / "c24.wav", mono(x), exact(24), ExportRoot(dir.path()));
  ASSERT_TRUE(r24.ok());
  EXPECT_EQ(r24->clipped_samples, 4u);
  const auto codes = pcm_codes(dir / "c24.wav", 24);
  EXPECT_EQ(std::vector<int>(codes.begin(), codes.begin() + 4),
            (std::vector<int>{8388607, -8388608, 8388607, -8388608}));
  EXPECT_EQ(capture.count(log::Level::kWarning), 2);
  EXPECT_NE(capture.text().find("4 samples beyond full scale were clipped"), std::string::npos)
      << capture.text();
}

TEST(WavWriter, CanonicalHeaderForEveryShape) {
  TempDir dir;
  for (int depth : {16, 24}) {
    for (std::size_t channels : {1u, 2u}) {
      const auto path = dir / ("h" + std::to_string(depth) + "_" + std::to_string(channels) + ".wav");
      AudioBuffer audio(48000.0, channels, 100);
      ASSERT_TRUE(write_wav(path, audio, exact(depth), ExportRoot(dir.path())).ok());
      const std::string b = test::read_bytes(path);
      const std::size_t data = 100 * channels * static_cast<std::size_t>(depth / 8);
      ASSERT_EQ(b.size(), 44 + data) << path;
      EXPECT_EQ(b.substr(0, 4), "RIFF");
      EXPECT_EQ(le32(b, 4), 36 + data);
      EXPECT_EQ(b.substr(8, 8), "WAVEfmt ");
      EXPECT_EQ(le32(b, 16), 16u);
      EXPECT_EQ(le16(b, 20), 1u);  // PCM
      EXPECT_EQ(le16(b, 22), channels);
      EXPECT_EQ(le32(b, 24), 48000u);
      EXPECT_EQ(le16(b, 34), depth);
      EXPECT_EQ(b.substr(36, 4), "data");
      EXPECT_EQ(le32(b, 40), data);
    }
  }
}

TEST(WavWriter, SubtypeMatchesBitDepth) {
  TempDir dir;
  ASSERT_TRUE(write_wav(dir / "a.wav", mono({0.1f, 0.2f}), exact(16), ExportRoot(dir.path())).ok());
  ASSERT_TRUE(write_wav(dir / "b.wav", mono({0.1f, 0.2f}), exact(24), ExportRoot(dir.path())).ok());
  EXPECT_EQ(test::read_fixture(dir / "a.wav").info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  EXPECT_EQ(test::read_fixture(dir / "b.wav").info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
}

TEST(WavWriter, StereoRoundTripsThroughTheReader) {
  TempDir dir;
  const auto left = test::sine(440.0, 0.6, 4410);
  const auto right = test::sine(880.0, 0.4, 4410);
  ASSERT_TRUE(write_wav(dir / "s.wav", stereo(left, right), exact(24), ExportRoot(dir.path())).ok());
  auto back = read_audio(dir / "s.wav");
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->channel_count(), 2u);
  for (std::size_t i = 0; i < left.size(); ++i) {
    ASSERT_NEAR(back->channels[0][i], left[i], 1.0 / 8388608.0);
    ASSERT_NEAR(back->channels[1][i], right[i], 1.0 / 8388608.0);
  }
}

TEST(WavWriter, DitherOffIsDeterministicAndDitherOnIsSeeded) {
  TempDir dir;
  const auto x = test::sine(440.0, 0.3, 20000);
  const ExportRoot root(dir.path());
  ASSERT_TRUE(write_wav(dir / "off1.wav", mono(x), exact(16), root).ok());
  ASSERT_TRUE(write_wav(dir / "off2.wav", mono(x), exact(16), root).ok());
  EXPECT_EQ(test::read_bytes(dir / "off1.wav"), test::read_bytes(dir / "off2.wav"));

  WavWriteOptions on;
  on.bit_depth = 16;
  on.dither_seed = 11;
  ASSERT_TRUE(write_wav(dir / "on1.wav", mono(x), on, root).ok());
  ASSERT_TRUE(write_wav(dir / "on2.wav", mono(x), on, root).ok());
  on.dither_seed = 12;
  ASSERT_TRUE(write_wav(dir / "on3.wav", mono(x), on, root).ok());
  EXPECT_EQ(test::read_bytes(dir / "on1.wav"), test::read_bytes(dir / "on2.wav"));
  EXPECT_NE(test::read_bytes(dir / "on1.wav"), test::read_bytes(dir / "on3.wav"));
  EXPECT_NE(test::read_bytes(dir / "on1.wav"), test::read_bytes(dir / "off1.wav"));

  const auto plain = pcm_codes(dir / "off1.wav", 16);
  const auto dithered = pcm_codes(dir / "on1.wav", 16);
  ASSERT_EQ(plain.size(), dithered.size());
  std::size_t changed = 0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    ASSERT_LE(std::abs(plain[i] - dithered[i]), 1) << "frame " << i;
    changed += plain[i] != dithered[i];
  }
  EXPECT_GT(changed, plain.size() / 10);  // dither is really applied
}

TEST(WavWriter, DitherIsOnByDefaultFor16BitOnly) {
  TempDir dir;
  const auto x = test::sine(440.0, 0.3, 5000);
  const ExportRoot root(dir.path());
  WavWriteOptions d16;
  d16.bit_depth = 16;
  ASSERT_TRUE(write_wav(dir / "d16.wav", mono(x), d16, root).ok());
  ASSERT_TRUE(write_wav(dir / "p16.wav", mono(x), exact(16), root).ok());
  EXPECT_NE(test::read_bytes(dir / "d16.wav"), test::read_bytes(dir / "p16.wav"));
  ASSERT_TRUE(write_wav(dir / "d24.wav", mono(x), WavWriteOptions{}, root).ok());
  ASSERT_TRUE(write_wav(dir / "p24.wav", mono(x), exact(24), root).ok());
  EXPECT_EQ(test::read_bytes(dir / "d24.wav"), test::read_bytes(dir / "p24.wav"));
}

TEST(WavWriter, InvalidInputCreatesNothing) {
  TempDir dir;
  const ExportRoot root(dir.path());
  const auto target = dir / "new" / "nested" / "x.wav";
  struct Case {
    const char* what;
    AudioBuffer audio;
    int bit_depth;
    const char* mentions;
  };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<Case> cases = {
      {"empty", mono({}), 24, "empty"},
      {"no channels", AudioBuffer{}, 24, "empty"},
      {"NaN", mono({0.1f, nan}), 24, "NaN"},
      {"Inf", mono({0.1f, -inf}), 16, "Inf"},
      {"bit depth 32", mono({0.1f}), 32, "bit_depth"},
      {"bit depth 8", mono({0.1f}), 8, "bit_depth"},
      {"three channels", AudioBuffer(44100.0, 3, 10), 24, "channels"},
      {"ragged", stereo({0.1f, 0.2f}, {0.1f}), 24, "length"},
      {"rate 0", mono({0.1f}, 0.0), 24, "sample rate"},
  };
  for (const auto& c : cases) {
    auto r = write_wav(target, c.audio, exact(c.bit_depth), root);
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidValue) << c.what;
    EXPECT_NE(r.error().message().find(c.mentions), std::string::npos)
        << c.what << ": " << r.error().message();
  }
  EXPECT_FALSE(fs::exists(dir / "new"));  // not even the folder
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(WavWriter, NanErrorNamesTheFrame) {
  TempDir dir;
  auto r = write_wav(dir / "x.wav",
                     stereo({0.1f, 0.2f, 0.3f}, {0.0f, 0.0f, std::numeric_limits<float>::quiet_NaN()}),
                     exact(24), ExportRoot(dir.path()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().context_value("frame"), "2");
}

TEST(WavWriter, CreatesNestedFolders) {
  TempDir dir;
  auto r = write_wav(dir / "a" / "b" / "c" / "x.wav", mono({0.1f, 0.2f}), exact(16), ExportRoot(dir.path()));
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_TRUE(fs::is_regular_file(dir / "a" / "b" / "c" / "x.wav"));
  EXPECT_EQ(r->path, dir / "a" / "b" / "c" / "x.wav");
}

TEST(WavWriter, ReadOnlyFolderIsAPermissionError) {
  TempDir dir;
  fs::create_directory(dir / "ro");
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                  fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  // Root ignores permission bits, so the write runs as an unprivileged user.
  const auto code = testing::run_unprivileged([&] {
    auto r = write_wav(dir / "ro" / "x.wav", mono({0.1f, 0.2f}), exact(16), ExportRoot(dir.path()));
    if (r.ok()) return 1;
    if (r.error().kind() != ErrorKind::kPermission) return 2;
    return 0;
  });
  if (!code) GTEST_SKIP() << "could not run the write as an unprivileged user (setuid failed)";
  EXPECT_EQ(*code, 0) << "1: the write succeeded, 2: wrong error kind";
  EXPECT_TRUE(fs::is_empty(dir / "ro"));
}

TEST(WavWriter, HundredOneSecondFilesRoundTrip) {
  TempDir dir;
  const ExportRoot root(dir.path());
  for (int i = 0; i < 100; ++i) {
    const auto x = test::sine(100.0 + i * 10.0, 0.5, 44100);
    auto r = write_wav(dir / "batch" / ("f" + std::to_string(i) + ".wav"), mono(x), exact(16), root);
    ASSERT_TRUE(r.ok()) << i << ": " << r.error().what();
  }
  for (int i = 0; i < 100; ++i) {
    auto r = read_audio(dir / "batch" / ("f" + std::to_string(i) + ".wav"));
    ASSERT_TRUE(r.ok()) << i;
    ASSERT_EQ(r->frames(), 44100u);
    const auto x = test::sine(100.0 + i * 10.0, 0.5, 44100);
    ASSERT_NEAR(r->channels[0][1000], x[1000], 1.0 / 32767.0);
  }
  EXPECT_EQ(test::list_files(dir / "batch").size(), 100u);
}

TEST(WavWriter, OverwritesAnExistingFileAtomically) {
  TempDir dir;
  const ExportRoot root(dir.path());
  ASSERT_TRUE(write_wav(dir / "x.wav", mono({0.1f, 0.2f}), exact(16), root).ok());
  ASSERT_TRUE(write_wav(dir / "x.wav", mono({0.5f, 0.5f, 0.5f}), exact(16), root).ok());
  EXPECT_EQ(pcm_codes(dir / "x.wav", 16), (std::vector<int>{16384, 16384, 16384}));
  EXPECT_EQ(test::list_files(dir.path()), std::vector<std::string>{"x.wav"});
}

struct FaultCase {
  int err;
  ErrorKind kind;
};

class WavWriterFaults : public ::testing::TestWithParam<FaultCase> {};

TEST_P(WavWriterFaults, FailureMidWriteKeepsTheOldFileAndLeavesNoTemporary) {
  TempDir dir;
  const ExportRoot root(dir.path());
  ASSERT_TRUE(write_wav(dir / "x.wav", mono({0.1f, 0.2f}), exact(16), root).ok());
  const std::string before = test::read_bytes(dir / "x.wav");

  WavWriteOptions o = exact(24);
  const int err = GetParam().err;
  o.write_fault = [err](std::uint64_t written) { return written > 20000 ? err : 0; };
  auto r = write_wav(dir / "x.wav", mono(test::sine(440.0, 0.5, 44100)), o, root);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), GetParam().kind) << r.error().what();
  EXPECT_EQ(test::read_bytes(dir / "x.wav"), before);
  EXPECT_EQ(test::list_files(dir.path()), std::vector<std::string>{"x.wav"});

  // A failure on a new name leaves nothing at all.
  auto fresh = write_wav(dir / "new.wav", mono(test::sine(440.0, 0.5, 44100)), o, root);
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(test::list_files(dir.path()), std::vector<std::string>{"x.wav"});
}

INSTANTIATE_TEST_SUITE_P(Errno, WavWriterFaults,
                         ::testing::Values(FaultCase{ENOSPC, ErrorKind::kDiskFull},
                                           FaultCase{EACCES, ErrorKind::kPermission},
                                           FaultCase{EIO, ErrorKind::kFilesystem}),
                         [](const auto& info) { return std::string(strerrorname_np(info.param.err)); });

TEST(WavWriter, KilledWriterLeavesNothingBehind) {
  TempDir dir;
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    WavWriteOptions o = exact(16);
    // The process dies half-way through the data, as on a crash or kill -9.
    o.write_fault = [](std::uint64_t written) {
      if (written > 40000) ::raise(SIGKILL);
      return 0;
    };
    (void)write_wav(dir / "x.wav", mono(test::sine(440.0, 0.5, 44100)), o, ExportRoot(dir.path()));
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer was meant to be killed mid-write";
  EXPECT_TRUE(test::list_files(dir.path()).empty());
}

}  // namespace
}  // namespace afterglow::io
