// `afterglow dust` end to end: the same seed gives the same files; a corrupt and a silent pad among
// good ones are named, every good pad is dusted, exit 3; usage errors exit 2.

#include <gtest/gtest.h>
#include <sndfile.h>

#include <filesystem>
#include <string>
#include <vector>

#include "afterglow/render/dusting.h"
#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

void make_folders(const test::TempDir& dir) {
  fs::create_directories(dir / "pads");
  fs::create_directories(dir / "hiss");
  for (int i = 0; i < 6; ++i) {
    test::write_fixture(dir / ("pads/pad" + std::to_string(i) + ".wav"),
                        {test::sine(200.0 + 20 * i, 0.3, 4000)}, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
  }
  for (int i = 0; i < 3; ++i) {
    test::write_fixture(dir / ("hiss/hiss_air" + std::to_string(i) + ".wav"),
                        {test::noise(0.05, 1500, 20 + i), test::noise(0.05, 1500, 30 + i)}, 44100);
  }
}

TEST(DustCommand, TheSameSeedWritesTheSameFiles) {
  test::TempDir dir;
  make_folders(dir);
  auto run = [&](const std::string& out, const std::string& seed) {
    return test::run_afterglow({"dust", "--pads", (dir / "pads").string(), "--hiss", (dir / "hiss").string(),
                                "--out", (dir / out).string(), "--seed", seed, "--mix-db", "-18"},
                               test::within_export_root(dir.path()));
  };
  const auto a = run("a", "5");
  const auto b = run("b", "5");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  std::vector<std::string> files = test::list_files(dir / "a");
  // The mixes, and the list of what this run wrote (never read again as pads or hiss).
  ASSERT_EQ(std::erase(files, std::string(render::kDustMarkerName)), 1u);
  ASSERT_EQ(files.size(), 6u);
  std::vector<std::string> files_b = test::list_files(dir / "b");
  std::erase(files_b, std::string(render::kDustMarkerName));
  EXPECT_EQ(files, files_b);
  for (const auto& f : files) {
    EXPECT_NE(f.find("_dust_air"), std::string::npos) << f;
    EXPECT_EQ(test::read_bytes(dir / "a" / f), test::read_bytes(dir / "b" / f)) << f;
  }
}

TEST(DustCommand, CorruptAndSilentPadsAreNamedTheRestIsDustedExitThree) {
  test::TempDir dir;
  make_folders(dir);
  dir.write("pads/broken.wav", "RIFFxxxxWAVEjunk that is not audio at all");
  test::write_fixture(dir / "pads/quiet.wav", {test::silence(2000)}, 44100);
  const auto r = test::run_afterglow({"dust", "--pads", (dir / "pads").string(), "--hiss",
                                      (dir / "hiss").string(), "--out", (dir / "out").string()},
                                     test::within_export_root(dir.path()));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("broken.wav"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("quiet.wav"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("silent"), std::string::npos) << r.err;
  EXPECT_EQ(test::list_files(dir / "out").size(), 6u + 1u);  // the mixes and the list of them
  EXPECT_NE(r.out.find("6 dusted pad(s)"), std::string::npos) << r.out;
}

TEST(DustCommand, UsageErrorsExitTwo) {
  test::TempDir dir;
  make_folders(dir);
  EXPECT_EQ(test::run_afterglow({"dust", "--pads", (dir / "pads").string(), "--out", (dir / "o").string()},
                                test::within_export_root(dir.path()))
                .exit_code,
            2)
      << "--hiss is required";
  EXPECT_EQ(test::run_afterglow({"dust", "--pads", (dir / "nope").string(), "--hiss", (dir / "hiss").string(),
                                 "--out", (dir / "o").string()},
                                test::within_export_root(dir.path()))
                .exit_code,
            2);
  fs::create_directories(dir / "empty");
  const auto no_hiss = test::run_afterglow({"dust", "--pads", (dir / "pads").string(), "--hiss",
                                            (dir / "empty").string(), "--out", (dir / "o").string()},
                                           test::within_export_root(dir.path()));
  EXPECT_EQ(no_hiss.exit_code, 2);
  EXPECT_NE(no_hiss.err.find("no usable hiss"), std::string::npos) << no_hiss.err;
}

}  // namespace
}  // namespace afterglow
