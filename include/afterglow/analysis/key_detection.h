#pragma once
// Musical keys: detection from a chroma with the Krumhansl profiles (reference §6), parsing of key names
// as musicians write them, and the transposition interval between two keys.
//
// Detection follows the original exactly: the mean chroma is L2-normalised; for each tonic 0..11 the
// major and minor profiles, rotated so that their index 0 lands on the tonic, are scored by a plain dot
// product (no mean-centring, no correlation); tonics are scanned C to B, major before minor, and a
// score replaces the best only when strictly greater. So a flat chroma gives "C min" (the minor profile
// has the larger sum), as in the original.
//
// Confidence (not in the original, which returns no measure): (best - runner_up) / (best - worst) over
// the 24 scores, in [0, 1]. It is 0 for a tie and grows as the winner separates from the field; the
// denominator makes it independent of the chroma's scale. The runner-up of a clear key is very often
// its relative (C maj / A min share all seven notes), so values above ~0.3 already mean a clear key.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "afterglow/analysis/chroma.h"
#include "afterglow/core/result.h"

namespace afterglow::analysis {

enum class KeyMode { kMajor, kMinor };

struct Key {
  int tonic = 0;  // pitch class, 0 = C ... 11 = B
  KeyMode mode = KeyMode::kMajor;

  bool operator==(const Key&) const = default;
};

// The original's names: "A min", "C# maj" (sharps only).
std::string key_name(const Key& key);
// "A minor", "C# major".
std::string key_long_name(const Key& key);
// "C", "C#", ... "B".
std::string_view pitch_class_name(int pitch_class);

struct KeyEstimate {
  Key key;
  double confidence = 0.0;  // see above
  Key runner_up;
  std::array<double, 24> scores{};  // index 2*tonic (+1 for minor)
};

// nullopt when the chroma is all zeros (silence, or nothing between 30 Hz and 5 kHz).
std::optional<KeyEstimate> detect_key(const ChromaVector& chroma);

// Parses a key as musicians write it. Accepted:
//   root:  A–G in either case, optionally followed by one accidental: # or ♯ (sharp), b or ♭ (flat);
//          enharmonic spellings (E#, Cb, Fb, B#) wrap around the octave;
//   mode:  after optional spaces, '-' or '_': "m", "min", "minor", "moll", "aeolian" for minor;
//          "M", "maj", "major", "dur", "ionian" for major (case-insensitive except the single letter,
//          where "m" is minor and "M" major, as in chord symbols);
//   no mode: an upper-case root is major ("A", "Gb"), a lower-case root minor ("a", "f#") — the
//          classical convention of lower case for minor keys.
// So "Am", "A min", "A minor", "a" are A minor; "A", "Amaj", "AM" are A major; "F#m", "Gb major",
// "Bb min" mean what they say. Anything else ("H", "A minr", "", "C##") is kInvalidValue with the
// text in the context. The original looked only at the first token's root and read "Am" as C.
Result<Key> parse_key(std::string_view text);

// Semitones from `source` to `target` roots, wrapped to [-6, 6] as the original: diff = target - source,
// minus 12 while > 6, plus 12 while < -6, so a tritone keeps its sign (C -> F# = +6, F# -> C = -6).
// Modes are ignored (A min -> A maj is 0), as in the original. C maj -> G maj = -5.
int transposition_interval(const Key& source, const Key& target);
// The same on names, with parse_key's errors.
Result<int> transposition_interval(std::string_view source, std::string_view target);

}  // namespace afterglow::analysis
