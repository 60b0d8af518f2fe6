#pragma once
// TR-8S sample names: at most 16 characters of [A-Z0-9_-], unique within the kit, and readable on the
// unit's small display. A name reads kind, source, index, variant:
//
//     PD_RAIN_03_DK      pad 3 from "rain", dark
//     DR_CELLO_01_P7     drone loop 1 from "Cello", pitched up 7 semitones
//     HS_SYNTHE_02       hiss loop 2 from synthetic noise
//
// - kind: the two-letter code of kind_code() (PD DR SW CL HS FL RV DM RT);
// - source: up to 6 characters from the stem. Non-ASCII Latin letters are transliterated (é -> E,
//   ß -> SS, Ø -> O), anything else outside A-Z/0-9 separates words; track-number words ("01 - Rain")
//   are dropped when the stem has other words. The words joined if they fit, else the first word's
//   start followed by the initials of the rest. Distinct stems never share a source part: the later stem
//   (in byte order) gets an ordinal ("RAIN", "RAIN2");
// - index: 1-based per kind and source, in input order, two digits (three past 99);
// - variant: codes of the variant words: DK WM AR NT BR MD (dark, warm, airy, neutral, bright, mid),
//   TN (tuned), P7 / M5 (pitch +7 / -5), S2 / S05 (stretch 2.0 / 0.5); "original", "loop" and the like
//   say nothing and are left out. A long variant takes characters from the source part (down to 2).
// Should two names still coincide (a short source part shared after truncation), the later one ends in
// "-2", "-3"... Everything is a pure function of the requests in order: the same input, the same names.
//
// The original's format_for_tr8s did none of this (reference §15.2 item 17): its greedy prefix regex ate
// everything up to the last underscore, hiss names took the last 3 characters, drum numbers came from
// the stem's digits, and a clash became "_1" past the display's length.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/render/kit_item.h"

namespace afterglow::render {

inline constexpr std::size_t kMaxSourceChars = 6;
inline constexpr std::size_t kMinSourceChars = 2;
inline constexpr std::size_t kMaxVariantChars = 5;

// UTF-8 text as name words: transliterated, upper case, split at every character outside A-Z/0-9.
// Invalid UTF-8 bytes and characters with no Latin reading are dropped.
std::vector<std::string> name_words(std::string_view utf8);

// `text` as a single name: name_words joined by '_', cut to `max_length`. Empty when nothing is left.
std::string sanitize_name(std::string_view text, std::size_t max_length = kTr8sMaxNameLength);

// The source part for `stem` in at most `max_chars` characters ("SRC" when nothing readable is left).
std::string abbreviate_source(std::string_view stem, std::size_t max_chars = kMaxSourceChars);

// The variant code ("" when the variant says nothing), at most kMaxVariantChars characters.
std::string variant_code(std::string_view variant);

struct SampleNameRequest {
  SampleKind kind = SampleKind::kPad;
  std::string source_stem;
  std::string variant;
};

// One name per request, in order; every name is_valid_tr8s_name() and all are distinct.
std::vector<std::string> assign_sample_names(std::span<const SampleNameRequest> requests);

}  // namespace afterglow::render
