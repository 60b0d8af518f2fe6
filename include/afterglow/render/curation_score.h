#pragma once
// Which category a file belongs to and how good it is, for `afterglow curate` (reference §9.4). The
// original's name rules and scores are the baseline and are kept as they are, on the mono average at
// the file's own rate, with librosa's framing (n_fft 2048, hop 512, centred) for the frame features:
//
//   drums     -100 if peak >= 0.99; + 2 crest + 0.1 rms_db          (crest = peak/rms, 0 when rms <= 1e-10)
//   pads      -20 mean flatness; -50 if rms_db < -50; + 2 duration_s
//   swells    1000 var(frame RMS) when longer than 2048 samples, else -100
//   silences  -100 if rms_db < -70; -50 if rms_db > -30; + log10(mean centroid) when it is > 0
//   hiss      mean centroid / 1000
// with rms_db = 20 log10(rms + 1e-9), so a silent file scored as drums gives -18.
//
// Deviations, each fixing something the original got wrong:
//   - The extension is matched in any case (".WAV" from a TR-8S kit was invisible to the original).
//   - Each file has exactly one category, the first that matches in the order drums, silences, hiss,
//     swells, clouds, pads. The original tested each category on its own, so a name matching two
//     (e.g. "room_silence_hiss.wav") was copied twice.
//   - A sixth category, clouds (name contains "cloud"), scored like pads: the render writes
//     cloud_<source>_NN.wav, which the original filed under pads whenever the source's name held
//     "pad" or "loop", and otherwise dropped. Pads therefore also exclude "cloud".

#include <array>
#include <optional>
#include <string_view>

#include "afterglow/core/result.h"
#include "afterglow/io/audio_buffer.h"

namespace afterglow::render {

enum class CurateCategory { kDrums, kSilences, kHiss, kSwells, kClouds, kPads };
inline constexpr std::array<CurateCategory, 6> kCurateCategories{
    CurateCategory::kDrums,  CurateCategory::kSilences, CurateCategory::kHiss,
    CurateCategory::kSwells, CurateCategory::kClouds,   CurateCategory::kPads};

// The output folder: "drums", "silences", "hiss", "swells", "clouds", "pads".
std::string_view folder_name(CurateCategory category);

// The category of a file name (lower-cased substring rules above); nullopt for a name that matches
// none, or for a file that is not a .wav (any case).
std::optional<CurateCategory> classify_for_curation(std::string_view file_name);

// What the scores read, measured once per file.
struct CurationFeatures {
  std::size_t frames = 0;
  double duration_sec = 0.0;
  double peak = 0.0;
  double rms = 0.0;
  double rms_db = 0.0;  // 20 log10(rms + 1e-9)
  double crest = 0.0;   // peak / rms, 0 when rms <= 1e-10
  double mean_flatness = 0.0;
  double mean_centroid_hz = 0.0;
  double frame_rms_variance = 0.0;  // population variance of the frame RMS
};

// kInvalidValue for an empty buffer.
Result<CurationFeatures> measure_for_curation(const io::AudioBuffer& audio);

double curation_score(CurateCategory category, const CurationFeatures& features);

}  // namespace afterglow::render
