#pragma once
// The TR-8S sample set: rendered sounds written where and how the unit imports them.
//
//   <out>/ROLAND/TR-8S/SAMPLE/<KIT>/PADS/PD_RAIN_01_DK.WAV
//                                  /DRONES/ SWELLS/ CLOUDS/ HISS/ (DRUMS/ ROOMTONE/)
//                                  /KIT.txt            how to import, the budget used, what was left out
//
// Each sound is converted to the kit's format (44.1 kHz, 16-bit with TPDF dither, mono by default;
// 48 kHz, 24-bit and stereo on request), named (sample_name.h) and fitted to the unit's memory
// (budget.h). User samples cannot loop on the TR-8S, so a seamless loop is baked into a long one-shot:
// the loop repeated to the loop length (8 s by default; a loop already longer plays once) with a 5 ms
// fade-in and a 50 ms fade-out, so the sample neither clicks on trigger nor at its end. The repetition
// happens at the source rate, before resampling, so the converter sees the wraps as continuous sound.
//
// Nothing is created unless the kit folder lies inside the export root; every file then goes through
// io::write_wav or an atomic write, so a file in the kit is complete or absent.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "afterglow/config/live_sections.h"
#include "afterglow/config/original_sections.h"
#include "afterglow/core/result.h"
#include "afterglow/io/export_root.h"
#include "afterglow/io/wav_writer.h"
#include "afterglow/render/budget.h"
#include "afterglow/render/kit_item.h"
#include "afterglow/render/manifest.h"

namespace afterglow::render {

inline constexpr double kLoopFadeInMs = 5.0;
inline constexpr double kLoopFadeOutMs = 50.0;
inline constexpr const char* kKitReadmeName = "KIT.txt";

struct Tr8sExportOptions {
  std::string kit_name = "AFTERGLOW";  // made a valid TR-8S name (sanitize_name) before use
  int sample_rate = 44100;             // 44100 or 48000
  int bit_depth = 16;                  // 16 or 24
  bool stereo = false;                 // keep stereo sounds stereo (each costs double)
  double loop_length_sec = 8.0;
  bool dither = true;
  std::uint64_t dither_seed = io::kDefaultDitherSeed;  // each file's seed is derived from it and its name
  double loop_fade_in_ms = kLoopFadeInMs;
  double loop_fade_out_ms = kLoopFadeOutMs;
  BudgetLimits limits;
  config::CurationThresholds thresholds;  // for sounds that arrive without a grade

  // The scene's tr8s section (its `headroom` is the budget's free-memory fraction).
  static Tr8sExportOptions from_config(const config::Tr8sConfig& tr8s,
                                       const config::CurationThresholds& thresholds = {});
};

// What happens to one input sound.
struct Tr8sSamplePlan {
  Tr8sCategory category = Tr8sCategory::kPads;
  Grade grade = Grade::kB;
  std::size_t frames = 0;    // as exported, at the kit's rate
  std::size_t channels = 1;  // as exported
  double cost_sec = 0.0;     // 44.1 kHz mono-equivalent seconds
  bool kept = false;
  std::string short_name;    // kept sounds only
  std::string tr8s_path;     // kept sounds: relative to the export folder, '/'-separated
  std::string omission;      // left-out sounds: why
  ManifestRow manifest_row;  // the sound's metadata plus filename, type, source, grade, short_name, tr8s_path
};

struct Tr8sKitPlan {
  std::string kit_name;                 // as used (sanitised)
  std::filesystem::path kit_dir;        // <out>/ROLAND/TR-8S/SAMPLE/<KIT>
  std::vector<Tr8sSamplePlan> samples;  // one per input sound, in input order
  BudgetPlan budget;

  std::size_t kept_count() const { return budget.kept.size(); }
  std::vector<ManifestRow> manifest_rows() const;
  // The text of KIT.txt.
  std::string readme(const Tr8sExportOptions& options) const;
};

// Decides names, grades, lengths and the budget without writing anything (a dry run's plan; the export
// writes exactly this). kInvalidValue for an unusable kit name, rate, bit depth or loop length.
Result<Tr8sKitPlan> plan_tr8s_kit(std::span<const KitItem> items, const std::filesystem::path& out_dir,
                                  const Tr8sExportOptions& options = {});

// The audio of one sound as the kit holds it: channels chosen, loop baked to length with fades,
// resampled to the kit's rate; exactly plan.frames x plan.channels.
Result<io::AudioBuffer> prepare_kit_audio(const KitItem& item, const Tr8sSamplePlan& plan,
                                          const Tr8sExportOptions& options);

// Plans and writes the kit below `out_dir`. The kit folder must lie inside `root` (kPermission before
// anything is created). Fails on the first file that cannot be written (disk full, permission): files
// written before it remain complete, none is partial.
Result<Tr8sKitPlan> export_tr8s_kit(std::span<const KitItem> items, const std::filesystem::path& out_dir,
                                    const Tr8sExportOptions& options, const io::ExportRoot& root);

}  // namespace afterglow::render
