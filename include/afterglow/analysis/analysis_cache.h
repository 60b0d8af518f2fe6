#pragma once
// The on-disk analysis cache: makes the second load of an archive a file read instead of a decode,
// resample and STFT.
//
// Where: <export root>/.afterglow-cache/analysis/<content>-<params>.agc, where <content> is the XXH3-64
// hash of the source file's bytes and <params> the XXH3-64 hash of everything SourceFeatures depends on
// (FeatureParams in full, the format version and kAnalysisAlgorithmVersion). Renaming or moving a file
// keeps its cache entry; editing it, or changing the engine rate or an STFT/window setting, makes a new
// one. Old entries are never deleted automatically; removing the folder is always safe.
//
// What: the SourceFeatures of one file (analysis_cache.cpp documents the exact layout, docs/analysis.md
// too): a 64-byte header (magic "AGLWANA\0", format version, both hashes, payload size, XXH3-64 checksum
// of the payload), a fixed block of scalars and counts, then the arrays in a fixed order — audio
// channels, frame features, window features, window measures — as little-endian float32 / uint32 /
// uint64. Threshold-dependent results (mask, pads, key, tempo, descriptors) are not stored: they are
// recomputed in milliseconds on load, so changing a scene's thresholds never invalidates the cache.
//
// Writes go through io::prepare_write (export-root containment, free space) and
// io::write_file_atomically, so a crash never leaves a half-written entry under the final name. Loading
// reads each array with one read(2) straight into its final vector (no intermediate copy, so peak memory
// is the result itself) and verifies the checksum; a missing, truncated, corrupted or mismatched entry
// is logged at debug level and reported as a miss, and the caller re-analyses and rewrites it.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "afterglow/analysis/source_analysis.h"
#include "afterglow/core/result.h"
#include "afterglow/io/export_root.h"

namespace afterglow::analysis {

inline constexpr std::uint32_t kAnalysisCacheFormatVersion = 1;
// Bumped whenever the analysis code changes what it computes for the same parameters, so entries made
// by an older build are not reused.
inline constexpr std::uint32_t kAnalysisAlgorithmVersion = 1;

// "<base>/.afterglow-cache/analysis" with `base` the export root.
std::filesystem::path analysis_cache_dir(const std::filesystem::path& export_root);

// XXH3-64 of the file's bytes, read in 1 MiB chunks. kNotFound / kPermission / kFilesystem on failure.
Result<std::uint64_t> hash_file_content(const std::filesystem::path& path);

// XXH3-64 of every field of `params` and the two versions above.
std::uint64_t hash_feature_params(const FeatureParams& params);

class AnalysisCache {
 public:
  AnalysisCache(std::filesystem::path dir, io::ExportRoot root);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path entry_path(std::uint64_t content_hash, std::uint64_t params_hash) const;

  // nullopt on any miss (absent, unreadable, truncated, corrupted, other version or parameters); the
  // reason is logged at debug level. `expected_rate` must match the stored engine rate.
  std::optional<SourceFeatures> load(std::uint64_t content_hash, std::uint64_t params_hash,
                                     double expected_rate) const;

  Status store(std::uint64_t content_hash, std::uint64_t params_hash, const SourceFeatures& features) const;

 private:
  std::filesystem::path dir_;
  io::ExportRoot root_;
};

}  // namespace afterglow::analysis
