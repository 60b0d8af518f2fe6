#pragma once
// Drum slices (reference §9.1, mine_drums.py, as a render phase): a drum recording cut at its hits.
//
//   onsets    the mono downmix's mel-flux onset envelope (analysis/onset_strength.h: n_fft 2048, hop 512,
//             librosa's onset_strength), peak-picked exactly as librosa.onset.onset_detect with the
//             drum_miner windows, which are frames of 512 samples as in the original (pre_max, post_max,
//             pre_avg, post_avg, wait; delta on the envelope normalised to [0, 1]). With
//             onset_backtrack, the slice opens fade_in_ms before the hit's attack, found to the sample
//             between the envelope's preceding local minimum (librosa's backtrack) and the peak frame:
//             the attack is where the energy of the next 2 ms rises most above that of the 2 ms before.
//             The original stopped at the frame minimum, which noise puts anywhere from 0 to ~50 ms
//             before the hit, leaving the previous sound's tail at the head of the slice. Without
//             onset_backtrack a slice opens on its peak frame (frame × 512), as in the original.
//             The envelope's first frames reach into the centring pad and rise even over steady noise;
//             unless the file opens on a hit (a peak above min_peak_db in its first 2048 samples) they
//             are ignored, because that false onset, with the long `wait`, would swallow a real hit in
//             the first ~0.35 s (as it does in the original).
//   slices    onset i to onset i + 1 (the last to the end of the file), cut to max_length_sec; a slice
//             shorter than min_length_sec or whose peak is below min_peak_db is dropped; linear fades
//             of fade_in_ms / fade_out_ms (int(ms * rate / 1000) samples, each at most half the slice);
//             peak-normalised to global.target_peak_dbfs (a silent slice is skipped); at most
//             max_saved_per_file slices per source, in time order.
//
// The phase reads sources of role drums and role-less sources (render_plan.h phase_reads). It is
// deterministic: no randomness at all. Files: <label>/drums/<label>_drum_NNN.wav (NNN from 001),
// mono at the render rate; their manifest rows add source_start_sec and source_end_sec, where in the
// source the slice was cut. TR-8S kit: DRUMS, code DM.
#include <cstddef>
#include <span>
#include <vector>

#include "afterglow/config/tool_sections.h"
#include "afterglow/render/phase_common.h"

namespace afterglow::render {

// The drum miner's hop: its peak-pick windows are counted in frames of this many samples.
inline constexpr std::size_t kDrumHop = 512;
inline constexpr std::size_t kDrumFft = 2048;
// The energy windows either side of a candidate attack sample.
inline constexpr double kAttackWindowSec = 0.002;

// Where one slice was cut from the source, in samples: [start, end).
struct DrumSlice {
  std::size_t start = 0;
  std::size_t end = 0;
  std::size_t length() const { return end - start; }
};

// Where slices open, in samples, ascending: refined attacks less the lead-in with onset_backtrack,
// peak frames × 512 without.
// kInvalidValue for a rate that is not positive and finite.
Result<std::vector<std::size_t>> detect_drum_onsets(std::span<const float> mono, double rate,
                                                    const config::DrumMinerConfig& cfg);

// The slices the phase keeps, before fades and normalisation: every rule above but the silent-slice
// skip (a slice whose peak passes min_peak_db is never silent) and max_saved_per_file.
Result<std::vector<DrumSlice>> find_drum_slices(std::span<const float> mono, double rate,
                                                const config::DrumMinerConfig& cfg);

// The phase. A source with no slice is not a failure (the original exits 0 too): the output is empty
// and carries a warning.
Result<PhaseOutput> render_drums(const PhaseSource& src, const config::Scene& scene);

}  // namespace afterglow::render
