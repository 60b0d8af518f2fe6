#include "afterglow/render/tr8s_check.h"

#include <gtest/gtest.h>

#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

// A kit folder below an export folder, filled with fixtures written by libsndfile directly.
class BrokenKit : public ::testing::Test {
 protected:
  fs::path kit() const { return dir_.path() / "export/ROLAND/TR-8S/SAMPLE/KIT"; }
  fs::path out() const { return dir_.path() / "export"; }

  void add(const std::string& relative, double seconds, int channels = 1, int rate = 44100,
           int format = SF_FORMAT_WAV | SF_FORMAT_PCM_16) const {
    const auto frames = static_cast<std::size_t>(seconds * rate);
    std::vector<std::vector<float>> data(static_cast<std::size_t>(channels),
                                         test::sine(441.0, 0.5, frames, rate));
    fs::create_directories((kit() / relative).parent_path());
    test::write_fixture(kit() / relative, data, rate, format);
  }

  Tr8sCheckReport check() const { return check_tr8s_folder(out()); }

  test::TempDir dir_;
};

TEST_F(BrokenKit, CleanKitPasses) {
  add("PADS/PD_RAIN_01_DK.WAV", 1.0);
  add("HISS/HS_SYN_01.WAV", 0.5, 2);
  fs::create_directories(kit());
  std::ignore = dir_.write("export/ROLAND/TR-8S/SAMPLE/KIT/KIT.txt", "readme");
  const auto report = check();
  EXPECT_TRUE(report.problems.empty()) << report.problems.front().format();
  ASSERT_EQ(report.kits.size(), 1u);
  EXPECT_EQ(report.kits[0].files, 2u);
  EXPECT_NEAR(report.kits[0].total_sec, 2.0, 1e-3);
  // The kit folder and the SAMPLE folder are accepted as well.
  EXPECT_TRUE(check_tr8s_folder(kit()).ok());
  EXPECT_TRUE(check_tr8s_folder(kit().parent_path()).ok());
}

TEST_F(BrokenKit, SeventeenCharacterName) {
  add("PADS/ABCDEFGHIJKLMNOPQ.WAV", 0.1);
  add("PADS/ABCDEFGHIJKLMNOP.WAV", 0.1);  // 16 is fine
  const auto report = check();
  EXPECT_EQ(report.error_count(), 1u);
  EXPECT_TRUE(report.mentions("has 17 characters"));
}

TEST_F(BrokenKit, CharactersOutsideTheSet) {
  add("PADS/pd_rain.WAV", 0.1);
  add("PADS/PD RAIN.WAV", 0.1);
  const auto report = check();
  EXPECT_EQ(report.error_count(), 2u);
  EXPECT_TRUE(report.mentions("may hold only A-Z, 0-9, _ and -"));
}

TEST_F(BrokenKit, TwoHundredFiftySevenFilesInAFolder) {
  for (int i = 0; i < 257; ++i) add("HISS/HS_" + std::to_string(i) + ".WAV", 0.01);
  const auto report = check();
  EXPECT_EQ(report.error_count(), 1u);
  EXPECT_TRUE(report.mentions("257 files"));
}

TEST_F(BrokenKit, MoreThanFourHundredSamples) {
  for (int i = 0; i < 401; ++i) {
    add(std::string(i % 2 == 0 ? "HISS" : "PADS") + "/S_" + std::to_string(i) + ".WAV", 0.01);
  }
  const auto report = check();
  EXPECT_EQ(report.error_count(), 1u);
  EXPECT_TRUE(report.mentions("401 samples"));
}

TEST_F(BrokenKit, FileLongerThan180Seconds) {
  add("DRONES/DR_LONG_01.WAV", 181.0, 1, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_U8);
  add("DRONES/DR_OK_01.WAV", 91.0, 1, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_U8);
  const auto report = check();
  EXPECT_EQ(report.error_count(), 1u);
  EXPECT_TRUE(report.mentions("181.0 s long"));
}

TEST_F(BrokenKit, StereoHalfTheLengthIsTooLongToo) {
  add("DRONES/DR_WIDE_01.WAV", 90.5, 2, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_U8);
  EXPECT_TRUE(check().mentions("181.0 s long"));
}

TEST_F(BrokenKit, MoreThan600SecondsInAll) {
  for (int i = 0; i < 4; ++i)
    add("DRONES/DR_" + std::to_string(i) + ".WAV", 150.25, 1, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_U8);
  const auto report = check();
  EXPECT_EQ(report.error_count(), 1u);
  EXPECT_TRUE(report.mentions("601.0 s of samples"));
}

TEST_F(BrokenKit, AboveTheHeadroomIsAWarning) {
  for (int i = 0; i < 4; ++i)
    add("DRONES/DR_" + std::to_string(i) + ".WAV", 140.0, 1, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_U8);
  const auto report = check();
  EXPECT_EQ(report.error_count(), 0u);
  EXPECT_EQ(report.warning_count(), 1u);
  EXPECT_TRUE(report.mentions("less than 10 % of the 600 s memory free"));
}

TEST_F(BrokenKit, ThirtyTwoBitFloat) {
  add("CLOUDS/CL_FLOAT_01.WAV", 0.1, 1, 44100, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  add("CLOUDS/CL_INT32_01.WAV", 0.1, 1, 44100, SF_FORMAT_WAV | SF_FORMAT_PCM_32);
  add("CLOUDS/CL_AIFF_01.AIF", 0.1, 1, 44100, SF_FORMAT_AIFF | SF_FORMAT_PCM_24);
  const auto report = check();
  EXPECT_EQ(report.error_count(), 1u);
  EXPECT_TRUE(report.mentions("32-bit float"));
}

TEST_F(BrokenKit, DuplicateNames) {
  add("PADS/PD_RAIN_01.WAV", 0.1);
  add("HISS/PD_RAIN_01.WAV", 0.1);
  add("HISS/pd_rain_01.wav", 0.1);  // also a charset error
  const auto report = check();
  std::size_t duplicates = 0;
  for (const auto& p : report.problems) duplicates += p.message.find("same name as") != std::string::npos;
  EXPECT_EQ(duplicates, 2u);
}

TEST_F(BrokenKit, RateAboveNinetySixKilohertzAndUnreadableFiles) {
  add("PADS/PD_HIGH_01.WAV", 0.1, 1, 192000);
  std::ignore = dir_.write("export/ROLAND/TR-8S/SAMPLE/KIT/PADS/PD_JUNK_01.WAV", "not audio at all");
  const auto report = check();
  EXPECT_EQ(report.error_count(), 2u);
  EXPECT_TRUE(report.mentions("192000 Hz"));
  EXPECT_TRUE(report.mentions("not a readable audio file"));
}

TEST_F(BrokenKit, LayoutWarnings) {
  add("PADS/PD_A_01.WAV", 0.1);
  add("LOOSE_01.WAV", 0.1);
  add("EXTRA/EX_01.WAV", 0.1);
  add("PADS/DEEPER/PD_B_01.WAV", 0.1);
  std::ignore = dir_.write("export/ROLAND/TR-8S/SAMPLE/KIT/PADS/._PD_A_01.WAV", "fork");
  std::ignore = dir_.write("export/ROLAND/TR-8S/SAMPLE/KIT/PADS/notes.md", "x");
  const auto report = check();
  EXPECT_EQ(report.error_count(), 0u);
  EXPECT_TRUE(report.mentions("outside a category folder"));
  EXPECT_TRUE(report.mentions("not one of the kit's category folders"));
  EXPECT_TRUE(report.mentions("inside a category folder is not imported"));
  EXPECT_TRUE(report.mentions("hidden file"));
  EXPECT_TRUE(report.mentions("the import skips it"));
}

TEST_F(BrokenKit, MissingFolder) {
  const auto report = check_tr8s_folder(dir_.path() / "nope");
  EXPECT_FALSE(report.ok());
}

}  // namespace
}  // namespace afterglow::render
