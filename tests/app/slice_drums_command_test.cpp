// `afterglow slice-drums` end to end: a generated drum loop with 16 known hits gives 16 ± 1 slices,
// each opening within 10 ms of a hit (read back from the files and manifest.csv); a corrupt and a
// silent file among good ones are named, the good one is sliced, exit 3.

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
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

std::size_t distance(std::size_t a, std::size_t b) {
  return a > b ? a - b : b - a;
}

TEST(SliceDrumsCommand, SixteenKnownHitsGiveSixteenSlicesOpeningWithinTenMs) {
  test::TempDir dir;
  const test::DrumLoop loop = test::drum_loop(44100.0);
  test::write_fixture(dir / "loop.wav", {loop.audio}, 44100, kPcm24);
  const auto r = test::run_afterglow(
      {"slice-drums", "--source", (dir / "loop.wav").string(), "--out", (dir / "out").string()}, test::within_export_root(dir.path()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("drums"), std::string::npos) << r.out;

  auto manifest = render::read_manifest(dir / "out/manifest.csv");
  ASSERT_TRUE(manifest.ok()) << manifest.error().what();
  const auto& rows = manifest->rows;
  EXPECT_GE(rows.size(), 15u);
  EXPECT_LE(rows.size(), 17u);
  std::vector<int> matched(loop.hits.size(), 0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "loop_drum_%03zu.wav", i + 1);
    EXPECT_EQ(render::cell(rows[i], "filename").value_or(""), name);
    EXPECT_EQ(render::cell(rows[i], "type").value_or(""), "drum");
    const fs::path file = dir / "out/loop/drums" / name;
    ASSERT_TRUE(fs::exists(file)) << file;
    const auto audio = test::read_fixture(file);
    EXPECT_EQ(audio.info.samplerate, 44100);
    EXPECT_EQ(audio.info.channels, 1);
    EXPECT_LE(audio.info.frames, static_cast<sf_count_t>(0.8 * 44100)) << "max_length_sec";

    const double start_sec = std::stod(render::cell(rows[i], "source_start_sec").value_or("-1"));
    const auto start = static_cast<std::size_t>(std::llround(start_sec * 44100.0));
    std::size_t best = 0;
    for (std::size_t h = 1; h < loop.hits.size(); ++h) {
      if (distance(loop.hits[h], start) < distance(loop.hits[best], start)) best = h;
    }
    EXPECT_LE(distance(loop.hits[best], start), 441u) << name << " opens " << start_sec << " s";
    ++matched[best];
  }
  for (std::size_t h = 0; h < matched.size(); ++h) EXPECT_LE(matched[h], 1) << "hit " << h;
  EXPECT_FALSE(fs::exists(dir / "out/ROLAND")) << "the afterglow layout only, unless asked";
}

TEST(SliceDrumsCommand, KitLayoutPutsTheSlicesInTheDrumsFolder) {
  test::TempDir dir;
  const test::DrumLoop loop = test::drum_loop(44100.0);
  test::write_fixture(dir / "loop.wav", {loop.audio}, 44100, kPcm24);
  const auto r = test::run_afterglow({"slice-drums", "--source", (dir / "loop.wav").string(), "--out",
                                      (dir / "out").string(), "--layout", "tr8s"},
                                     test::within_export_root(dir.path()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir / "out/ROLAND/TR-8S/SAMPLE/AFTERGLOW/DRUMS")) {
    EXPECT_EQ(e.path().filename().string().rfind("DM_", 0), 0u) << e.path();
    ++n;
  }
  EXPECT_GE(n, 15u);
}

TEST(SliceDrumsCommand, CorruptAndSilentFilesAreNamedTheGoodOneIsSlicedExitThree) {
  test::TempDir dir;
  const test::DrumLoop loop = test::drum_loop(44100.0);
  test::write_fixture(dir / "good.wav", {loop.audio}, 44100, kPcm24);
  dir.write("corrupt.wav", "RIFFxxxxWAVEjunk that is not audio at all");
  test::write_fixture(dir / "silent.wav", {test::silence(44100)}, 44100);
  const auto r = test::run_afterglow(
      {"slice-drums", "--source", (dir / "good.wav").string(), "--source", (dir / "corrupt.wav").string(),
       "--source", (dir / "silent.wav").string(), "--out", (dir / "out").string()},
      test::within_export_root(dir.path()));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("corrupt.wav"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("silent"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out/good/drums/good_drum_001.wav"));
  EXPECT_FALSE(fs::exists(dir / "out/silent"));
  EXPECT_FALSE(fs::exists(dir / "out/corrupt"));
}

TEST(SliceDrumsCommand, DryRunWritesNothingAndUsageErrorsExitTwo) {
  test::TempDir dir;
  const test::DrumLoop loop = test::drum_loop(44100.0);
  test::write_fixture(dir / "loop.wav", {loop.audio}, 44100, kPcm24);
  const auto dry = test::run_afterglow(
      {"slice-drums", "--source", (dir / "loop.wav").string(), "--out", (dir / "out").string(), "--dry-run"},
      test::within_export_root(dir.path()));
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Dry run"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out"));

  EXPECT_EQ(test::run_afterglow({"slice-drums", "--out", (dir / "out").string()}, test::within_export_root(dir.path())).exit_code, 2)
      << "--source is required";
  EXPECT_EQ(
      test::run_afterglow({"slice-drums", "--source", (dir / "missing.wav").string()}, test::within_export_root(dir.path())).exit_code,
      2);
  const fs::path bad = dir.write("bad.yaml", "drum_miner:\n  max_length_sec: -1\n");
  const auto scene_error = test::run_afterglow(
      {"slice-drums", "--source", (dir / "loop.wav").string(), "--config", bad.string()}, test::within_export_root(dir.path()));
  EXPECT_EQ(scene_error.exit_code, 2);
  EXPECT_NE(scene_error.err.find("bad.yaml:2:"), std::string::npos) << scene_error.err;
}

}  // namespace
}  // namespace afterglow
