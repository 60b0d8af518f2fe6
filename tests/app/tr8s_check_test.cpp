// `afterglow tr8s-check` end to end: the real binary on kits written with libsndfile directly.

#include <gtest/gtest.h>

#include <filesystem>

#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

void add(const fs::path& path, double seconds, int format = SF_FORMAT_WAV | SF_FORMAT_PCM_16) {
  fs::create_directories(path.parent_path());
  test::write_fixture(path, {test::sine(441.0, 0.5, static_cast<std::size_t>(seconds * 44100))}, 44100,
                      format);
}

TEST(Tr8sCheckCommand, CleanKitExitsZero) {
  test::TempDir dir;
  add(dir.path() / "export/ROLAND/TR-8S/SAMPLE/KIT/PADS/PD_RAIN_01.WAV", 1.0);
  const auto result = test::run_afterglow({"tr8s-check", (dir.path() / "export").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("ok (0 errors, 0 warnings)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1 samples"), std::string::npos) << result.out;
}

TEST(Tr8sCheckCommand, BrokenKitListsEveryProblemAndExitsOne) {
  test::TempDir dir;
  const fs::path kit = dir.path() / "KIT";
  add(kit / "PADS/ABCDEFGHIJKLMNOPQ.WAV", 0.1);                          // 17 characters
  add(kit / "PADS/PD_FLOAT.WAV", 0.1, SF_FORMAT_WAV | SF_FORMAT_FLOAT);  // 32-bit float
  add(kit / "PADS/PD_DUP.WAV", 0.1);
  add(kit / "HISS/PD_DUP.WAV", 0.1);                                         // duplicate
  add(kit / "DRONES/DR_LONG.WAV", 181.0, SF_FORMAT_WAV | SF_FORMAT_PCM_U8);  // 181 s
  for (int i = 0; i < 3; ++i) {
    add(kit / ("DRONES/DR_" + std::to_string(i) + ".WAV"), 140.0, SF_FORMAT_WAV | SF_FORMAT_PCM_U8);
  }                                                                                          // 601.4 s in all
  for (int i = 0; i < 257; ++i) add(kit / ("CLOUDS/C" + std::to_string(i) + ".WAV"), 0.01);  // 257 files
  const auto result = test::run_afterglow({"tr8s-check", kit.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  for (const char* needle : {"has 17 characters", "32-bit float", "same name as", "181.0 s long",
                             "s of samples", "257 files", "invalid (6 errors"}) {
    EXPECT_NE(result.out.find(needle), std::string::npos) << needle << "\n" << result.out;
  }
}

TEST(Tr8sCheckCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(test::run_afterglow({"tr8s-check"}).exit_code, 2);
  EXPECT_EQ(test::run_afterglow({"tr8s-check", "/definitely/not/here"}).exit_code, 2);
}

}  // namespace
}  // namespace afterglow
