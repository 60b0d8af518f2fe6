// Key detection on generated chord progressions, key-name parsing and transposition intervals.
#include "afterglow/analysis/key_detection.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "afterglow/analysis/audio_analysis.h"
#include "afterglow/analysis/chroma.h"

namespace afterglow::analysis {
namespace {

constexpr double kRate = 22050.0;

double midi_hz(int note) {
  return 440.0 * std::pow(2.0, (note - 69) / 12.0);
}

// A saw-like tone (harmonics 1/n up to 5 kHz) added into `out` over [start, start + frames).
void add_saw(std::vector<float>& out, std::size_t start, std::size_t frames, double hz, double amp) {
  for (int h = 1; h * hz < 5000.0; ++h) {
    const double w = 2.0 * std::numbers::pi * hz * h / kRate;
    for (std::size_t i = 0; i < frames; ++i) {
      out[start + i] += static_cast<float>(amp / h * std::sin(w * static_cast<double>(i)));
    }
  }
}

// I–IV–V–I in major, i–iv–V–i (raised leading tone) in minor: one second per chord, triad plus bass.
std::vector<float> cadence(int tonic, KeyMode mode) {
  const int root = 55 + ((tonic - 55) % 12 + 12) % 12;  // tonic in G3..F#4
  const int third = mode == KeyMode::kMajor ? 4 : 3;
  const std::vector<std::vector<int>> chords = {
      {root, root + third, root + 7},
      {root + 5, root + 5 + third, root + 12},
      {root + 7, root + 11, root + 14},  // V is major in both modes: the leading tone marks the key
      {root, root + third, root + 7},
  };
  const auto chord_frames = static_cast<std::size_t>(kRate);
  std::vector<float> out(chords.size() * chord_frames, 0.0f);
  for (std::size_t c = 0; c < chords.size(); ++c) {
    for (int note : chords[c]) add_saw(out, c * chord_frames, chord_frames, midi_hz(note), 0.08);
    add_saw(out, c * chord_frames, chord_frames, midi_hz(chords[c][0] - 12), 0.08);
  }
  return out;
}

std::optional<KeyEstimate> detect(const std::vector<float>& mono) {
  Chroma chroma;
  FrameConsumer* consumers[] = {&chroma};
  auto a = analyze(mono, kRate, {}, consumers);
  EXPECT_TRUE(a.ok());
  return detect_key(chroma.mean());
}

TEST(KeyDetection, FindsTheKeyOfCadencesInAtLeast20Of24Keys) {
  int correct = 0;
  std::string misses;
  for (int tonic = 0; tonic < 12; ++tonic) {
    for (KeyMode mode : {KeyMode::kMajor, KeyMode::kMinor}) {
      const Key expected{tonic, mode};
      const auto estimate = detect(cadence(tonic, mode));
      ASSERT_TRUE(estimate.has_value());
      if (estimate->key == expected) {
        ++correct;
      } else {
        misses += key_name(expected) + " -> " + key_name(estimate->key) + "; ";
      }
    }
  }
  EXPECT_GE(correct, 20) << misses;
}

TEST(KeyDetection, SilenceHasNoKey) {
  EXPECT_FALSE(detect(std::vector<float>(22050, 0.0f)).has_value());
  EXPECT_FALSE(detect_key(ChromaVector{}).has_value());
}

TEST(KeyDetection, FlatChromaIsCMinorAsTheOriginal) {
  ChromaVector flat;
  flat.fill(1.0f);
  const auto e = detect_key(flat);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->key, (Key{0, KeyMode::kMinor}));
  // Every minor key scores the same, so the runner-up ties and the confidence is zero.
  EXPECT_DOUBLE_EQ(e->confidence, 0.0);
}

TEST(KeyDetection, ConfidenceIsHigherForAClearKeyThanForAnAmbiguousOne) {
  const auto clear = detect(cadence(9, KeyMode::kMinor));
  ChromaVector mixed{};
  for (int pc : {0, 2, 4, 5, 7, 9, 11, 1, 6}) mixed[static_cast<std::size_t>(pc)] = 1.0f;
  const auto vague = detect_key(mixed);
  ASSERT_TRUE(clear && vague);
  EXPECT_GT(clear->confidence, vague->confidence);
  EXPECT_GT(clear->confidence, 0.0);
  EXPECT_LE(clear->confidence, 1.0);
}

TEST(KeyNames, AreTheOriginalsSharpSpellings) {
  EXPECT_EQ(key_name({9, KeyMode::kMinor}), "A min");
  EXPECT_EQ(key_name({0, KeyMode::kMajor}), "C maj");
  EXPECT_EQ(key_name({6, KeyMode::kMajor}), "F# maj");
  EXPECT_EQ(key_long_name({9, KeyMode::kMinor}), "A minor");
}

struct ParseCase {
  const char* text;
  int tonic;
  KeyMode mode;
};

TEST(ParseKey, AcceptsTheWaysMusiciansWriteKeys) {
  const ParseCase cases[] = {
      {"Am", 9, KeyMode::kMinor},       {"A min", 9, KeyMode::kMinor},       {"A minor", 9, KeyMode::kMinor},
      {"a", 9, KeyMode::kMinor},        {"A", 9, KeyMode::kMajor},           {"A maj", 9, KeyMode::kMajor},
      {"AM", 9, KeyMode::kMajor},       {"F#m", 6, KeyMode::kMinor},         {"Gb major", 6, KeyMode::kMajor},
      {"Bb min", 10, KeyMode::kMinor},  {"bb", 10, KeyMode::kMinor},         {"b", 11, KeyMode::kMinor},
      {"Bm", 11, KeyMode::kMinor},      {"C", 0, KeyMode::kMajor},           {" c# ", 1, KeyMode::kMinor},
      {"Eb-minor", 3, KeyMode::kMinor}, {"D_MAJOR", 2, KeyMode::kMajor},     {"Cb", 11, KeyMode::kMajor},
      {"E#", 5, KeyMode::kMajor},       {"A\u266D min", 8, KeyMode::kMinor}, {"F\u266F", 6, KeyMode::kMajor},
      {"G MINOR", 7, KeyMode::kMinor},
  };
  for (const ParseCase& c : cases) {
    auto k = parse_key(c.text);
    ASSERT_TRUE(k.ok()) << c.text << ": " << k.error().what();
    EXPECT_EQ(*k, (Key{c.tonic, c.mode})) << c.text;
  }
}

TEST(ParseKey, RejectsJunkWithAClearError) {
  for (const char* junk : {"", "   ", "H", "A minr", "C##", "xyz", "A mi nor", "1", "Amajor7"}) {
    auto k = parse_key(junk);
    ASSERT_FALSE(k.ok()) << "'" << junk << "' parsed";
    EXPECT_EQ(k.error().kind(), ErrorKind::kInvalidValue);
    EXPECT_NE(std::string(k.error().what()).find("is not a key"), std::string::npos);
    EXPECT_EQ(k.error().context_value("key"), junk);
  }
}

TEST(Transposition, WrapsToPlusMinusSixAndKeepsTheTritonesSign) {
  auto i = [](const char* a, const char* b) { return transposition_interval(a, b).value_or_throw(); };
  EXPECT_EQ(i("C maj", "G maj"), -5);
  EXPECT_EQ(i("G maj", "C maj"), 5);
  EXPECT_EQ(i("C", "F#"), 6);
  EXPECT_EQ(i("F#", "C"), -6);
  EXPECT_EQ(i("A min", "A maj"), 0);  // the mode is ignored, as in the original
  EXPECT_EQ(i("Am", "C"), 3);         // "Am" is A, not C (the original's bug)
  EXPECT_EQ(i("B", "C"), 1);
  EXPECT_EQ(i("C", "B"), -1);
  EXPECT_FALSE(transposition_interval("C", "Q").ok());
}

}  // namespace
}  // namespace afterglow::analysis
