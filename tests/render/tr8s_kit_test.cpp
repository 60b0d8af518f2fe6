#include "afterglow/render/tr8s_kit.h"

#include <gtest/gtest.h>

#include <cmath>

#include "afterglow/dsp/loop.h"
#include "afterglow/render/tr8s_check.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

io::AudioBuffer buffer(std::vector<std::vector<float>> channels, double rate = 44100.0) {
  io::AudioBuffer b;
  b.sample_rate = rate;
  b.channels = std::move(channels);
  return b;
}

// A seamless 2 s pad loop (441 Hz: exactly 100 samples a period).
KitItem pad(std::string stem, std::string variant) {
  KitItem item;
  item.audio = buffer({test::sine(441.0, 0.8, 88200)});
  item.kind = SampleKind::kPad;
  item.source_stem = std::move(stem);
  item.variant = std::move(variant);
  item.descriptive_name = item.source_stem + "_pad01_" + item.variant + ".wav";
  item.is_loop = true;
  return item;
}

std::vector<float> faded_noise(std::size_t frames, std::uint64_t seed) {
  auto x = test::noise(0.1, frames, seed);
  for (std::size_t i = 0; i < 441 && i < frames; ++i) {
    const float g = static_cast<float>(i) / 441.0f;
    x[i] *= g;
    x[frames - 1 - i] *= g;
  }
  return x;
}

std::vector<KitItem> small_kit() {
  std::vector<KitItem> items;
  items.push_back(pad("rain", "dark"));
  items.push_back(pad("rain", "warm"));
  KitItem cloud;
  cloud.audio = buffer({faded_noise(66150, 3), faded_noise(66150, 4)});  // 1.5 s stereo
  cloud.kind = SampleKind::kCloud;
  cloud.source_stem = "rain";
  cloud.descriptive_name = "cloud_rain_01.wav";
  items.push_back(std::move(cloud));
  KitItem hiss;
  hiss.audio = buffer({test::noise(0.1, 48000, 9)}, 48000.0);  // 1 s loop at 48 kHz
  hiss.kind = SampleKind::kHissLoop;
  hiss.source_stem = "synthetic";
  hiss.descriptive_name = "hiss_loop_01.wav";
  hiss.is_loop = true;
  items.push_back(std::move(hiss));
  KitItem silent;  // grades F: never exported
  silent.audio = buffer({test::silence(4410)});
  silent.kind = SampleKind::kSwell;
  silent.source_stem = "rain";
  silent.descriptive_name = "rain_original_swell01.wav";
  items.push_back(std::move(silent));
  return items;
}

TEST(Tr8sKit, ExportsAKitThatPassesTheCheck) {
  test::TempDir dir;
  const fs::path out = dir.path() / "export";
  const auto items = small_kit();
  auto plan = export_tr8s_kit(items, out, Tr8sExportOptions{}, io::ExportRoot(out));
  ASSERT_TRUE(plan.ok()) << plan.error().what();

  EXPECT_EQ(test::list_files(out),
            (std::vector<std::string>{"ROLAND/TR-8S/SAMPLE/AFTERGLOW/CLOUDS/CL_RAIN_01.WAV",
                                      "ROLAND/TR-8S/SAMPLE/AFTERGLOW/HISS/HS_SYNTHE_01.WAV",
                                      "ROLAND/TR-8S/SAMPLE/AFTERGLOW/KIT.txt",
                                      "ROLAND/TR-8S/SAMPLE/AFTERGLOW/PADS/PD_RAIN_01_DK.WAV",
                                      "ROLAND/TR-8S/SAMPLE/AFTERGLOW/PADS/PD_RAIN_02_WM.WAV"}));
  const Tr8sCheckReport report = check_tr8s_folder(out);
  for (const auto& p : report.problems) ADD_FAILURE() << p.format();
  ASSERT_EQ(report.kits.size(), 1u);
  EXPECT_EQ(report.kits[0].files, 4u);

  // Every file: 44.1 kHz, 16-bit, mono.
  for (const auto& name : test::list_files(out)) {
    if (name.ends_with(".txt")) continue;
    const auto raw = test::read_fixture(out / name);
    EXPECT_EQ(raw.info.samplerate, 44100) << name;
    EXPECT_EQ(raw.info.channels, 1) << name;
    EXPECT_EQ(raw.info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16) << name;
  }

  // The F swell is listed, with its reason, and has no kit path.
  const auto& swell = plan->samples[4];
  EXPECT_FALSE(swell.kept);
  EXPECT_EQ(swell.grade, Grade::kF);
  EXPECT_NE(swell.omission.find("grade F"), std::string::npos);
  const auto rows = plan->manifest_rows();
  EXPECT_EQ(python_str(rows[0].at("short_name")), "PD_RAIN_01_DK");
  EXPECT_EQ(python_str(rows[0].at("tr8s_path")), "ROLAND/TR-8S/SAMPLE/AFTERGLOW/PADS/PD_RAIN_01_DK.WAV");
  EXPECT_EQ(python_str(rows[0].at("filename")), "rain_pad01_dark.wav");
  EXPECT_EQ(python_str(rows[4].at("tr8s_path")), "");
  EXPECT_EQ(python_str(rows[4].at("grade")), "F");
}

TEST(Tr8sKit, LoopsBecomeEightSecondOneShotsWithFades) {
  test::TempDir dir;
  const fs::path out = dir.path() / "export";
  const auto items = small_kit();
  ASSERT_TRUE(export_tr8s_kit(items, out, Tr8sExportOptions{}, io::ExportRoot(out)).ok());
  const fs::path kit = out / "ROLAND/TR-8S/SAMPLE/AFTERGLOW";
  const double lsb = 1.0 / 32767.0;

  for (const char* file : {"PADS/PD_RAIN_01_DK.WAV", "HISS/HS_SYNTHE_01.WAV"}) {
    const auto raw = test::read_fixture(kit / file);
    const auto& x = raw.channels[0];
    ASSERT_EQ(x.size(), 8u * 44100u) << file;
    EXPECT_LE(std::fabs(x.front()), 2.0 * lsb) << file;  // faded in: starts at silence (+ dither)
    EXPECT_LE(std::fabs(x.back()), 2.0 * lsb) << file;   // faded out
    // The fade-out spans 50 ms: at its middle the level is about half.
    double mid = 0.0;
    for (std::size_t i = x.size() - 1200; i < x.size() - 1000; ++i)
      mid = std::max(mid, double(std::fabs(x[i])));
    EXPECT_LT(mid, 0.8 * 0.7) << file;
  }
  // The pad repeats its 2 s loop: one cycle later, the same samples (within dither).
  const auto raw = test::read_fixture(kit / "PADS/PD_RAIN_01_DK.WAV");
  const auto& x = raw.channels[0];
  for (std::size_t i = 44100; i < 44100 + 2000; ++i) EXPECT_NEAR(x[i], x[i + 88200], 3.0 * lsb) << i;
  // No seam anywhere: the largest step stays that of the sine itself.
  double max_step = 0.0;
  for (std::size_t i = 1000; i + 1 < x.size() - 3000; ++i)
    max_step = std::max(max_step, double(std::fabs(x[i + 1] - x[i])));
  EXPECT_LT(max_step, 0.8 * 2.0 * M_PI / 100.0 + 4.0 * lsb);
}

TEST(Tr8sKit, RateDepthAndStereoOnRequest) {
  test::TempDir dir;
  const fs::path out = dir.path() / "export";
  Tr8sExportOptions options;
  options.sample_rate = 48000;
  options.bit_depth = 24;
  options.stereo = true;
  options.kit_name = "my kit";
  const auto items = small_kit();
  auto plan = export_tr8s_kit(items, out, options, io::ExportRoot(out));
  ASSERT_TRUE(plan.ok()) << plan.error().what();
  EXPECT_EQ(plan->kit_name, "MY_KIT");
  const fs::path kit = out / "ROLAND/TR-8S/SAMPLE/MY_KIT";
  const auto pad_raw = test::read_fixture(kit / "PADS/PD_RAIN_01_DK.WAV");
  EXPECT_EQ(pad_raw.info.samplerate, 48000);
  EXPECT_EQ(pad_raw.info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
  EXPECT_EQ(pad_raw.info.frames, 8 * 48000);
  EXPECT_EQ(pad_raw.info.channels, 1);  // a mono sound stays mono
  const auto cloud_raw = test::read_fixture(kit / "CLOUDS/CL_RAIN_01.WAV");
  EXPECT_EQ(cloud_raw.info.channels, 2);
  EXPECT_EQ(cloud_raw.info.frames, 72000);  // 1.5 s at 48 kHz
  // Budget: the stereo cloud counts double, 48 kHz scales.
  EXPECT_NEAR(plan->samples[2].cost_sec, 1.5 * 2.0 * 48000.0 / 44100.0, 1e-9);
  EXPECT_TRUE(check_tr8s_folder(out).ok());
}

TEST(Tr8sKit, KitReadmeExplainsImportAndBudget) {
  test::TempDir dir;
  const fs::path out = dir.path() / "export";
  const auto items = small_kit();
  ASSERT_TRUE(export_tr8s_kit(items, out, Tr8sExportOptions{}, io::ExportRoot(out)).ok());
  const std::string text = test::read_bytes(out / "ROLAND/TR-8S/SAMPLE/AFTERGLOW/KIT.txt");
  for (const char* needle : {"ROLAND/TR-8S/SAMPLE/AFTERGLOW/", "whole folder", "Optimize", "540.0 s usable",
                             "4 of 400", "rain_original_swell01.wav", "grade F", "PADS"}) {
    EXPECT_NE(text.find(needle), std::string::npos) << needle << "\n" << text;
  }
}

TEST(Tr8sKit, OutsideTheExportRootIsRefusedBeforeAnyFolder) {
  test::TempDir dir;
  const auto items = small_kit();
  auto plan = export_tr8s_kit(items, dir.path() / "elsewhere", Tr8sExportOptions{},
                              io::ExportRoot(dir.path() / "export"));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().kind(), ErrorKind::kPermission);
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere"));
  EXPECT_TRUE(test::list_files(dir.path()).empty());
}

TEST(Tr8sKit, DeterministicFiles) {
  test::TempDir dir;
  const auto items = small_kit();
  const fs::path a = dir.path() / "a";
  const fs::path b = dir.path() / "b";
  ASSERT_TRUE(export_tr8s_kit(items, a, {}, io::ExportRoot(a)).ok());
  ASSERT_TRUE(export_tr8s_kit(items, b, {}, io::ExportRoot(b)).ok());
  const auto files = test::list_files(a);
  ASSERT_EQ(files, test::list_files(b));
  for (const auto& f : files) EXPECT_EQ(test::read_bytes(a / f), test::read_bytes(b / f)) << f;
}

TEST(Tr8sKit, PlanMatchesWhatIsWritten) {
  test::TempDir dir;
  const fs::path out = dir.path() / "export";
  const auto items = small_kit();
  auto planned = plan_tr8s_kit(items, out);
  ASSERT_TRUE(planned.ok());
  EXPECT_TRUE(test::list_files(dir.path()).empty());  // planning writes nothing
  ASSERT_TRUE(export_tr8s_kit(items, out, {}, io::ExportRoot(out)).ok());
  for (const auto& s : planned->samples) {
    if (!s.kept) continue;
    const auto raw = test::read_fixture(out / s.tr8s_path);
    EXPECT_EQ(static_cast<std::size_t>(raw.info.frames), s.frames) << s.tr8s_path;
  }
}

TEST(Tr8sKit, RejectsBadOptions) {
  const auto items = small_kit();
  Tr8sExportOptions options;
  options.bit_depth = 32;
  EXPECT_FALSE(plan_tr8s_kit(items, "out", options).ok());
  options = {};
  options.kit_name = "???";
  EXPECT_FALSE(plan_tr8s_kit(items, "out", options).ok());
}

TEST(Tr8sKit, SeamlessLoopFromTheDspScoresWell) {
  // Material that is not periodic: the loop crossfade must still leave no seam by the grading rule.
  auto source = test::sine(220.0, 0.4, 132300);
  const auto texture = test::noise(0.05, source.size(), 11);
  for (std::size_t i = 0; i < source.size(); ++i) source[i] += texture[i];
  const auto loop = dsp::make_seamless_loop(source, 100.0, 44100.0);
  const auto error = loop_error_db(loop);
  ASSERT_TRUE(error.has_value());
  EXPECT_LT(*error, -30.0);
}

}  // namespace
}  // namespace afterglow::render
