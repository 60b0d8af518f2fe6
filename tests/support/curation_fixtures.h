#pragma once
// A generated archive for `curate` with known answers: 15 drum hits of which 3 have clearly the best
// crest/level score (and a clipped hit that would beat them without the clipping penalty), and 12 pads
// of which 2 are clearly best (long and tonal; the rest shorter, noisy or too quiet).

#include <filesystem>
#include <set>
#include <string>

namespace afterglow::test {

struct CurationArchive {
  std::set<std::string> best_drums;  // relative to the archive root, '/'-separated
  std::set<std::string> best_pads;
  std::string clipped_drum;
};

inline constexpr std::size_t kArchiveDrums = 15;
inline constexpr std::size_t kArchivePads = 12;

CurationArchive write_curation_archive(const std::filesystem::path& root);

}  // namespace afterglow::test
