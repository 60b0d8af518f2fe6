// `afterglow render` and the two tool phases: the default render of a scene with a drum and a field
// recording writes no drum slices and no room tone (a config renders what it always did); asked for
// with --phases, they land in drums/ and silences/, after the texture phases in the manifest.

#include <gtest/gtest.h>
#include <sndfile.h>

#include <filesystem>
#include <string>

#include "afterglow/render/manifest_reader.h"
#include "support/archive_fixtures.h"
#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

fs::path write_scene(const test::TempDir& dir) {
  const test::DrumLoop loop = test::drum_loop(44100.0);
  const test::RoomToneRecording rec = test::room_tone_recording(44100.0);
  fs::create_directories(dir / "scene");
  test::write_fixture(dir / "scene/kit.wav", {loop.audio}, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
  test::write_fixture(dir / "scene/take.wav", {rec.audio}, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
  return dir.write("scene/scene.yaml",
                   "global:\n  sample_rate: 44100\n  output_bit_depth: 24\n  target_peak_dbfs: -1.0\n"
                   "sources:\n  - {path: kit.wav, role: drums}\n  - {path: take.wav, role: source}\n"
                   "hiss:\n  hiss_loops_per_source: 1\n  flicker_count: 1\n");
}

TEST(RenderPhases, TheDefaultRenderWritesNoDrumSlicesNorRoomTone) {
  test::TempDir dir;
  const fs::path scene = write_scene(dir);
  const auto r = test::run_afterglow(
      {"render", "--scene", scene.string(), "--out", (dir / "out").string(), "--layout", "afterglow"},
      test::within_export_root(dir.path()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(dir / "out/kit/drums"));
  EXPECT_FALSE(fs::exists(dir / "out/take/silences"));
  EXPECT_EQ(r.out.find("roomtone"), std::string::npos) << r.out;
  auto manifest = render::read_manifest(dir / "out/manifest.csv");
  ASSERT_TRUE(manifest.ok());
  for (const auto& c : manifest->columns) EXPECT_NE(c, "source_start_sec") << "no new column by default";
}

TEST(RenderPhases, DrumsAndRoomToneOnRequestAfterTheTexturePhases) {
  test::TempDir dir;
  const fs::path scene = write_scene(dir);
  const auto r = test::run_afterglow({"render", "--scene", scene.string(), "--out", (dir / "out").string(),
                                      "--phases", "hiss,drums,roomtone"},
                                     test::within_export_root(dir.path()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(fs::exists(dir / "out/kit/drums/kit_drum_001.wav"));
  EXPECT_TRUE(fs::exists(dir / "out/take/silences/take_silence_001.wav"));
  EXPECT_FALSE(fs::exists(dir / "out/kit/silences")) << "room tone does not read drum sources";
  EXPECT_FALSE(fs::exists(dir / "out/take/drums")) << "drum slicing does not read `source` recordings";
  EXPECT_TRUE(fs::exists(dir / "out/ROLAND/TR-8S/SAMPLE/AFTERGLOW/DRUMS"));
  EXPECT_TRUE(fs::exists(dir / "out/ROLAND/TR-8S/SAMPLE/AFTERGLOW/ROOMTONE"));
  auto manifest = render::read_manifest(dir / "out/manifest.csv");
  ASSERT_TRUE(manifest.ok());
  // Save order: hiss, then drums, then room tone.
  std::string order;
  for (const auto& row : manifest->rows) {
    const std::string type = render::cell(row, "type").value_or("?");
    if (order.empty() || order.back() != type[0]) order += type[0];
  }
  EXPECT_EQ(order, "hds") << "hiss rows, then drum rows, then silence rows";
}

}  // namespace
}  // namespace afterglow
