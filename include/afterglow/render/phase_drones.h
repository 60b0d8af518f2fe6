#pragma once
// Drones (reference §5, intended behaviour), from each pad source's mono downmix:
//
//   variants  base: the source, pitch-shifted by the transposition to musicality.target_key when one is
//             set and a key was detected ("original_tuned"; "original" otherwise); then, for each
//             non-zero s in drones.pitch_shift_semitones, the base shifted by s semitones with its length
//             kept ("pitch_+7"); then, for each rate f in drones.time_stretch_factors with f != 1 and f > 0
//             (capped at 4), the base time-stretched at speed rate f — the original's meaning, kept for
//             compatibility: 2.0 plays twice as fast, so half as long ("stretch_2.0x", one decimal,
//             rounded half to even as Python's "%.1f"). When drones.stretch_factors is given it
//             replaces time_stretch_factors: for each length factor f != 1 in it (0.25 ≤ f ≤ 8, checked
//             by the config layer), the base time-stretched to f times its length ("length_2.0x": the
//             shortest text that reads back as f, at least one decimal, so distinct factors never share
//             a name; the "length_" prefix keeps them apart from the rate-based "stretch_"). Variants
//             are never combined.
//   per variant, with prefix <label>_<variant>:
//     loops     the centre drones.pad_loop_duration_sec made seamless (pad_miner.loop_crossfade_ms,
//               trim search on) and normalised; then one file per drones.pad_variants entry: warm
//               (Butterworth low-pass order 4 at warm_lowpass_hz), airy (high-pass order 4 at
//               airy_highpass_hz), dark (low-pass order 5 at dark_high_cut_hz), any other name
//               unfiltered. The centre excerpt is filtered zero-phase (filtfilt on (b, a), with
//               4096 frames of context either side) and then made seamless, so the loop points are
//               chosen on the band that is heard (tonal_loop below); each is normalised to the target
//               again (the original left them below it, §15.2 item 6). pads/<prefix>_loop_<name>.wav
//     swell     the centre drones.swell_duration_sec, linear fade-in and fade-out (each clamped to half
//               the length; 0 is no fade), normalised. swells/<prefix>_swell01.wav
//     reversed  (drones.enable_reversal) the seamless loop reversed and normalised.
//     pads/<prefix>_reversed.wav
//
// Count per source = V × (|pad_variants| + 1 + [enable_reversal]), V = 1 + #non-zero pitch shifts +
// #valid stretch rates != 1 — or, when stretch_factors is given, #distinct length factors != 1 (a
// variant name that repeats an earlier one is rendered once).
//
// Each variant processes only the centre region its outputs need (max(loop, swell) × the frames it
// reads per output frame — the rate, 1 / the length factor, 1 for a pitch shift — plus the vocoder's
// context either side), not the whole file: the same result as processing the whole file and cutting
// its centre, up to the vocoder's framing, at a fraction of the cost on long sources.
#include "afterglow/render/phase_common.h"

namespace afterglow::render {

// One drone variant as the original names it.
struct DroneVariant {
  std::string name;  // "original", "original_tuned", "pitch_+7", "stretch_1.5x", "length_2.0x"
  enum class Op { kNone, kPitch, kStretch, kLength } op = Op::kNone;
  double amount = 0.0;  // semitones, speed rate (kStretch) or length factor (kLength)
};

// The variant list (base first) for a transposition of `transpose` semitones.
std::vector<DroneVariant> drone_variants(const config::DronesConfig& drones, int transpose);

// Files per pad source: the count formula above.
std::size_t drones_per_source(const config::DronesConfig& drones, int transpose = 0);

// Semitones from the source's detected key to musicality.target_key (0 without either). A target key
// that does not parse is reported in `warning`.
int drone_transposition(const analysis::CorpusSource& source, const config::Scene& scene,
                        std::string* warning);

// Python's "%.1f" (round half to even on the exact binary value).
std::string format_rate(double rate);

// A length factor as its variant name writes it: the shortest round-trip text, at least one decimal
// ("2.0", "1.25", "0.3333333333333333").
std::string format_factor(double factor);

// The seamless loop of the centre `loop_frames` of `audio` filtered zero-phase by `variant` (warm /
// airy / dark; other names unfiltered). The material is filtered first and looped after, so the loop
// points and the blend curve are chosen on the band that is heard: a high band is uncorrelated across
// the blend even where the full signal is not, and a blend chosen on the full signal (equal gain) would
// dip its level by up to 3 dB at every wrap.
Result<std::vector<float>> tonal_loop(std::span<const float> audio, std::size_t loop_frames,
                                      std::string_view variant, const config::DronesConfig& drones,
                                      double crossfade_ms, double rate);

Result<PhaseOutput> render_drones(const PhaseSource& src, const config::Scene& scene);

}  // namespace afterglow::render
