// The recording file (issue 6, acceptance 4): its header is valid after every update, so a copy taken
// mid-recording (what a killed process leaves) reads back everything up to the last update; a full
// disk fails with kDiskFull and still leaves a readable file of what was written.
#include "afterglow/io/streaming_wav.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <vector>

#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::io {
namespace {

namespace fs = std::filesystem;

std::vector<float> ramp(std::size_t frames, float offset) {
  std::vector<float> x(2 * frames);
  for (std::size_t i = 0; i < frames; ++i) {
    x[2 * i] = offset + static_cast<float>(i) * 1e-6f;
    x[2 * i + 1] = -x[2 * i];
  }
  return x;
}

TEST(StreamingWav, ACopyTakenMidRecordingHoldsEverythingUpToTheLastHeaderUpdate) {
  test::TempDir dir;
  const fs::path path = dir.path() / "session.wav";
  auto w = StreamingWavWriter::create(path, {48000.0, 2, {}});
  ASSERT_TRUE(w.ok()) << w.error().what();
  const auto first = ramp(48000, 0.1f);
  ASSERT_TRUE((*w)->write(first).ok());
  ASSERT_TRUE((*w)->update_header().ok());
  ASSERT_TRUE((*w)->write(ramp(1000, 0.2f)).ok());  // after the update: lost if killed now
  fs::copy_file(path, dir.path() / "killed.wav");

  const test::RawAudio killed = test::read_fixture(dir.path() / "killed.wav");
  EXPECT_EQ(killed.info.frames, 48000);
  EXPECT_EQ(killed.info.format & SF_FORMAT_SUBMASK, SF_FORMAT_FLOAT);
  EXPECT_EQ(test::read_bytes(dir.path() / "killed.wav").substr(0, 4), "RIFF") << "RIFF while under 4 GB";
  ASSERT_EQ(killed.channels.size(), 2u);
  for (std::size_t i = 0; i < 48000; i += 997) {
    ASSERT_EQ(killed.channels[0][i], first[2 * i]);
    ASSERT_EQ(killed.channels[1][i], first[2 * i + 1]);
  }

  ASSERT_TRUE((*w)->close().ok());
  EXPECT_EQ((*w)->frames(), 49000u);
  const test::RawAudio done = test::read_fixture(path);
  EXPECT_EQ(done.info.frames, 49000);
  EXPECT_FLOAT_EQ(done.channels[0][48000], 0.2f);
}

TEST(StreamingWav, AFullDiskIsKDiskFullAndKeepsWhatWasWritten) {
  test::TempDir dir;
  const fs::path path = dir.path() / "session.wav";
  StreamingWavOptions o{48000.0, 2, [](std::uint64_t written) { return written > 200000 ? ENOSPC : 0; }};
  auto w = StreamingWavWriter::create(path, o);
  ASSERT_TRUE(w.ok()) << w.error().what();
  Status status = Ok{};
  int writes = 0;
  while (status.ok() && writes < 100) {
    status = (*w)->write(ramp(4800, 0.1f));
    if (status.ok()) status = (*w)->update_header();
    ++writes;
  }
  ASSERT_FALSE(status.ok()) << "the disk filled";
  EXPECT_EQ(status.error().kind(), ErrorKind::kDiskFull) << status.error().what();
  EXPECT_NE(status.error().message().find("disk is full"), std::string::npos) << status.error().message();
  EXPECT_FALSE((*w)->write(ramp(10, 0.1f)).ok()) << "no more audio after a failure";
  (void)(*w)->close();
  const test::RawAudio kept = test::read_fixture(path);
  EXPECT_EQ(kept.info.frames, 4800 * (writes - 1)) << "every write before the failing one is readable";
}

TEST(StreamingWav, AFolderThatDoesNotExistIsAClearError) {
  test::TempDir dir;
  auto w = StreamingWavWriter::create(dir.path() / "missing" / "session.wav", {48000.0, 2, {}});
  ASSERT_FALSE(w.ok());
  EXPECT_NE(std::string(w.error().what()).find("missing"), std::string::npos) << w.error().what();
  EXPECT_FALSE(StreamingWavWriter::create(dir.path() / "x.wav", {48000.0, 3, {}}).ok());
}

}  // namespace
}  // namespace afterglow::io
