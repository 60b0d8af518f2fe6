#include "afterglow/render/sample_name.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

namespace afterglow::render {
namespace {

// Latin Extended-A (U+0100..U+017F) read as ASCII letters; '1'..'4' mark the two-letter ligatures.
constexpr std::string_view kLatinExtendedA =
    "AaAaAaCcCcCcCcDd"
    "DdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIi"
    "Ii12JjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOo"
    "Oo34RrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUu"
    "UuUuWwYyYZzZzZzs";

// Latin-1 Supplement letters (U+00C0..U+00FF); '#' is dropped (the multiplication and division
// signs); '1'..'5' mark AE, TH, SS, ae, th.
constexpr std::string_view kLatin1 =
    "AAAAAA1CEEEEIIII"
    "DNOOOOO#OUUUUY2s"
    "aaaaaa4ceeeeiiii"
    "dnooooo#ouuuuy5y";

std::string_view expand_marker(char marker, bool latin1) {
  if (latin1) {
    switch (marker) {
      case '1':
        return "AE";
      case '2':
        return "TH";
      case 's':
        return "SS";
      case '4':
        return "AE";
      case '5':
        return "TH";
      case '#':
        return "";
      default:
        break;
    }
  } else {
    switch (marker) {
      case '1':
      case '2':
        return "IJ";
      case '3':
      case '4':
        return "OE";
      default:
        break;
    }
  }
  return {};
}

// Decodes one UTF-8 code point at `i`, advancing it; nullopt for an invalid sequence (one byte skipped).
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    ++i;
    return std::nullopt;
  }
  if (i + length > s.size()) {
    ++i;
    return std::nullopt;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return std::nullopt;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return cp;
}

// The ASCII reading of one code point ("" when it has none; a space for a separator).
std::string transliterate(char32_t cp) {
  if (cp < 0x80) return std::string(1, static_cast<char>(cp));
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char c = kLatin1[cp - 0xC0];
    if (auto expanded = expand_marker(c, true); !expanded.empty() || c == '#') return std::string(expanded);
    return std::string(1, c);
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    const char c = kLatinExtendedA[cp - 0x100];
    if (auto expanded = expand_marker(c, false); !expanded.empty()) return std::string(expanded);
    return std::string(1, c);
  }
  return {};
}

bool is_digits(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string to_upper_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string abbreviate_words(const std::vector<std::string>& words, std::size_t max_chars) {
  if (max_chars == 0) return {};
  std::string joined;
  for (const auto& w : words) joined += w;
  if (joined.empty()) return std::string("SRC").substr(0, max_chars);
  if (joined.size() <= max_chars) return joined;
  if (words.size() == 1) return joined.substr(0, max_chars);
  // The first word's start carries the most meaning; the others are remembered by their initials.
  std::string initials;
  for (std::size_t k = 1; k < words.size(); ++k) initials += words[k].front();
  if (initials.size() >= max_chars) return (words.front().substr(0, 1) + initials).substr(0, max_chars);
  const std::size_t keep = max_chars - initials.size();
  return words.front().substr(0, keep) + initials;
}

std::vector<std::string> source_words(std::string_view stem) {
  std::vector<std::string> words = name_words(stem);
  const bool has_text = std::any_of(words.begin(), words.end(), [](const auto& w) { return !is_digits(w); });
  if (has_text) {
    // A leading track number says nothing about the sound; digits inside a word ("TAKE2") stay.
    while (!words.empty() && is_digits(words.front())) words.erase(words.begin());
  }
  return words;
}

std::optional<double> parse_number(std::string_view text) {
  std::string cleaned;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+') cleaned += c;
  }
  if (!cleaned.empty() && cleaned.front() == '+') cleaned.erase(0, 1);
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(cleaned.data(), cleaned.data() + cleaned.size(), value);
  if (ec != std::errc() || ptr != cleaned.data() + cleaned.size() || cleaned.empty()) return std::nullopt;
  return value;
}

std::string pitch_code(double semitones) {
  const long steps = std::lround(semitones);
  return (steps < 0 ? "M" : "P") + std::to_string(std::labs(steps));
}

// "S15" for the rate 1.5 (stretch_1.5x), "L2" for the length factor 2 (length_2.0x).
std::string stretch_code(double factor, char letter = 'S') {
  std::string text = fmt::format("{:g}", factor);
  text.erase(std::remove(text.begin(), text.end(), '.'), text.end());
  return letter + sanitize_name(text);
}

}  // namespace

std::vector<std::string> name_words(std::string_view utf8) {
  std::string ascii;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto cp = next_code_point(utf8, i);
    if (cp) ascii += transliterate(*cp);  // an invalid byte is dropped
  }
  ascii = to_upper_ascii(ascii);
  std::vector<std::string> words;
  std::string current;
  for (char c : ascii) {
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      current += c;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string sanitize_name(std::string_view text, std::size_t max_length) {
  std::string out;
  for (const auto& word : name_words(text)) {
    if (!out.empty()) out += '_';
    out += word;
  }
  if (out.size() > max_length) out.resize(max_length);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string abbreviate_source(std::string_view stem, std::size_t max_chars) {
  return abbreviate_words(source_words(stem), max_chars);
}

std::string variant_code(std::string_view variant) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : variant) {
    if (c == '_' || c == ' ') {
      if (!current.empty()) tokens.push_back(current);
      current.clear();
    } else {
      current += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  if (!current.empty()) tokens.push_back(current);

  static const std::map<std::string, std::string, std::less<>> kCodes = {
      {"dark", "DK"}, {"warm", "WM"},  {"airy", "AR"},   {"neutral", "NT"}, {"bright", "BR"},
      {"mid", "MD"},  {"tuned", "TN"}, {"original", ""}, {"loop", ""},      {"reversed", ""},
      {"swell", ""},  {"pad", ""},     {"cloud", ""},    {"hiss", ""},      {"flicker", ""},
      {"drone", ""},  {"base", ""},    {"failed", ""}};
  std::string code;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const std::string& t = tokens[k];
    const bool has_next = k + 1 < tokens.size();
    if ((t == "pitch" || t == "stretch" || t == "length") && has_next) {
      if (auto value = parse_number(tokens[k + 1])) {
        code += t == "pitch" ? pitch_code(*value) : stretch_code(*value, t == "length" ? 'L' : 'S');
        ++k;
        continue;
      }
    }
    if (t == "tuned" && has_next && tokens[k + 1] == "failed") {  // tuning failed: the sound is untuned
      ++k;
      continue;
    }
    if (auto it = kCodes.find(t); it != kCodes.end()) {
      code += it->second;
    } else if (auto value = parse_number(t); value && (t.front() == '+' || t.front() == '-')) {
      code += pitch_code(*value);  // a bare "+7" is a transposition
    } else {
      code += sanitize_name(t).substr(0, 2);
    }
  }
  std::erase(code, '_');
  if (code.size() > kMaxVariantChars) code.resize(kMaxVariantChars);
  return code;
}

std::vector<std::string> assign_sample_names(std::span<const SampleNameRequest> requests) {
  // Source words per distinct stem, in byte order, with an ordinal for a stem whose source part (at full
  // width) another stem already has.
  std::set<std::string> stems;
  for (const auto& r : requests) stems.insert(r.source_stem);
  std::map<std::string, std::vector<std::string>, std::less<>> words_of;
  std::set<std::string> taken;
  for (const std::string& stem : stems) {
    std::vector<std::string> words = source_words(stem);
    std::string abbreviation = abbreviate_words(words, kMaxSourceChars);
    for (int ordinal = 2; taken.count(abbreviation) > 0; ++ordinal) {
      const std::string digits = std::to_string(ordinal);
      abbreviation = abbreviate_words(words, kMaxSourceChars - digits.size()) + digits;
    }
    taken.insert(abbreviation);
    words_of[stem] = {abbreviation};  // the settled source part, as one word
  }

  std::map<std::pair<SampleKind, std::string>, int> counters;
  std::set<std::string> used;
  std::vector<std::string> names;
  names.reserve(requests.size());
  for (const auto& r : requests) {
    const int index = ++counters[{r.kind, r.source_stem}];
    const std::string index_text = fmt::format("{:02d}", index);
    std::string variant = variant_code(r.variant);
    const std::size_t fixed = 2 + 1 + 1 + index_text.size();  // "KK_" + "_NN"
    std::size_t source_budget = std::min(kMaxSourceChars, kTr8sMaxNameLength - fixed);
    if (!variant.empty()) {
      const std::size_t room = kTr8sMaxNameLength - fixed - 1;  // what source and variant share
      if (room < kMinSourceChars + variant.size())
        variant.resize(room > kMinSourceChars ? room - kMinSourceChars : 0);
      if (!variant.empty()) source_budget = std::min(source_budget, room - variant.size());
    }
    const std::string source = abbreviate_words(words_of.at(r.source_stem), source_budget);
    std::string base = fmt::format("{}_{}_{}", kind_code(r.kind), source, index_text);
    if (!variant.empty()) base += "_" + variant;

    std::string name = base;
    for (int k = 2; used.count(name) > 0; ++k) {
      const std::string suffix = "-" + std::to_string(k);
      name = base.substr(0, std::min(base.size(), kTr8sMaxNameLength - suffix.size())) + suffix;
    }
    used.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace afterglow::render
