// Reference §13.1 loading cases, each mapped to a test below:
//   zero-byte .wav -> none, no exception               ZeroByteFileIsADecodeError
//   10-byte truncated RIFF header -> none               TruncatedRiffHeaderIsADecodeError
//   text file named .wav -> none                        TextFileNamedWavIsADecodeError
//   non-existent path -> none                           MissingFileIsNotFound
//   symlink to a valid WAV -> succeeds                  SymlinkToValidWavLoads
//   NaN or Inf in decoded audio -> rejected             NanSamplesAreRejectedWithFrame, InfSamples…
// And from issue 2: unreadable file, zero frames, absurd channel counts, every supported format.
#include "afterglow/io/audio_reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "io_test_util.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::io {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expect_error(const Result<AudioBuffer>& r, ErrorKind kind, const fs::path& file) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), kind) << r.error().what();
  EXPECT_EQ(r.error().context_value("file"), file.string());
  EXPECT_TRUE(contains(r.error().message(), file.string())) << r.error().message();
}

TEST(AudioReader, ReadsMono16BitWav) {
  TempDir dir;
  const auto path = dir / "mono.wav";
  const auto x = test::sine(440.0, 0.5, 4410);
  test::write_fixture(path, {x}, 44100);
  auto r = read_audio(path);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->sample_rate, 44100.0);
  ASSERT_EQ(r->channel_count(), 1u);
  ASSERT_EQ(r->frames(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(r->channels[0][i], x[i], 1.0 / 32767.0);
}

TEST(AudioReader, ReadsStereoAsPlanarChannels) {
  TempDir dir;
  const auto path = dir / "stereo.wav";
  test::write_fixture(path, {std::vector<float>(100, 0.25f), std::vector<float>(100, -0.5f)}, 48000,
                      SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  auto r = read_audio(path);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->sample_rate, 48000.0);
  ASSERT_EQ(r->channel_count(), 2u);
  EXPECT_EQ(r->channels[0][50], 0.25f);
  EXPECT_EQ(r->channels[1][50], -0.5f);
}

struct FormatCase {
  const char* name;
  int format;
};

class AudioReaderFormats : public ::testing::TestWithParam<FormatCase> {};

TEST_P(AudioReaderFormats, DecodesTheFormat) {
  const auto& param = GetParam();
  SF_INFO probe{};
  probe.samplerate = 44100;
  probe.channels = 2;
  probe.format = param.format;
  if (!sf_format_check(&probe)) GTEST_SKIP() << "this libsndfile cannot write " << param.name;
  TempDir dir;
  const auto path = dir / (std::string("file.") + param.name);
  const auto x = test::sine(440.0, 0.5, 44100);
  test::write_fixture(path, {x, x}, 44100, param.format);
  auto r = read_audio(path);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->channel_count(), 2u);
  EXPECT_NEAR(static_cast<double>(r->frames()), 44100.0, 2000.0);  // lossy codecs may pad
  double peak = 0.0;
  for (float v : r->channels[0]) peak = std::max(peak, std::fabs(static_cast<double>(v)));
  EXPECT_NEAR(peak, 0.5, 0.05);
}

INSTANTIATE_TEST_SUITE_P(Formats, AudioReaderFormats,
                         ::testing::Values(FormatCase{"wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24},
                                           FormatCase{"aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16},
                                           FormatCase{"flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16},
                                           FormatCase{"ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS},
                                           FormatCase{"mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AudioReader, ZeroByteFileIsADecodeError) {
  TempDir dir;
  const auto path = dir.write("empty.wav", "");
  expect_error(read_audio(path), ErrorKind::kDecode, path);
}

TEST(AudioReader, TruncatedRiffHeaderIsADecodeError) {
  TempDir dir;
  const auto path = dir.write("truncated.wav", std::string("RIFF\0\0\0\0WA", 10));
  ASSERT_EQ(fs::file_size(path), 10u);
  expect_error(read_audio(path), ErrorKind::kDecode, path);
}

TEST(AudioReader, TextFileNamedWavIsADecodeError) {
  TempDir dir;
  const auto path = dir.write("notes.wav", "These are my session notes, not audio.\n");
  auto r = read_audio(path);
  expect_error(r, ErrorKind::kDecode, path);
  EXPECT_TRUE(contains(r.error().message(), "damaged")) << r.error().message();
}

TEST(AudioReader, MissingFileIsNotFound) {
  TempDir dir;
  expect_error(read_audio(dir / "nope.wav"), ErrorKind::kNotFound, dir / "nope.wav");
  expect_error(read_audio(dir / "no-folder" / "nope.wav"), ErrorKind::kNotFound,
               dir / "no-folder" / "nope.wav");
}

TEST(AudioReader, FolderIsADecodeError) {
  TempDir dir;
  fs::create_directory(dir / "folder.wav");
  expect_error(read_audio(dir / "folder.wav"), ErrorKind::kDecode, dir / "folder.wav");
}

TEST(AudioReader, SymlinkToValidWavLoads) {
  TempDir dir;
  test::write_fixture(dir / "real.wav", {test::sine(220.0, 0.3, 1000)}, 44100);
  fs::create_symlink(dir / "real.wav", dir / "link.wav");
  auto r = read_audio(dir / "link.wav");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->frames(), 1000u);
}

TEST(AudioReader, UnreadableFileIsAPermissionError) {
  TempDir dir;
  const auto path = dir / "locked.wav";
  test::write_fixture(path, {test::sine(220.0, 0.3, 1000)}, 44100);
  fs::permissions(path, fs::perms::none);
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  // As root the permission bits would not stop us, so the read runs as an unprivileged user.
  const auto code = testing::run_unprivileged([&] {
    auto r = read_audio(path);
    if (r.ok()) return 1;
    if (r.error().kind() != ErrorKind::kPermission) return 2;
    if (r.error().context_value("file") != path.string()) return 3;
    return 0;
  });
  if (!code) GTEST_SKIP() << "could not run the read as an unprivileged user (setuid failed)";
  EXPECT_EQ(*code, 0) << "1: read succeeded, 2: wrong error kind, 3: file missing from context";
}

TEST(AudioReader, NanSamplesAreRejectedWithFrame) {
  TempDir dir;
  auto x = test::sine(220.0, 0.3, 1000);
  x[123] = std::numeric_limits<float>::quiet_NaN();
  const auto path = dir / "nan.wav";
  test::write_fixture(path, {x}, 44100, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  auto r = read_audio(path);
  expect_error(r, ErrorKind::kInvalidValue, path);
  EXPECT_EQ(r.error().context_value("frame"), "123");
  EXPECT_TRUE(contains(r.error().message(), "NaN"));
}

TEST(AudioReader, InfSamplesAreRejectedWithFrame) {
  TempDir dir;
  auto left = test::sine(220.0, 0.3, 1000);
  auto right = left;
  right[77] = -std::numeric_limits<float>::infinity();
  const auto path = dir / "inf.wav";
  test::write_fixture(path, {left, right}, 44100, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  auto r = read_audio(path);
  expect_error(r, ErrorKind::kInvalidValue, path);
  EXPECT_EQ(r.error().context_value("frame"), "77");
}

TEST(AudioReader, ZeroFramesIsRejected) {
  TempDir dir;
  const auto path = dir / "zero.wav";
  test::write_fixture(path, {std::vector<float>{}}, 44100);
  ASSERT_EQ(fs::file_size(path), 44u);  // a valid header, no data
  auto r = read_audio(path);
  expect_error(r, ErrorKind::kInvalidValue, path);
  EXPECT_TRUE(contains(r.error().message(), "no audio"));
}

// A canonical PCM header whose channel field claims `channels`.
std::string wav_header(std::uint16_t channels, std::uint32_t data_bytes) {
  std::string h;
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) h.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  auto u16 = [&](std::uint16_t v) {
    h.push_back(static_cast<char>(v & 0xff));
    h.push_back(static_cast<char>(v >> 8));
  };
  h += "RIFF";
  u32(36 + data_bytes);
  h += "WAVEfmt ";
  u32(16);
  u16(1);
  u16(channels);
  u32(44100);
  u32(44100u * channels * 2u);
  u16(static_cast<std::uint16_t>(channels * 2));
  u16(16);
  h += "data";
  u32(data_bytes);
  return h;
}

TEST(AudioReader, AbsurdChannelCountIsRejected) {
  TempDir dir;
  for (std::uint16_t channels : {std::uint16_t{200}, std::uint16_t{5000}, std::uint16_t{65535}}) {
    const auto name = "channels" + std::to_string(channels) + ".wav";
    const auto path = dir.write(name, wav_header(channels, 0) + std::string(channels * 8u, '\0'));
    auto r = read_audio(path);
    expect_error(r, ErrorKind::kDecode, path);
  }
  // Within libsndfile's limits but beyond ours: the message names the count.
  const auto path = dir.write("c100.wav", wav_header(100, 100 * 2 * 4) + std::string(100 * 2 * 4, '\0'));
  auto r = read_audio(path);
  expect_error(r, ErrorKind::kDecode, path);
  EXPECT_TRUE(contains(r.error().message(), "100 channels")) << r.error().message();
}

TEST(AudioReader, ExtraChannelsKeepFirstTwoByDefault) {
  TempDir dir;
  const auto path = dir / "surround.wav";
  test::write_fixture(
      path, {std::vector<float>(10, 0.1f), std::vector<float>(10, 0.2f), std::vector<float>(10, 0.6f)}, 44100,
      SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  auto kept = read_audio(path);
  ASSERT_TRUE(kept.ok()) << kept.error().what();
  ASSERT_EQ(kept->channel_count(), 2u);
  EXPECT_EQ(kept->channels[0][0], 0.1f);
  EXPECT_EQ(kept->channels[1][0], 0.2f);

  auto mixed = read_audio(path, ReadOptions{ExtraChannels::kMixToMono});
  ASSERT_TRUE(mixed.ok());
  ASSERT_EQ(mixed->channel_count(), 1u);
  EXPECT_NEAR(mixed->channels[0][0], 0.3f, 1e-7);
}

TEST(AudioReader, LongFileReadsAcrossChunks) {
  TempDir dir;
  const auto path = dir / "long.wav";
  const auto x = test::uniform_noise(0.9, 100003, 9);
  test::write_fixture(path, {x}, 44100, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  auto r = read_audio(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->frames(), x.size());
  EXPECT_EQ(r->channels[0], x);  // float WAV: bit-exact
}

}  // namespace
}  // namespace afterglow::io
