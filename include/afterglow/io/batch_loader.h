#pragma once
// Loading a list of files where one bad file never aborts the batch: each failure is logged as a
// warning when it happens and collected, and the caller gets the loaded audio plus a summary to print
// at the end (and to choose the "partial success" exit code from).

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "afterglow/core/error.h"
#include "afterglow/io/audio_buffer.h"
#include "afterglow/io/audio_reader.h"

namespace afterglow::io {

struct LoadedFile {
  std::filesystem::path path;
  AudioBuffer audio;
};

struct LoadFailure {
  std::filesystem::path path;
  Error error;
};

struct BatchLoadResult {
  std::vector<LoadedFile> loaded;     // in input order
  std::vector<LoadFailure> failures;  // in input order

  std::size_t attempted() const { return loaded.size() + failures.size(); }
  bool all_ok() const { return failures.empty(); }
  // "Loaded 2 of 3 audio files; 1 failed: a.wav (unreadable audio)".
  std::string summary() const;
};

BatchLoadResult load_batch(const std::vector<std::filesystem::path>& paths, const ReadOptions& options = {});

}  // namespace afterglow::io
