#pragma once
// Dusting (reference §9.3, dust_pads.py, made right): each pad gets a hiss laid under it.
//
//   files     the .wav files (any case of the extension) directly in each folder, sorted by name, so
//             the order never depends on the filesystem's.
//   picks     one hiss per pad, drawn with a seeded generator in pad order: the same seed and folders
//             give the same picks (the original used Python's unseeded RNG).
//   mix       the hiss resampled to the pad's rate when they differ, tiled (repeated from its start) or
//             cut to the pad's length; a mono pad or hiss goes to both channels when the other is
//             stereo; output = pad + hiss · 10^(mix_db / 20), exactly — no normalisation by default,
//             so the pad keeps its level (the original normalised every result to -1 dBFS).
//   clipping  a sum that would pass full scale is scaled down as a whole to peak at -1 dBFS, with a
//             warning naming the file and the gain (never clipped); `normalize` instead brings every
//             output to -1 dBFS, the original's behaviour.
//   names     <pad stem>_dust_<hiss tag>.wav; the tag is the hiss stem without a leading "hiss_", cut
//             to 8 characters. Two hisses whose tags would be equal get -2, -3... in name order, and a
//             name already used in this run gets _2, _3..., so no output overwrites another.
//   output    24-bit WAV at the pad's rate (24-bit steps are 1.2e-7, so a file holds pad + hiss · gain
//             within 1e-6), written atomically inside the export root.
//
//   own files every run lists what it wrote in <out>/.afterglow-dust; a folder's files listed there are
//             never read as pads or hiss, so dusting into the pads folder (or running twice) never
//             dusts a dusted pad again (the original re-read its own output).
//
// A pad or hiss that cannot be read, or is silent, is reported and left out; the others go on.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/io/audio_buffer.h"
#include "afterglow/io/export_root.h"

namespace afterglow::render {

inline constexpr double kDefaultDustMixDb = -12.0;
inline constexpr std::uint64_t kDefaultDustSeed = 0x44555354ull;
inline constexpr double kDustHeadroomDbfs = -1.0;
inline constexpr std::size_t kDustTagLength = 8;
inline constexpr const char* kDustMarkerName = ".afterglow-dust";

// The .wav files directly in `dir`, sorted by file name. kNotFound when it is not a folder.
Result<std::vector<std::filesystem::path>> list_wav_files(const std::filesystem::path& dir);

// The name tag of each hiss (index-aligned, distinct).
std::vector<std::string> hiss_tags(const std::vector<std::filesystem::path>& hisses);

// For each of `pad_count` pads, the index of its hiss among `hiss_count`, drawn from `seed`.
std::vector<std::size_t> pick_hisses(std::size_t pad_count, std::size_t hiss_count, std::uint64_t seed);

// pad + hiss · 10^(mix_db/20) with the hiss resampled, tiled or cut, and channels matched as above; no
// gain is applied afterwards. kInvalidValue for empty input or a failed resample.
Result<io::AudioBuffer> dust(const io::AudioBuffer& pad, const io::AudioBuffer& hiss, double mix_db);

struct DustOptions {
  double mix_db = kDefaultDustMixDb;
  std::uint64_t seed = kDefaultDustSeed;
  bool normalize = false;
  bool dry_run = false;
};

struct DustedFile {
  std::filesystem::path pad;
  std::filesystem::path hiss;
  std::filesystem::path output;
  double gain_db = 0.0;  // applied after the mix: 0 unless it would clip, or with `normalize`
};

struct DustReport {
  std::vector<DustedFile> written;    // planned, on a dry run
  std::vector<std::string> failures;  // one message per file left out, naming it
  std::vector<std::string> warnings;
};

// Dusts every pad in `pads_dir` with a hiss from `hiss_dir` into `out_dir`. Fails (nothing written)
// only when a folder cannot be listed, `hiss_dir` holds no usable hiss or `out_dir` lies outside
// `root`; a file that cannot be read or written is a failure in the report and the batch goes on.
Result<DustReport> dust_folder(const std::filesystem::path& pads_dir, const std::filesystem::path& hiss_dir,
                               const std::filesystem::path& out_dir, const DustOptions& options,
                               const io::ExportRoot& root);

}  // namespace afterglow::render
