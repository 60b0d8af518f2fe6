// Room tone on a generated recording whose three quiet stretches are known to the sample: every chunk
// the phase keeps lies inside one of them, each stretch gives at least one, and nothing overlaps.

#include "afterglow/render/phase_room_tone.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "afterglow/dsp/levels.h"
#include "support/archive_fixtures.h"

namespace afterglow::render {
namespace {

analysis::CorpusSource source_of(const test::RoomToneRecording& rec) {
  analysis::CorpusSource s;
  s.id = "take.wav";
  s.name = "take";
  s.role = analysis::SourceRole::kSource;
  s.features.audio.sample_rate = rec.rate;
  s.features.audio.channels = {rec.audio};
  return s;
}

// The stretch holding [start, end), or -1.
int stretch_of(const test::RoomToneRecording& rec, std::size_t start, std::size_t end) {
  for (std::size_t q = 0; q < rec.quiet.size(); ++q) {
    if (start >= rec.quiet[q].start && end <= rec.quiet[q].end) return static_cast<int>(q);
  }
  return -1;
}

TEST(PhaseRoomTone, ChunksComeOnlyFromInsideTheQuietStretchesAndEachStretchGivesOne) {
  for (const double rate : {44100.0, 48000.0}) {
    SCOPED_TRACE(rate);
    const test::RoomToneRecording rec = test::room_tone_recording(rate);
    const auto chunks = find_room_tone(rec.audio, rate, config::RoomToneConfig{});
    std::vector<int> per_stretch(rec.quiet.size(), 0);
    std::size_t previous_end = 0;
    for (const RoomToneChunk& c : chunks) {
      const int q = stretch_of(rec, c.start, c.end());
      ASSERT_GE(q, 0) << "chunk [" << c.start << ", " << c.end() << ") is not inside a quiet stretch";
      ++per_stretch[static_cast<std::size_t>(q)];
      EXPECT_EQ(c.length, static_cast<std::size_t>(0.3 * rate));
      EXPECT_GE(c.start, previous_end) << "chunks overlap";
      previous_end = c.end();
      EXPECT_NEAR(c.rms_db, -55.0, 1.0);
    }
    for (std::size_t q = 0; q < per_stretch.size(); ++q) EXPECT_GE(per_stretch[q], 1) << "stretch " << q;
    // Non-overlapping 0.3 s chunks on a 0.15 s grid: a 1.6 s stretch holds at most 5.
    EXPECT_LE(per_stretch[2], 5);
  }
}

TEST(PhaseRoomTone, EveryThresholdComesFromTheSection) {
  const test::RoomToneRecording rec = test::room_tone_recording(44100.0);
  config::RoomToneConfig cfg;
  cfg.max_rms_db = -60.0;  // the stretches sit at -55 dB: too loud now
  EXPECT_TRUE(find_room_tone(rec.audio, rec.rate, cfg).empty());
  cfg = {};
  cfg.min_rms_db = -50.0;  // too quiet now
  EXPECT_TRUE(find_room_tone(rec.audio, rec.rate, cfg).empty());
  cfg = {};
  cfg.max_crest = 1.2;  // Gaussian noise peaks at about 4 x its RMS
  EXPECT_TRUE(find_room_tone(rec.audio, rec.rate, cfg).empty());
  cfg = {};
  cfg.min_variance = 1e-4;  // the stretches' variance is about 3e-6
  EXPECT_TRUE(find_room_tone(rec.audio, rec.rate, cfg).empty());
  cfg = {};
  cfg.max_per_file = 2;
  EXPECT_EQ(find_room_tone(rec.audio, rec.rate, cfg).size(), 2u);
  cfg = {};
  cfg.chunk_sec = 0.5;
  cfg.hop_sec = 0.05;
  for (const auto& c : find_room_tone(rec.audio, rec.rate, cfg)) {
    EXPECT_EQ(c.length, static_cast<std::size_t>(0.5 * rec.rate));
    EXPECT_GE(stretch_of(rec, c.start, c.end()), 0);
  }
}

TEST(PhaseRoomTone, DigitalSilenceIsNotRoomTone) {
  const std::vector<float> zeros(44100 * 2, 0.0f);
  EXPECT_TRUE(find_room_tone(zeros, 44100.0, config::RoomToneConfig{}).empty());
}

TEST(PhaseRoomTone, FilesAreNormalisedFadedMonoAtTheRenderRate) {
  const test::RoomToneRecording rec = test::room_tone_recording(48000.0);
  const analysis::CorpusSource source = source_of(rec);
  config::Scene scene;
  scene.room_tone.norm_db = -12.0;
  scene.room_tone.fade_ms = 4.5;
  auto out = render_room_tone(PhaseSource{&source, "take", 5}, scene);
  ASSERT_TRUE(out.ok()) << out.error().what();
  const auto chunks = find_room_tone(rec.audio, rec.rate, scene.room_tone);
  ASSERT_EQ(out->size(), chunks.size());
  ASSERT_GE(out->size(), 3u);
  for (std::size_t i = 0; i < out->size(); ++i) {
    const KitItem& item = out->items[i];
    char name[64];
    std::snprintf(name, sizeof name, "take/silences/take_silence_%03zu.wav", i + 1);
    EXPECT_EQ(out->paths[i].generic_string(), name);
    EXPECT_EQ(item.kind, SampleKind::kRoomTone);
    EXPECT_EQ(kind_code(item.kind), "RT");
    EXPECT_EQ(category_of(item.kind), Tr8sCategory::kRoomTone);
    EXPECT_EQ(item.audio.sample_rate, 48000.0) << "the render rate, not a fixed 44.1 kHz";
    ASSERT_EQ(item.audio.channel_count(), 1u);
    const auto& x = item.audio.channels[0];
    EXPECT_NEAR(dsp::lin_to_db(dsp::peak(x)), -12.0, 0.05);
    EXPECT_EQ(x.front(), 0.0f);
    EXPECT_EQ(x.back(), 0.0f);
    EXPECT_EQ(std::get<std::string>(item.metadata.at("type")), "silence");
    const double start = std::get<double>(item.metadata.at("source_start_sec"));
    EXPECT_NEAR(start, static_cast<double>(chunks[i].start) / rec.rate, 1e-12);
  }
}

TEST(PhaseRoomTone, NoQuietStretchIsAWarningNotAFailure) {
  test::RoomToneRecording rec = test::room_tone_recording(44100.0);
  for (std::size_t n = 0; n < rec.audio.size(); ++n) {
    rec.audio[n] = static_cast<float>(0.3 * std::sin(static_cast<double>(n) * 0.05));
  }
  const analysis::CorpusSource source = source_of(rec);
  auto out = render_room_tone(PhaseSource{&source, "take", 1}, config::Scene{});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->size(), 0u);
  EXPECT_EQ(out->warnings.size(), 1u);
}

}  // namespace
}  // namespace afterglow::render
