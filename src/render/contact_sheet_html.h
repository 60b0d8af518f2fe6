#pragma once
// The contact sheet's page, built from entries that are already measured and linked (contact_sheet.cpp
// does the scanning and the images). Private to the render layer.

#include <string>
#include <vector>

namespace afterglow::render {

struct SheetEntry {
  std::string name;             // file name as on disk (escaped on output)
  std::string audio_url;        // relative, percent-encoded
  std::string spectrogram_url;  // relative, percent-encoded; empty when unreadable
  std::string waveform_url;
  double duration_sec = 0.0;
  std::string format;  // "44.1 kHz · 16-bit · mono"
  std::string grade;   // "A", "B", "F" or ""
  std::string brightness;
  std::string key;
  std::string error;  // non-empty: listed as unreadable with this reason
};

struct SheetGroup {
  std::string title;  // folder below the sheet's folder, e.g. "AFTERGLOW/PADS" or "rain/pads"
  std::vector<SheetEntry> entries;
};

struct SheetPage {
  std::string title;
  std::string manifest_note;  // where the metadata came from
  int thumb_width = 320;
  int spectrogram_height = 120;
  int waveform_height = 40;
  std::vector<SheetGroup> groups;
};

std::string contact_sheet_html(const SheetPage& page);

}  // namespace afterglow::render
