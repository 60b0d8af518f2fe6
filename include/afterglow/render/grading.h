#pragma once
// Per-output metrics and the A/B/F grade (reference §10.4), computed on the mono downmix so that a
// stereo file is measured as it sounds (the original measured the centroid and pitch of [n][2] arrays
// along the wrong axis).
//
// The seam metric is the one deliberate change. The original compared the first and last S samples as
// if they were played on top of each other, which says nothing about a loop (and made A grades rare).
// Here loop_error_db measures the real wrap, where the loop's last sample is followed by its first, on
// the S = min(len/8, 2048) samples either side of it:
//   - step and kink: the first and second differences that straddle the wrap (|y[0] - y[L-1]|, and
//     y[L-2] - 2 y[L-1] + y[0] and its neighbour), beyond the 99.9th percentile of the same differences
//     inside the loop: a jump, or a slope reversing, that the sound itself never makes is a click;
//   - level: the short-term level of the last S against the first S, beyond a 1 dB allowance for the
//     natural wobble of noise and texture: a dip or a jump in loudness at every repeat.
// Each excess is taken relative to the loop's RMS (the level excess as 10^(dB/20) - 1), and
//   loop_error_db = 20 log10(max(step excess, level excess) + 1e-12).
// A seamless loop has no excess and scores -240 dB; a loop cut mid-cycle or with a faded tail scores
// within a few dB of 0 and grades B. One-shots (swells, clouds, flickers) have no seam: none.

#include <optional>
#include <span>
#include <string_view>

#include "afterglow/config/original_sections.h"
#include "afterglow/io/audio_buffer.h"

namespace afterglow::render {

enum class Grade { kA, kB, kF };
std::string_view to_string(Grade grade);  // "A", "B", "F"

struct AudioMetrics {
  double duration_sec = 0.0;
  double rms_db = 0.0;                  // dsp::rms_db of the mono downmix (-80 for digital silence)
  double peak = 0.0;                    // linear, of the mono downmix
  double crest_factor = 0.0;            // peak / rms, or +inf when rms <= 1e-9
  double centroid_hz = 0.0;             // mean magnitude-weighted (librosa) centroid over every frame
  std::optional<double> est_freq_hz;    // pads and swells only (reference §2.10)
  std::optional<double> loop_error_db;  // loops only, at the real seam (above)
};

struct MeasureOptions {
  bool estimate_pitch = false;  // pads, drone loops and swells
  bool is_loop = false;
};

inline constexpr double kCrestSilentRms = 1e-9;
inline constexpr double kLoopErrorFloor = 1e-12;
inline constexpr double kLoopLevelAllowanceDb = 1.0;

// The seam length of the reference: min(len/8, 2048).
std::size_t seam_length(std::size_t frames);

// loop_error_db of a mono loop as described above; nullopt when the seam length is 0.
std::optional<double> loop_error_db(std::span<const float> mono);

// Metrics of `audio` (1 or 2 channels). An empty buffer gives zeros, crest inf and no seam.
AudioMetrics measure_audio(const io::AudioBuffer& audio, const MeasureOptions& options = {});

// The reference's grade_audio, thresholds m = min_rms_db, c = clipping_tolerance, k = max_crest_factor:
//   F if rms_db < m, or peak >= 1 - c, or crest > k;
//   A if rms_db > m + 15 and crest < 0.6 k and (no loop error or loop error < -30 dB);
//   B otherwise.
// A missing rms counts as -120 dB, a missing peak as 0, a missing crest as +inf (as the original).
Grade grade_audio(std::optional<double> rms_db, std::optional<double> peak,
                  std::optional<double> crest_factor, std::optional<double> loop_error_db,
                  const config::CurationThresholds& thresholds);

Grade grade_audio(const AudioMetrics& metrics, const config::CurationThresholds& thresholds);

}  // namespace afterglow::render
