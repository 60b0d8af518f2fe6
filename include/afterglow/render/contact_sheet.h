#pragma once
// The contact sheet: one offline `index.html` that shows every sample of an export folder or a TR-8S
// kit the way a musician browses a kit before copying it to the card — grouped by folder (kit category
// or afterglow layout sub-folder), each with a spectrogram thumbnail, its waveform, name, duration,
// grade, brightness and key, and a player. It replaces the original's visualize_kit (reference §9.7),
// which needed matplotlib, knew only DRUMS/PADS/FX and never refreshed a stale image.
//
//   <dir>/index.html                  (or --out, which must lie inside <dir>)
//   <dir>/contact-sheet/*.png, *.svg  spectrogram and waveform per sample, next to the index file
//   <dir>/contact-sheet/.afterglow-contact-sheet   marks the image folder so no scan treats it as samples
//
// Metadata comes from the nearest manifest.csv (in <dir> or up to four folders above it, so a kit
// folder inside an export finds the export's manifest; matching in manifest_lookup.h). A sample
// without a row is measured here: grade (grading.h), brightness (mean centroid, default bounds) and
// key (chroma + key detection).
//
// Everything the page needs is local and relative: no script, font or style from the network; the
// CSS is inline; audio `src` and image paths are relative and percent-encoded; every name is
// HTML-escaped. Images are regenerated only when the WAV is newer than them; pictures of samples that
// are gone are removed, but only from a folder an earlier sheet marked and only files named as the
// sheet names them. A file that cannot be read is listed with the reason; it never stops the sheet.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "afterglow/analysis/brightness.h"
#include "afterglow/config/original_sections.h"
#include "afterglow/core/result.h"

namespace afterglow::render {

inline constexpr const char* kContactSheetIndexName = "index.html";
inline constexpr const char* kContactSheetImageDir = "contact-sheet";
inline constexpr const char* kContactSheetMarker = ".afterglow-contact-sheet";

struct ContactSheetOptions {
  std::filesystem::path out_file;  // empty: <dir>/index.html; must lie inside <dir>
  std::string title;               // empty: the folder's name
  int thumb_width = 320;           // spectrogram and waveform, in pixels
  int spectrogram_height = 120;
  int waveform_height = 40;
  analysis::BrightnessBounds brightness;  // for samples measured here
  config::CurationThresholds thresholds;  // for samples graded here
  std::size_t jobs = 0;                   // samples drawn at once; 0: one per core, at most 8
};

struct ContactSheetSummary {
  std::filesystem::path index_file;  // absolute
  std::size_t samples = 0;           // listed, readable or not
  std::size_t unreadable = 0;        // listed with a reason instead of a picture
  std::size_t images_written = 0;    // spectrograms (re)rendered this run
  std::size_t images_reused = 0;     // up to date, left alone
  std::size_t images_removed = 0;    // pictures of samples no longer there
  std::size_t from_manifest = 0;     // samples whose metadata came from manifest.csv
  std::vector<std::string> groups;   // in page order
  double seconds = 0.0;              // wall time of the whole sheet
};

// Writes the sheet for `dir`. Errors: kNotFound (no such folder), kPermission (out_file outside
// `dir`), kFilesystem / kDiskFull (the index or an image cannot be written). Unreadable samples are
// not errors: they are counted and shown.
Result<ContactSheetSummary> write_contact_sheet(const std::filesystem::path& dir,
                                                const ContactSheetOptions& options = {});

}  // namespace afterglow::render
