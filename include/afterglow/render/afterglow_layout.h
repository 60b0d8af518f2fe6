#pragma once
// The afterglow layout (reference §11.1) — the original's tree and file names, so existing habits and
// scripts keep working:
//
//   <out>/<label>/pads/     <label>_padNN[_tag].wav, <label>_<var>_loop_<name>.wav,
//   <label>_<var>_reversed.wav <out>/<label>/swells/   <label>_<var>_swell01.wav <out>/<label>/clouds/
//   cloud_<label>_NN[_tag].wav <out>/<label>/hiss/     hiss_loop_<label>_NN.wav, hiss_flicker_<label>_NN.wav
//   <out>/synthetic/hiss/   hiss_loop_NN.wav, hiss_flicker_NN.wav
//   <out>/manifest.csv
//
// WAV at the render rate and global.output_bit_depth (TPDF dither at 16 bits, seeded per file from its
// path, so files are byte-identical run to run). With curation.auto_delete_grade_f, an F-graded sound
// is not written but keeps its manifest row with saved=False, as in the original.
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "afterglow/config/original_sections.h"
#include "afterglow/core/result.h"
#include "afterglow/io/export_root.h"
#include "afterglow/render/phase_common.h"
#include "afterglow/render/tr8s_kit.h"

namespace afterglow::render {

inline constexpr const char* kManifestName = "manifest.csv";

// Per item: false when it is graded F and curation.auto_delete_grade_f is set.
std::vector<bool> curate(const PhaseOutput& output, const config::CurationConfig& curation);

struct AfterglowWriteOptions {
  int bit_depth = 24;
  std::uint64_t dither_seed = io::kDefaultDitherSeed;
};

// Writes every saved item to <out>/<its path>. Each file is written atomically (complete or absent).
// Fails on the first file that cannot be written. Returns the number of files written.
Result<std::size_t> write_afterglow_files(const PhaseOutput& output, const std::vector<bool>& saved,
                                          const std::filesystem::path& out,
                                          const AfterglowWriteOptions& options, const io::ExportRoot& root);

// The manifest rows in save order: each item's row plus `saved`; with a kit plan (whose samples are
// the saved items, in order), its short_name and tr8s_path (empty for sounds not in the kit).
std::vector<ManifestRow> layout_manifest_rows(const PhaseOutput& output, const std::vector<bool>& saved,
                                              const Tr8sKitPlan* kit);

}  // namespace afterglow::render
