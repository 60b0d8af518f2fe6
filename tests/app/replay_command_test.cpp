// Session recording through the real binary (issue 6, acceptances 2 and 4): `afterglow live --record`
// interrupted by SIGINT leaves a complete session that `afterglow replay` reproduces sample for sample;
// killed with SIGKILL it leaves a readable WAV whose header covers all but at most the last second of
// the audio on disk, and what survived replays too.

#include <gtest/gtest.h>
#include <signal.h>
#include <sndfile.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "support/background_process.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr std::uint64_t kFrameBytes = 8;  // 32-bit float stereo

// The audio bytes on disk: everything after the data chunk's header.
std::uint64_t data_bytes_on_disk(const fs::path& wav) {
  std::ifstream in(wav, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t at = 12;  // after RIFF/RF64 size WAVE
  while (at + 8 <= bytes.size()) {
    const std::string id = bytes.substr(at, 4);
    std::uint32_t size = 0;
    for (int i = 3; i >= 0; --i) size = (size << 8) | static_cast<unsigned char>(bytes[at + 4 + i]);
    if (id == "data") return bytes.size() - (at + 8);
    at += 8 + size + (size & 1);
  }
  return 0;
}

// Frames the header declares (libsndfile's reading of it); -1 when unreadable.
std::int64_t header_frames(const fs::path& wav) {
  SF_INFO info{};
  SNDFILE* f = sf_open(wav.c_str(), SFM_READ, &info);
  if (f == nullptr) return -1;
  sf_close(f);
  return info.frames;
}

// The one session folder below `export_dir`, once its session.wav holds `seconds` of audio.
fs::path wait_for_recording(const fs::path& export_dir, double seconds, test::BackgroundProcess& live) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && live.running()) {
    if (fs::exists(export_dir / "sessions")) {
      for (const auto& entry : fs::directory_iterator(export_dir / "sessions")) {
        const fs::path wav = entry.path() / "session.wav";
        if (fs::exists(wav) && data_bytes_on_disk(wav) >= static_cast<std::uint64_t>(seconds * 48000) * kFrameBytes)
          return entry.path();
      }
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  return {};
}

std::vector<std::string> live_args(const fs::path& export_dir) {
  return {"live", "--backend", "offline", "--record", "--no-status", "--scene",
          (fs::path(AFTERGLOW_SOURCE_DIR) / "scenes" / "default.yaml").string(), "--out", export_dir.string()};
}

TEST(ReplayCommand, SigintFinishesTheTakeAndReplayReproducesIt) {
  test::TempDir dir;
  const fs::path export_dir = dir / "export";
  test::BackgroundProcess live(AFTERGLOW_BINARY, live_args(export_dir), dir / "live.log");
  const fs::path session = wait_for_recording(export_dir, 2.5, live);
  ASSERT_FALSE(session.empty()) << live.log_text();
  ASSERT_EQ(::kill(live.pid(), SIGINT), 0);
  EXPECT_EQ(live.wait(milliseconds(20000)), 0) << live.log_text();

  const fs::path wav = session / "session.wav";
  const std::int64_t frames = header_frames(wav);
  EXPECT_GE(frames, static_cast<std::int64_t>(2.5 * 48000));
  EXPECT_EQ(static_cast<std::uint64_t>(frames) * kFrameBytes, data_bytes_on_disk(wav))
      << "a clean stop leaves a header that covers every frame";
  std::ifstream json(session / "session.json");
  const std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"complete\": true"), std::string::npos) << text;
  EXPECT_NE(text.find("\"stopped_by\": \"shutdown\""), std::string::npos) << text;

  const test::ProcessResult replay = test::run_afterglow({"replay", session.string()});
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("identical to session.wav"), std::string::npos) << replay.out;
  EXPECT_EQ(header_frames(session / "replay.wav"), frames);

  // The comparison can fail: a session.wav that is not the take is reported as different, exit 1.
  {
    SF_INFO info{};
    SNDFILE* f = sf_open(wav.c_str(), SFM_RDWR, &info);
    ASSERT_NE(f, nullptr);
    sf_seek(f, info.frames / 2, SEEK_SET);
    const float louder[2] = {0.5f, -0.5f};
    sf_writef_float(f, louder, 1);
    sf_close(f);
  }
  const test::ProcessResult tampered = test::run_afterglow({"replay", session.string(), "--out", (dir / "r2.wav").string()});
  EXPECT_EQ(tampered.exit_code, 1) << tampered.out << tampered.err;
  EXPECT_NE(tampered.out.find("differs from session.wav from frame"), std::string::npos) << tampered.out;
}

TEST(ReplayCommand, SigkillLosesAtMostTheLastSecond) {
  test::TempDir dir;
  const fs::path export_dir = dir / "export";
  test::BackgroundProcess live(AFTERGLOW_BINARY, live_args(export_dir), dir / "live.log");
  const fs::path session = wait_for_recording(export_dir, 3.0, live);
  ASSERT_FALSE(session.empty()) << live.log_text();
  ASSERT_EQ(::kill(live.pid(), SIGKILL), 0);
  live.wait(milliseconds(5000));

  const fs::path wav = session / "session.wav";
  const std::int64_t frames = header_frames(wav);
  ASSERT_GT(frames, 0) << "the WAV is readable after a kill";
  const auto on_disk = static_cast<std::int64_t>(data_bytes_on_disk(wav) / kFrameBytes);
  EXPECT_GE(frames, on_disk - 48000) << "the header was at most a second behind the audio";
  EXPECT_LE(frames, on_disk);

  // What survived is still a session: the replay renders the take up to where its header ends.
  const test::ProcessResult replay = test::run_afterglow({"replay", session.string()});
  EXPECT_NE(replay.err.find("killed"), std::string::npos) << replay.err;
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("identical to session.wav"), std::string::npos) << replay.out;
}

TEST(ReplayCommand, AFolderThatIsNotASessionExitsTwo) {
  test::TempDir dir;
  const test::ProcessResult r = test::run_afterglow({"replay", dir.path().string()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("not a recorded session"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace afterglow
