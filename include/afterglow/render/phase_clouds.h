#pragma once
// Granular clouds (reference §7, intended behaviour), rendered by the live engine's gen::Cloud from a
// pad source's mono downmix, so an exported cloud is what the cloud layer plays:
//
//   grain length  clouds.grain_length_min_ms … max_ms: the Cloud's size is their geometric mean and its
//                 size spread covers the range (each grain's length × 2^(±2·spread));
//   density       the original's placement hop, (min + max)/2 × (1 − overlap_ratio), as grains per
//                 second — overlap_ratio sets the density, as it did;
//   pool          clouds.grains_per_cloud is the Cloud's grain pool (voices);
//   pitch         each grain shifted by a uniform draw from clouds.pitch_shift_range plus the
//                 transposition to musicality.target_key (the original's shift was a no-op, §0.2);
//   start         anywhere in the source (position 0.5, spray 1), periodic placement as the original;
//   stereo        export.clouds_stereo: grains panned across the field; otherwise mono;
//   duration      clouds.cloud_duration_sec, or with musicality.snap_to_grid and a known tempo
//                 (reference_bpm, or the detected BPM when reference_bpm is "detect" and its confidence
//                 is above 0.4) bar_lengths[0] bars of 4/4: bars × 240 / BPM;
//   then          clouds.lowpass_hz (Butterworth order 3, zero-phase) when set, 10 ms linear edge fades
//                 (at most a quarter of the length), normalised to clouds.target_peak_dbfs (else the
//                 global target), tagged by brightness.
//
// Files: <label>/clouds/cloud_<label>_NN[_<tag>].wav, clouds.clouds_per_source per source. Cloud i
// draws from its own seed (the source's cloud seed + i).
#include "afterglow/render/phase_common.h"

namespace afterglow::render {

std::size_t clouds_per_source(const config::CloudsConfig& clouds);

// The duration in seconds for a source (snap to grid as above).
double cloud_duration_sec(const analysis::CorpusSource& source, const config::Scene& scene);

Result<PhaseOutput> render_clouds(const PhaseSource& src, const config::Scene& scene);

}  // namespace afterglow::render
