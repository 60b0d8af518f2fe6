// Dusting: the output is exactly pad + hiss · 10^(mix_db/20) (a mono pad under a shorter stereo hiss
// that is tiled), picks follow the seed, and no output name overwrites another.

#include "afterglow/render/dusting.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "afterglow/dsp/levels.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

constexpr int kRate = 44100;
constexpr int kPcm24 = SF_FORMAT_WAV | SF_FORMAT_PCM_24;

io::AudioBuffer buffer(std::vector<std::vector<float>> channels) {
  io::AudioBuffer b;
  b.sample_rate = kRate;
  b.channels = std::move(channels);
  return b;
}

TEST(Dusting, OutputIsPadPlusHissTimesGainWithTheHissTiled) {
  const auto pad = buffer({test::sine(220.0, 0.4, 1000)});
  const auto hiss = buffer({test::noise(0.1, 300, 1), test::noise(0.1, 300, 2)});
  auto out = dust(pad, hiss, -12.0);
  ASSERT_TRUE(out.ok()) << out.error().what();
  ASSERT_EQ(out->channel_count(), 2u) << "a mono pad under a stereo hiss becomes stereo";
  ASSERT_EQ(out->frames(), 1000u) << "the pad's length";
  const double gain = std::pow(10.0, -12.0 / 20.0);
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t n = 0; n < 1000; ++n) {
      ASSERT_NEAR(out->channels[c][n], pad.channels[0][n] + hiss.channels[c][n % 300] * gain, 1e-6)
          << "channel " << c << " frame " << n;
    }
  }
  // A longer hiss is cut; a stereo pad keeps its channels under a mono hiss.
  const auto stereo_pad = buffer({test::sine(100.0, 0.3, 500), test::sine(150.0, 0.3, 500)});
  const auto long_hiss = buffer({test::noise(0.1, 2000, 3)});
  auto cut = dust(stereo_pad, long_hiss, -6.0);
  ASSERT_TRUE(cut.ok());
  ASSERT_EQ(cut->frames(), 500u);
  ASSERT_EQ(cut->channel_count(), 2u);
  EXPECT_NEAR(cut->channels[1][499],
              stereo_pad.channels[1][499] + long_hiss.channels[0][499] * std::pow(10.0, -6.0 / 20.0), 1e-6);
}

TEST(Dusting, WrittenFileHoldsPadPlusHissWithinOneMillionth) {
  test::TempDir dir;
  fs::create_directories(dir / "pads");
  fs::create_directories(dir / "hiss");
  test::write_fixture(dir / "pads/glass.wav", {test::sine(330.0, 0.5, 3000)}, kRate, kPcm24);
  test::write_fixture(dir / "hiss/hiss_tape.WAV", {test::noise(0.1, 700, 4), test::noise(0.1, 700, 5)}, kRate,
                      kPcm24);
  DustOptions options;
  options.mix_db = -12.0;
  auto report = dust_folder(dir / "pads", dir / "hiss", dir / "out", options, io::ExportRoot(dir.path()));
  ASSERT_TRUE(report.ok()) << report.error().what();
  ASSERT_EQ(report->written.size(), 1u);
  EXPECT_TRUE(report->failures.empty());
  EXPECT_EQ(report->written[0].output, dir / "out/glass_dust_tape.wav");
  const auto pad = test::read_fixture(dir / "pads/glass.wav");
  const auto hiss = test::read_fixture(dir / "hiss/hiss_tape.WAV");
  const auto out = test::read_fixture(dir / "out/glass_dust_tape.wav");
  ASSERT_EQ(out.info.channels, 2);
  ASSERT_EQ(out.info.frames, 3000);
  EXPECT_EQ(out.info.samplerate, kRate);
  const double gain = std::pow(10.0, -12.0 / 20.0);
  double worst = 0.0;
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t n = 0; n < 3000; ++n) {
      const double expected = pad.channels[0][n] + hiss.channels[c][n % 700] * gain;
      worst = std::max(worst, std::abs(out.channels[c][n] - expected));
    }
  }
  EXPECT_LE(worst, 1e-6);
}

TEST(Dusting, TheSameSeedGivesTheSamePicks) {
  EXPECT_EQ(pick_hisses(40, 7, 123), pick_hisses(40, 7, 123));
  EXPECT_NE(pick_hisses(40, 7, 123), pick_hisses(40, 7, 124));
  const auto picks = pick_hisses(200, 3, 9);
  const std::set<std::size_t> used(picks.begin(), picks.end());
  EXPECT_EQ(used.size(), 3u) << "every hiss can be picked";
  for (const std::size_t p : picks) EXPECT_LT(p, 3u);

  test::TempDir dir;
  fs::create_directories(dir / "pads");
  fs::create_directories(dir / "hiss");
  for (int i = 0; i < 8; ++i) {
    test::write_fixture(dir / ("pads/pad" + std::to_string(i) + ".wav"), {test::sine(200.0 + i, 0.3, 800)},
                        kRate);
  }
  for (int i = 0; i < 4; ++i) {
    test::write_fixture(dir / ("hiss/h" + std::to_string(i) + ".wav"), {test::noise(0.05, 400, 10 + i)},
                        kRate);
  }
  DustOptions options;
  options.seed = 77;
  options.dry_run = true;
  const io::ExportRoot root(dir.path());
  auto a = dust_folder(dir / "pads", dir / "hiss", dir / "out", options, root);
  auto b = dust_folder(dir / "pads", dir / "hiss", dir / "out", options, root);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->written.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(a->written[i].hiss, b->written[i].hiss);
  EXPECT_FALSE(fs::exists(dir / "out")) << "a dry run writes nothing";
}

TEST(Dusting, HissesSharingTheirFirstEightCharactersGetDistinctTags) {
  const std::vector<fs::path> hisses{"x/hiss_thunderstorm_a.wav", "x/hiss_thunderstorm_b.wav", "x/vinyl.wav",
                                     "x/HISS_thunderstorm_c.wav"};
  const auto tags = hiss_tags(hisses);
  ASSERT_EQ(tags.size(), 4u);
  EXPECT_EQ(tags[0], "thunders");
  EXPECT_EQ(tags[1], "thunders-2");
  EXPECT_EQ(tags[2], "vinyl");
  EXPECT_EQ(tags[3], "thunders-3");
}

TEST(Dusting, NoOutputOverwritesAnother) {
  test::TempDir dir;
  fs::create_directories(dir / "pads");
  fs::create_directories(dir / "hiss");
  // Two pads with one stem ("pad.wav" and "pad.WAV") and one hiss: the same natural name twice.
  test::write_fixture(dir / "pads/pad.wav", {test::sine(200.0, 0.3, 600)}, kRate, kPcm24);
  test::write_fixture(dir / "pads/pad.WAV", {test::sine(400.0, 0.3, 600)}, kRate, kPcm24);
  test::write_fixture(dir / "hiss/hiss_thunderstorm_a.wav", {test::noise(0.05, 300, 1)}, kRate, kPcm24);
  auto report =
      dust_folder(dir / "pads", dir / "hiss", dir / "out", DustOptions{}, io::ExportRoot(dir.path()));
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->written.size(), 2u);
  EXPECT_NE(report->written[0].output, report->written[1].output);
  const auto a = test::read_fixture(report->written[0].output);
  const auto b = test::read_fixture(report->written[1].output);
  EXPECT_NE(a.channels[0], b.channels[0]) << "both pads' mixes are on disk";
}

TEST(Dusting, ItsOwnOutputsAreNeverDustedAgain) {
  test::TempDir dir;
  fs::create_directories(dir / "hiss");
  fs::create_directories(dir / "pads");
  test::write_fixture(dir / "pads/a.wav", {test::sine(200.0, 0.3, 600)}, kRate, kPcm24);
  test::write_fixture(dir / "pads/b.wav", {test::sine(300.0, 0.3, 600)}, kRate, kPcm24);
  test::write_fixture(dir / "hiss/hiss_rain.wav", {test::noise(0.05, 300, 1)}, kRate, kPcm24);
  // Into the pads folder itself, twice: the second run sees the same two pads, not their mixes.
  for (int run = 0; run < 2; ++run) {
    auto report =
        dust_folder(dir / "pads", dir / "hiss", dir / "pads", DustOptions{}, io::ExportRoot(dir.path()));
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->written.size(), 2u) << "run " << run;
    for (const DustedFile& f : report->written) {
      EXPECT_EQ(f.pad.filename().string().find("_dust_"), std::string::npos) << f.pad;
    }
  }
  std::size_t wavs = 0;
  for (const auto& e : fs::directory_iterator(dir / "pads")) wavs += e.path().extension() == ".wav" ? 1 : 0;
  EXPECT_EQ(wavs, 4u) << "two pads and their two mixes, nothing dusted twice";
}

TEST(Dusting, AMixThatWouldClipIsScaledToMinusOneDbfsWithAWarning) {
  test::TempDir dir;
  fs::create_directories(dir / "pads");
  fs::create_directories(dir / "hiss");
  test::write_fixture(dir / "pads/loud.wav", {test::sine(200.0, 0.95, 2000)}, kRate, kPcm24);
  test::write_fixture(dir / "hiss/h.wav", {test::uniform_noise(0.9, 2000, 1)}, kRate, kPcm24);
  DustOptions options;
  options.mix_db = 0.0;
  auto report = dust_folder(dir / "pads", dir / "hiss", dir / "out", options, io::ExportRoot(dir.path()));
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->written.size(), 1u);
  EXPECT_LT(report->written[0].gain_db, 0.0);
  ASSERT_EQ(report->warnings.size(), 1u);
  const auto out = test::read_fixture(report->written[0].output);
  EXPECT_NEAR(dsp::lin_to_db(dsp::peak(out.channels[0])), -1.0, 0.01);
}

TEST(Dusting, UnreadableAndSilentFilesAreReportedAndTheRestIsDusted) {
  test::TempDir dir;
  fs::create_directories(dir / "pads");
  fs::create_directories(dir / "hiss");
  test::write_fixture(dir / "pads/a_good.wav", {test::sine(200.0, 0.3, 600)}, kRate);
  dir.write("pads/b_corrupt.wav", "RIFF....WAVEfmt this is not audio");
  test::write_fixture(dir / "pads/c_silent.wav", {test::silence(600)}, kRate);
  test::write_fixture(dir / "pads/d_good.wav", {test::sine(300.0, 0.3, 600)}, kRate);
  test::write_fixture(dir / "hiss/h.wav", {test::noise(0.05, 300, 1)}, kRate);
  dir.write("hiss/broken.wav", "not a wav");
  auto report =
      dust_folder(dir / "pads", dir / "hiss", dir / "out", DustOptions{}, io::ExportRoot(dir.path()));
  ASSERT_TRUE(report.ok()) << report.error().what();
  EXPECT_EQ(report->written.size(), 2u);
  ASSERT_EQ(report->failures.size(), 3u);
  EXPECT_NE(report->failures[0].find("broken.wav"), std::string::npos) << report->failures[0];
  EXPECT_NE(report->failures[1].find("b_corrupt.wav"), std::string::npos) << report->failures[1];
  EXPECT_NE(report->failures[2].find("silent"), std::string::npos) << report->failures[2];
}

TEST(Dusting, NoUsableHissIsAnError) {
  test::TempDir dir;
  fs::create_directories(dir / "pads");
  fs::create_directories(dir / "hiss");
  test::write_fixture(dir / "pads/a.wav", {test::sine(200.0, 0.3, 600)}, kRate);
  auto report =
      dust_folder(dir / "pads", dir / "hiss", dir / "out", DustOptions{}, io::ExportRoot(dir.path()));
  EXPECT_FALSE(report.ok());
}

}  // namespace
}  // namespace afterglow::render
