// `afterglow room-tone` end to end: a generated recording with three known quiet stretches amid loud
// music gives room tone only from inside them (each file's place in the source, from manifest.csv,
// lies in a stretch) and at least one file per stretch, written at the configured rate; flags override
// the scene's thresholds; bad inputs are named, exit 3.

#include <gtest/gtest.h>
#include <sndfile.h>

#include <filesystem>
#include <string>
#include <vector>

#include "afterglow/render/manifest_reader.h"
#include "support/archive_fixtures.h"
#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

constexpr int kPcm24 = SF_FORMAT_WAV | SF_FORMAT_PCM_24;

TEST(RoomToneCommand, RoomToneComesOnlyFromTheQuietStretchesAtTheConfiguredRate) {
  test::TempDir dir;
  const test::RoomToneRecording rec = test::room_tone_recording(48000.0);
  test::write_fixture(dir / "take.wav", {rec.audio}, 48000, kPcm24);
  const fs::path config = dir.write(
      "config.yaml", "global:\n  sample_rate: 48000\n  output_bit_depth: 24\n  target_peak_dbfs: -1.0\n");
  const auto r = test::run_afterglow({"room-tone", "--source", (dir / "take.wav").string(), "--config",
                                      config.string(), "--out", (dir / "out").string()},
                                     test::within_export_root(dir.path()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto manifest = render::read_manifest(dir / "out/manifest.csv");
  ASSERT_TRUE(manifest.ok()) << manifest.error().what();
  ASSERT_GE(manifest->rows.size(), 3u);
  std::vector<int> per_stretch(rec.quiet.size(), 0);
  for (const auto& row : manifest->rows) {
    const std::string name = render::cell(row, "filename").value_or("");
    EXPECT_EQ(render::cell(row, "type").value_or(""), "silence");
    const auto audio = test::read_fixture(dir / "out/take/silences" / name);
    EXPECT_EQ(audio.info.samplerate, 48000) << "the configured rate, not 44.1 kHz";
    EXPECT_EQ(audio.info.frames, static_cast<sf_count_t>(0.3 * 48000));
    const double start = std::stod(render::cell(row, "source_start_sec").value_or("-1")) * 48000.0;
    const double end = std::stod(render::cell(row, "source_end_sec").value_or("-1")) * 48000.0;
    int found = -1;
    for (std::size_t q = 0; q < rec.quiet.size(); ++q) {
      if (start >= static_cast<double>(rec.quiet[q].start) - 0.5 &&
          end <= static_cast<double>(rec.quiet[q].end) + 0.5) {
        found = static_cast<int>(q);
      }
    }
    ASSERT_GE(found, 0) << name << " [" << start << ", " << end << ") lies outside every quiet stretch";
    ++per_stretch[static_cast<std::size_t>(found)];
  }
  for (std::size_t q = 0; q < per_stretch.size(); ++q) EXPECT_GE(per_stretch[q], 1) << "stretch " << q;
}

TEST(RoomToneCommand, FlagsOverrideTheScenesThresholds) {
  test::TempDir dir;
  const test::RoomToneRecording rec = test::room_tone_recording(44100.0);
  test::write_fixture(dir / "take.wav", {rec.audio}, 44100, kPcm24);
  const fs::path scene = dir.write("scene.yaml", "room_tone:\n  max_per_file: 2\n");
  const auto two = test::run_afterglow({"room-tone", "--source", (dir / "take.wav").string(), "--scene",
                                        scene.string(), "--out", (dir / "a").string()},
                                       test::within_export_root(dir.path()));
  ASSERT_EQ(two.exit_code, 0) << two.err;
  auto manifest = render::read_manifest(dir / "a/manifest.csv");
  ASSERT_TRUE(manifest.ok());
  EXPECT_EQ(manifest->rows.size(), 2u) << "the scene's max_per_file";

  const auto none =
      test::run_afterglow({"room-tone", "--source", (dir / "take.wav").string(), "--scene", scene.string(),
                           "--max-rms-db", "-60", "--out", (dir / "b").string()},
                          test::within_export_root(dir.path()));
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.err.find("no quiet, steady stretch"), std::string::npos) << none.err;
  EXPECT_FALSE(fs::exists(dir / "b/take/silences"));

  const auto empty_range = test::run_afterglow(
      {"room-tone", "--source", (dir / "take.wav").string(), "--min-rms-db", "-40", "--max-rms-db", "-50"},
      test::within_export_root(dir.path()));
  EXPECT_EQ(empty_range.exit_code, 2);
  EXPECT_NE(empty_range.err.find("--min-rms-db"), std::string::npos) << empty_range.err;
  EXPECT_EQ(test::run_afterglow({"room-tone", "--source", (dir / "take.wav").string(), "--max-crest", "0.5"},
                                test::within_export_root(dir.path()))
                .exit_code,
            2);
}

TEST(RoomToneCommand, TheKitGetsARoomToneFolderThatTr8sCheckAccepts) {
  test::TempDir dir;
  const test::RoomToneRecording rec = test::room_tone_recording(44100.0);
  test::write_fixture(dir / "take.wav", {rec.audio}, 44100, kPcm24);
  const auto r = test::run_afterglow({"room-tone", "--source", (dir / "take.wav").string(), "--out",
                                      (dir / "out").string(), "--layout", "both"},
                                     test::within_export_root(dir.path()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const fs::path kit = dir / "out/ROLAND/TR-8S/SAMPLE/AFTERGLOW";
  ASSERT_TRUE(fs::exists(kit / "ROOMTONE"));
  for (const auto& e : fs::directory_iterator(kit / "ROOMTONE")) {
    EXPECT_EQ(e.path().filename().string().rfind("RT_TAKE_", 0), 0u) << e.path();
  }
  const auto check = test::run_afterglow({"tr8s-check", kit.string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_EQ((check.out + check.err).find("not one of the kit's category folders"), std::string::npos)
      << check.out << check.err;
}

TEST(RoomToneCommand, CorruptAndSilentFilesAreNamedTheRestIsProcessedExitThree) {
  test::TempDir dir;
  const test::RoomToneRecording rec = test::room_tone_recording(44100.0);
  fs::create_directories(dir / "takes");
  test::write_fixture(dir / "takes/a_take.wav", {rec.audio}, 44100, kPcm24);
  dir.write("takes/b_corrupt.wav", "RIFFxxxxWAVEjunk that is not audio at all");
  test::write_fixture(dir / "takes/c_silent.wav", {test::silence(44100)}, 44100);
  const auto r = test::run_afterglow(
      {"room-tone", "--source", (dir / "takes").string(), "--out", (dir / "out").string()}, test::within_export_root(dir.path()));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("b_corrupt.wav"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("silent"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out/a_take/silences/a_take_silence_001.wav"));
}

}  // namespace
}  // namespace afterglow
