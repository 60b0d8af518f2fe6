#pragma once
// Pads (reference §4, intended behaviour): the pads the corpus mined from a source (analysis/pad_miner.h
// — every target duration, near-duplicates dropped), each made a seamless loop (dsp/loop: the tail is
// blended into the head and removed, so the wrap neither clicks nor dips; pad_miner.loop_crossfade_ms,
// trim search on), peak-normalised to global.target_peak_dbfs, and tagged dark / mid / bright by its
// own centroid with the brightness_tags bounds (the same bounds for the file name and the manifest).
// Stereo when export.pads_stereo (the source's own channels; a mono source is doubled).
//
// Files: <label>/pads/<label>_padNN[_<tag>].wav, NN from 01 in mining order. At most
// len(target_durations_sec) × max_candidates_per_file per source.
#include "afterglow/render/phase_common.h"

namespace afterglow::render {

// The most pads a source can give.
std::size_t max_pads_per_source(const config::Scene& scene);

// kSilent when the source has no level at all; otherwise the pads (possibly none: nothing steady enough).
Result<PhaseOutput> render_pads(const PhaseSource& src, const config::Scene& scene);

}  // namespace afterglow::render
