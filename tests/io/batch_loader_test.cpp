// Reference §13.1: "a batch mixing valid and empty files: 2 load, 1 returns none, and the loop
// continues" -> ValidFilesLoadAndFailuresAreReported (extended with corrupt and missing files).
#include "afterglow/io/batch_loader.h"

#include <gtest/gtest.h>

#include "afterglow/core/log.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::io {
namespace {

using test::TempDir;

TEST(BatchLoader, ValidFilesLoadAndFailuresAreReported) {
  TempDir dir;
  test::write_fixture(dir / "a.wav", {test::sine(220.0, 0.3, 1000)}, 44100);
  const auto empty = dir.write("b.wav", "");
  const auto corrupt = dir.write("c.wav", std::string("RIFF\0\0\0\0WA", 10));
  test::write_fixture(dir / "d.flac", {test::sine(330.0, 0.3, 2000)}, 48000,
                      SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
  const auto missing = dir / "e.wav";

  log::ScopedCapture capture;
  const auto result = load_batch({dir / "a.wav", empty, corrupt, dir / "d.flac", missing});

  ASSERT_EQ(result.loaded.size(), 2u);
  EXPECT_EQ(result.loaded[0].path, dir / "a.wav");
  EXPECT_EQ(result.loaded[0].audio.frames(), 1000u);
  EXPECT_EQ(result.loaded[1].path, dir / "d.flac");
  EXPECT_EQ(result.loaded[1].audio.sample_rate, 48000.0);

  ASSERT_EQ(result.failures.size(), 3u);
  EXPECT_EQ(result.failures[0].path, empty);
  EXPECT_EQ(result.failures[0].error.kind(), ErrorKind::kDecode);
  EXPECT_EQ(result.failures[1].path, corrupt);
  EXPECT_EQ(result.failures[2].error.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(result.attempted(), 5u);
  EXPECT_FALSE(result.all_ok());

  EXPECT_EQ(capture.count(log::Level::kWarning), 3);  // one warning per failure, as it happens
  EXPECT_EQ(result.summary(),
            "Loaded 2 of 5 audio files; 3 failed: b.wav (unreadable audio), c.wav (unreadable audio), "
            "e.wav (not found)");
}

TEST(BatchLoader, AllGoodAndEmptyBatches) {
  TempDir dir;
  test::write_fixture(dir / "a.wav", {test::sine(220.0, 0.3, 100)}, 44100);
  const auto one = load_batch({dir / "a.wav"});
  EXPECT_TRUE(one.all_ok());
  EXPECT_EQ(one.summary(), "Loaded 1 of 1 audio file");
  const auto none = load_batch({});
  EXPECT_EQ(none.attempted(), 0u);
  EXPECT_EQ(none.summary(), "Loaded 0 of 0 audio files");
}

TEST(BatchLoader, OptionsReachTheReader) {
  TempDir dir;
  test::write_fixture(
      dir / "three.wav",
      {std::vector<float>(10, 0.3f), std::vector<float>(10, 0.0f), std::vector<float>(10, 0.0f)}, 44100,
      SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  const auto r = load_batch({dir / "three.wav"}, ReadOptions{ExtraChannels::kMixToMono});
  ASSERT_EQ(r.loaded.size(), 1u);
  EXPECT_EQ(r.loaded[0].audio.channel_count(), 1u);
  EXPECT_NEAR(r.loaded[0].audio.channels[0][0], 0.1f, 1e-7);
}

}  // namespace
}  // namespace afterglow::io
