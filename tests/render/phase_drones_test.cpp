// The drone phase's stretch variants: drones.time_stretch_factors keeps the original's meaning (speed
// rates: 2.0 = half as long), drones.stretch_factors is the explicit one (2.0 = twice as long) and
// replaces the rates when given. A source shorter than the loop and swell lengths is used whole (as the
// original does), so the files' lengths show what each key does to the material.

#include "afterglow/render/phase_drones.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "support/signals.h"

namespace afterglow::render {
namespace {

constexpr double kRate = 44100.0;
constexpr std::size_t kSourceFrames = 44100;  // 1 s: shorter than the loop and the swell below

// A 1 s chord, softly faded at both ends.
analysis::CorpusSource chord_source() {
  std::vector<float> x(kSourceFrames);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / kRate;
    x[i] = static_cast<float>(0.2 * std::sin(2 * M_PI * 220 * t) + 0.15 * std::sin(2 * M_PI * 277.18 * t) +
                              0.1 * std::sin(2 * M_PI * 329.63 * t));
  }
  analysis::CorpusSource s;
  s.id = "chord.wav";
  s.name = "chord";
  s.features.audio.sample_rate = kRate;
  s.features.audio.channels = {std::move(x)};
  return s;
}

config::Scene drone_scene() {
  config::Scene scene;
  config::DronesConfig& d = scene.drones;
  d.pad_loop_duration_sec = 4.0;  // longer than the source: the whole variant is looped
  d.swell_duration_sec = 4.0;     // and the whole variant is the swell
  d.fade_in_sec = 0.05;
  d.fade_out_sec = 0.05;
  d.pad_variants = {"plain"};  // one unfiltered loop per variant
  d.pitch_shift_semitones = {0};
  d.time_stretch_factors = {1.0};
  d.enable_reversal = false;
  scene.pad_miner.loop_crossfade_ms = 20.0;
  return scene;
}

// Frames per file name.
std::map<std::string, std::size_t> render(const config::Scene& scene) {
  const analysis::CorpusSource source = chord_source();
  auto out = render_drones(PhaseSource{&source, "chord", 1}, scene);
  EXPECT_TRUE(out.ok()) << out.error().what();
  std::map<std::string, std::size_t> frames;
  if (!out) return frames;
  EXPECT_EQ(out->size(), drones_per_source(scene.drones)) << "the count formula predicts the files";
  for (std::size_t i = 0; i < out->size(); ++i) {
    EXPECT_EQ(out->items[i].audio.sample_rate, kRate);
    frames[out->paths[i].filename().string()] = out->items[i].audio.frames();
  }
  EXPECT_EQ(frames.size(), out->size()) << "file names are distinct";
  return frames;
}

TEST(PhaseDrones, StretchFactorTwoIsTwiceAsLongTimeStretchFactorTwoHalfAsLong) {
  config::Scene length = drone_scene();
  length.drones.stretch_factors = std::vector<double>{2.0};
  const auto longer = render(length);

  config::Scene rate = drone_scene();
  rate.drones.time_stretch_factors = {1.0, 2.0};
  const auto shorter = render(rate);

  // The swell is the whole variant: exactly the base's length times the factor.
  ASSERT_TRUE(longer.count("chord_original_swell01.wav"));
  ASSERT_TRUE(longer.count("chord_length_2.0x_swell01.wav"));
  ASSERT_TRUE(shorter.count("chord_stretch_2.0x_swell01.wav"));
  EXPECT_EQ(longer.at("chord_original_swell01.wav"), kSourceFrames);
  EXPECT_EQ(longer.at("chord_length_2.0x_swell01.wav"), 2 * kSourceFrames);
  EXPECT_EQ(shorter.at("chord_stretch_2.0x_swell01.wav"), kSourceFrames / 2);

  // The loops: the whole variant less its loop trim (at most a quarter, dsp/loop.h) and its crossfade,
  // so each lies in [0.75 len - crossfade, len - crossfade] of its own variant's length.
  const auto expect_loop_of = [](std::size_t loop, std::size_t variant_frames, const char* name) {
    const auto crossfade = static_cast<std::size_t>(0.020 * kRate);
    EXPECT_LE(loop, variant_frames - crossfade) << name;
    EXPECT_GE(loop, variant_frames * 3 / 4 - crossfade) << name;
  };
  expect_loop_of(longer.at("chord_original_loop_plain.wav"), kSourceFrames, "original");
  expect_loop_of(longer.at("chord_length_2.0x_loop_plain.wav"), 2 * kSourceFrames, "length_2.0x");
  expect_loop_of(shorter.at("chord_stretch_2.0x_loop_plain.wav"), kSourceFrames / 2, "stretch_2.0x");
  EXPECT_GT(longer.at("chord_length_2.0x_loop_plain.wav"), longer.at("chord_original_loop_plain.wav"));
  EXPECT_LT(shorter.at("chord_stretch_2.0x_loop_plain.wav"), longer.at("chord_original_loop_plain.wav"));
}

TEST(PhaseDrones, StretchFactorsReplaceTheRatesWhenBothAreGiven) {
  config::Scene scene = drone_scene();
  scene.drones.time_stretch_factors = {1.0, 1.5, 2.0};
  scene.drones.stretch_factors = std::vector<double>{2.0};
  const auto files = render(scene);
  EXPECT_EQ(files.size(), 4u);  // original and length_2.0x, a loop and a swell each
  for (const auto& [name, frames] : files) EXPECT_EQ(name.find("stretch_"), std::string::npos) << name;
  EXPECT_EQ(files.at("chord_length_2.0x_swell01.wav"), 2 * kSourceFrames);
}

TEST(PhaseDrones, LengthVariantNamesAreDistinctFromEachOtherAndFromTheRates) {
  config::DronesConfig d = drone_scene().drones;
  d.time_stretch_factors = {2.0};
  d.stretch_factors = std::vector<double>{1.0, 0.5, 2.0, 2.5, 1.24, 1.2, 2.0};
  std::vector<std::string> names;
  for (const auto& v : drone_variants(d, 0)) names.push_back(v.name);
  // 1.0 is the base; a repeated factor is rendered once; 1.24 and 1.2 stay apart (the rates' "%.1f"
  // would merge them).
  EXPECT_EQ(names, (std::vector<std::string>{"original", "length_0.5x", "length_2.0x", "length_2.5x",
                                             "length_1.24x", "length_1.2x"}));
  EXPECT_EQ(drones_per_source(d), names.size() * 2);

  d.stretch_factors.reset();
  names.clear();
  for (const auto& v : drone_variants(d, 0)) names.push_back(v.name);
  EXPECT_EQ(names, (std::vector<std::string>{"original", "stretch_2.0x"}));
}

TEST(PhaseDrones, FormatFactorIsShortestRoundTripWithADecimal) {
  EXPECT_EQ(format_factor(2.0), "2.0");
  EXPECT_EQ(format_factor(0.25), "0.25");
  EXPECT_EQ(format_factor(1.24), "1.24");
  EXPECT_EQ(format_factor(8.0), "8.0");
}

TEST(PhaseDrones, AnEmptyStretchFactorsListRendersNoStretchedVariant) {
  config::Scene scene = drone_scene();
  scene.drones.time_stretch_factors = {2.0};
  scene.drones.stretch_factors = std::vector<double>{};
  const auto files = render(scene);
  EXPECT_EQ(files.size(), 2u);
  EXPECT_TRUE(files.count("chord_original_swell01.wav"));
}

TEST(PhaseDrones, LengthVariantsOfALongSourceKeepTheirConfiguredLengths) {
  // Longer than loop and swell: the files are cut to pad_loop_duration_sec and swell_duration_sec
  // whatever the stretch, as with the rates; only the material inside them is slower.
  analysis::CorpusSource source = chord_source();
  std::vector<float> longer;
  for (int k = 0; k < 12; ++k) {
    longer.insert(longer.end(), source.features.audio.channels[0].begin(),
                  source.features.audio.channels[0].end());
  }
  source.features.audio.channels = {std::move(longer)};
  config::Scene scene = drone_scene();
  scene.drones.pad_loop_duration_sec = 2.0;
  scene.drones.swell_duration_sec = 3.0;
  scene.drones.stretch_factors = std::vector<double>{0.25, 4.0};
  auto out = render_drones(PhaseSource{&source, "chord", 1}, scene);
  ASSERT_TRUE(out.ok()) << out.error().what();
  ASSERT_EQ(out->size(), drones_per_source(scene.drones));
  for (std::size_t i = 0; i < out->size(); ++i) {
    const std::string name = out->paths[i].filename().string();
    if (name.find("swell01") != std::string::npos) {
      EXPECT_EQ(out->items[i].audio.frames(), static_cast<std::size_t>(3.0 * kRate)) << name;
    } else {
      EXPECT_LE(out->items[i].audio.frames(), static_cast<std::size_t>(2.0 * kRate)) << name;
      EXPECT_GE(out->items[i].audio.frames(), static_cast<std::size_t>(1.4 * kRate)) << name;
    }
  }
}

}  // namespace
}  // namespace afterglow::render
