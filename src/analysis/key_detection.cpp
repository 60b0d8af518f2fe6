#include "afterglow/analysis/key_detection.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

namespace afterglow::analysis {
namespace {

// Krumhansl–Kessler probe-tone profiles, tonic first (reference §6).
constexpr std::array<double, 12> kMajorProfile = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09,
                                                  2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr std::array<double, 12> kMinorProfile = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53,
                                                  2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

constexpr std::array<std::string_view, 12> kNames = {"C",  "C#", "D",  "D#", "E",  "F",
                                                     "F#", "G",  "G#", "A",  "A#", "B"};

double score(const std::array<double, 12>& chroma, const std::array<double, 12>& profile, int tonic) {
  // Profile rotated right by `tonic`: profile[0] lands on pitch class `tonic`.
  double s = 0.0;
  for (int pc = 0; pc < 12; ++pc)
    s += chroma[static_cast<std::size_t>(pc)] * profile[static_cast<std::size_t>((pc - tonic + 12) % 12)];
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Error bad_key(std::string_view text, std::string why) {
  return Error(ErrorKind::kInvalidValue,
               "'" + std::string(text) + "' is not a key " + why +
                   "; write a root and a mode, e.g. \"A min\", \"F# major\", \"Bb\" or \"Am\"",
               {{"key", std::string(text)}});
}

}  // namespace

std::string_view pitch_class_name(int pitch_class) {
  return kNames[static_cast<std::size_t>(((pitch_class % 12) + 12) % 12)];
}

std::string key_name(const Key& key) {
  return std::string(pitch_class_name(key.tonic)) + (key.mode == KeyMode::kMajor ? " maj" : " min");
}

std::string key_long_name(const Key& key) {
  return std::string(pitch_class_name(key.tonic)) + (key.mode == KeyMode::kMajor ? " major" : " minor");
}

std::optional<KeyEstimate> detect_key(const ChromaVector& chroma) {
  std::array<double, 12> c{};
  double norm = 0.0;
  for (std::size_t i = 0; i < 12; ++i) {
    c[i] = chroma[i];
    norm += c[i] * c[i];
  }
  if (!(norm > 0.0) || !std::isfinite(norm)) return std::nullopt;
  norm = std::sqrt(norm);
  for (double& v : c) v /= norm;

  KeyEstimate e;
  double best = -std::numeric_limits<double>::infinity();
  int best_index = 0;
  for (int tonic = 0; tonic < 12; ++tonic) {
    for (int minor = 0; minor < 2; ++minor) {
      const double s = score(c, minor ? kMinorProfile : kMajorProfile, tonic);
      const int index = 2 * tonic + minor;
      e.scores[static_cast<std::size_t>(index)] = s;
      if (s > best) {  // strictly greater: earlier tonics and major win ties, as the original
        best = s;
        best_index = index;
      }
    }
  }
  double runner = -std::numeric_limits<double>::infinity();
  int runner_index = best_index == 0 ? 1 : 0;
  double worst = std::numeric_limits<double>::infinity();
  for (int i = 0; i < 24; ++i) {
    const double s = e.scores[static_cast<std::size_t>(i)];
    worst = std::min(worst, s);
    if (i != best_index && s > runner) {
      runner = s;
      runner_index = i;
    }
  }
  auto key_of = [](int index) { return Key{index / 2, index % 2 ? KeyMode::kMinor : KeyMode::kMajor}; };
  e.key = key_of(best_index);
  e.runner_up = key_of(runner_index);
  e.confidence = best > worst ? std::clamp((best - runner) / (best - worst), 0.0, 1.0) : 0.0;
  return e;
}

Result<Key> parse_key(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return bad_key(text, "(it is empty)");

  static constexpr int kLetterClass[7] = {9, 11, 0, 2, 4, 5, 7};  // A B C D E F G
  const char letter = s.front();
  const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(letter)));
  if (upper < 'A' || upper > 'G') return bad_key(text, "(a key starts with a note name A to G)");
  const bool lower_case_root = letter != upper;
  int tonic = kLetterClass[upper - 'A'];
  s.remove_prefix(1);

  // One accidental. "b" directly after the letter is a flat; a lone lower-case "b" key is B minor.
  if (!s.empty() && s.front() == '#') {
    tonic += 1;
    s.remove_prefix(1);
  } else if (s.starts_with("\u266F")) {  // ♯
    tonic += 1;
    s.remove_prefix(3);
  } else if (s.starts_with("\u266D")) {  // ♭
    tonic -= 1;
    s.remove_prefix(3);
  } else if (!s.empty() && s.front() == 'b') {
    tonic -= 1;
    s.remove_prefix(1);
  }
  tonic = (tonic + 12) % 12;

  while (!s.empty() &&
         (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == '-' || s.front() == '_')) {
    s.remove_prefix(1);
  }
  if (s.empty()) return Key{tonic, lower_case_root ? KeyMode::kMinor : KeyMode::kMajor};
  if (s == "m") return Key{tonic, KeyMode::kMinor};
  if (s == "M") return Key{tonic, KeyMode::kMajor};
  const std::string mode = lower(s);
  if (mode == "min" || mode == "minor" || mode == "moll" || mode == "aeolian")
    return Key{tonic, KeyMode::kMinor};
  if (mode == "maj" || mode == "major" || mode == "dur" || mode == "ionian")
    return Key{tonic, KeyMode::kMajor};
  return bad_key(text, "(unknown mode '" + std::string(s) + "': use min/minor/m or maj/major)");
}

int transposition_interval(const Key& source, const Key& target) {
  int diff = target.tonic - source.tonic;
  while (diff > 6) diff -= 12;
  while (diff < -6) diff += 12;
  return diff;
}

Result<int> transposition_interval(std::string_view source, std::string_view target) {
  auto s = parse_key(source);
  if (!s) return s.error();
  auto t = parse_key(target);
  if (!t) return t.error();
  return transposition_interval(*s, *t);
}

}  // namespace afterglow::analysis
