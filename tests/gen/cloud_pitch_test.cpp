// Alias-free pitch (acceptance 4): a 15 kHz sine at 48 kHz pitched up an octave must vanish (its shift
// lies above Nyquist), pitched down an octave it must come out at 7.5 kHz at the input's level.
//
// Measurement: periodic, non-overlapping 100 ms Hann grains (density 10/s, regularity 1), so the
// output's power is the sum of each grain's own power whatever the grains' phases. The same seed gives
// the same grain times, windows and positions at every pitch, so the ratio of output RMS at a pitch to
// output RMS at pitch 0 is the cloud's gain for that tone.
#include <gtest/gtest.h>

#include <cmath>

#include "cloud_test_support.h"

namespace afterglow::gen {
namespace {

using namespace test;

constexpr std::size_t kFrames = 48000 * 3;

Rendered render_tone(const OwnedMaterial& m, float semitones) {
  Cloud c;
  c.prepare(kRate, 256, 64);
  c.set_material({&m.view(), 1});
  c.set_param(CloudParam::kDensity, 10.0f);
  c.set_param(CloudParam::kRegularity, 1.0f);
  c.set_param(CloudParam::kSizeMs, 100.0f);
  c.set_param(CloudParam::kWindowShape, 1.0f);
  c.set_param(CloudParam::kStereoSpread, 0.0f);
  c.set_param(CloudParam::kSpray, 0.5f);
  c.set_param(CloudParam::kPitch, semitones);
  c.reset(17);
  return render_fixed(c, kFrames, {}, 256);
}

double db(double ratio) {
  return 20.0 * std::log10(ratio);
}

class CloudPitch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tone_ = new OwnedMaterial(mono_material(sine(15000.0, 0.5, 48000 * 6)));
    reference_ = rms(render_tone(*tone_, 0.0f).left);
  }
  static void TearDownTestSuite() { delete tone_; }
  static OwnedMaterial* tone_;
  static double reference_;
};
OwnedMaterial* CloudPitch::tone_ = nullptr;
double CloudPitch::reference_ = 0.0;

TEST_F(CloudPitch, ReferenceIsTheInputLevel) {
  // Unpitched grains read the source's own samples: with Hann windows of power 3/8 and no overlap the
  // output RMS is 0.5/√2 · √(3/8).
  EXPECT_NEAR(db(reference_ / (0.5 / std::sqrt(2.0) * std::sqrt(3.0 / 8.0))), 0.0, 0.2);
}

TEST_F(CloudPitch, FifteenKilohertzOctaveUpVanishes) {
  for (const float st : {12.0f, 11.0f, 13.0f, 24.0f}) {
    const Rendered r = render_tone(*tone_, st);
    EXPECT_LT(db(rms(r.left) / reference_), -50.0) << st << " semitones";
    EXPECT_LT(db(rms(r.right) / reference_), -50.0) << st << " semitones";
  }
}

TEST_F(CloudPitch, FifteenKilohertzOctaveDownKeepsItsLevel) {
  const Rendered r = render_tone(*tone_, -12.0f);
  EXPECT_NEAR(db(rms(r.left) / reference_), 0.0, 0.5);
  // ... and the energy is at 7.5 kHz.
  std::span<const float> part(r.left.data() + 4800, 4800);  // one whole grain
  EXPECT_GT(tone_amplitude(part, 7500.0), 30.0 * tone_amplitude(part, 15000.0));
  EXPECT_GT(tone_amplitude(part, 7500.0), 30.0 * tone_amplitude(part, 8500.0));
}

TEST_F(CloudPitch, DownwardShiftsBetweenOctavesStayFlat) {
  // Off the octave the 2× copy is read at fractional positions: Hermite there is flat within 0.5 dB.
  for (const float st : {-7.0f, -5.0f, -1.0f, -0.3f, 0.5f}) {
    const Rendered r = render_tone(*tone_, st);
    EXPECT_NEAR(db(rms(r.left) / reference_), 0.0, 0.5) << st << " semitones";
  }
}

TEST_F(CloudPitch, WithoutTheTwoTimesCopyHermiteDroops) {
  // The negative control for the 2× copy: on the plain full-rate level the same shift loses more than
  // the tolerance, which is why the copy exists.
  const OwnedMaterial plain =
      mono_material(sine(15000.0, 0.5, 48000 * 6), {MaterialView::kMaxLevels, false, 69.0f});
  const Rendered r = render_tone(plain, -12.0f);
  EXPECT_LT(db(rms(r.left) / reference_), -0.5);
}

TEST(CloudPitchLevels, UpwardShiftsReadTheOctaveCopies) {
  const OwnedMaterial m = mono_material(sine(1000.0, 0.5, 48000 * 2));
  struct Probe : GrainSpawnObserver {
    void on_spawn(const GrainSpawn& s) noexcept override { level = s.level; }
    int level = -9;
  } probe;
  const std::pair<float, int> cases[] = {{0.0f, 0},  {-3.0f, -1}, {0.5f, -1}, {1.0f, -1}, {1.5f, 1},
                                         {12.0f, 1}, {13.0f, 1},  {13.5f, 2}, {24.0f, 2}};
  for (const auto& [st, level] : cases) {
    Cloud c;
    c.prepare(kRate, 64, 8);
    c.set_material({&m.view(), 1});
    c.set_spawn_observer(&probe);
    c.set_param(CloudParam::kPitch, st);
    c.reset(1);
    std::vector<float> l(64), r(64);
    c.process({l, r}, {});
    EXPECT_EQ(probe.level, level) << st;
  }
}

}  // namespace
}  // namespace afterglow::gen
