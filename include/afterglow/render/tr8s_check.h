#pragma once
// Validates a TR-8S sample folder before it goes on the card: everything the unit would refuse or
// silently mangle, listed at once, so a kit is fixed in one pass rather than one import at a time.
//
// The folder may be an export folder (holding ROLAND/TR-8S/SAMPLE/), the SAMPLE folder itself, or one
// kit. Each kit folder <KIT>/<CATEGORY>/*.WAV is checked:
//   errors (the unit refuses the file or the kit does not fit):
//     - a file libsndfile cannot open, or not WAV/AIFF; an encoding other than 8/16/24/32-bit integer
//       PCM. 32-bit float is an error for our kits: the unit reads it, but it takes twice the card
//       space of 16-bit for no audible gain and every kit this program writes is integer PCM, so a
//       float file means something other than our exporter put it there;
//     - a rate above 96 kHz; more than 2 channels; no frames;
//     - a name (without .WAV/.AIF/.AIFF) longer than 16 characters or with characters outside
//       [A-Z0-9_-]; the same name twice in the kit (any case, any folder);
//     - more than 256 files in one folder, more than 400 in the kit;
//     - a file longer than 180 s, or a kit over 600 s (44.1 kHz mono-equivalent: stereo doubles, the
//       rate scales);
//   warnings (the kit imports, but not as meant):
//     - a kit over the default headroom (540 s); audio outside a category folder or in a folder the
//       layout does not know; folders nested deeper than a category; hidden files (macOS "._" forks)
//       and other files the import would meet; several kits together over the unit's memory.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "afterglow/render/budget.h"

namespace afterglow::render {

enum class Severity { kError, kWarning };

struct Tr8sProblem {
  Severity severity = Severity::kError;
  std::filesystem::path path;
  std::string message;

  std::string format() const;  // "<path>: error: <message>"
};

struct Tr8sKitSummary {
  std::filesystem::path dir;
  std::size_t files = 0;
  double total_sec = 0.0;  // 44.1 kHz mono-equivalent
};

struct Tr8sCheckReport {
  std::vector<Tr8sProblem> problems;
  std::vector<Tr8sKitSummary> kits;

  std::size_t error_count() const;
  std::size_t warning_count() const;
  bool ok() const { return error_count() == 0; }
  // True when some problem's message contains `text` (tests and scripts).
  bool mentions(std::string_view text) const;
};

// Checks `dir` as described above; a missing or unreadable folder is reported as an error problem.
// `limits` gives the hard figures (400, 600 s, 180 s, 256) and the headroom of the warning.
Tr8sCheckReport check_tr8s_folder(const std::filesystem::path& dir, const BudgetLimits& limits = {});

}  // namespace afterglow::render
