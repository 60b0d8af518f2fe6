#pragma once
// What every render phase shares: the context it runs in, the container it fills, and the few steps
// each of them repeats (centre excerpt, seamless loop, metrics + grade + manifest row).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "afterglow/analysis/brightness.h"
#include "afterglow/analysis/corpus.h"
#include "afterglow/config/scene.h"
#include "afterglow/core/result.h"
#include "afterglow/io/audio_buffer.h"
#include "afterglow/render/kit_item.h"
#include "afterglow/render/render_plan.h"

namespace afterglow::render {

// One source as a phase sees it.
struct PhaseSource {
  const analysis::CorpusSource* source = nullptr;
  std::string label;  // folder and file prefix (render_plan.h source_labels)
  std::uint64_t seed = 0;
};

// Rendered sounds, with where each goes in the afterglow layout (relative to the export folder).
struct PhaseOutput {
  std::vector<KitItem> items;
  std::vector<std::filesystem::path> paths;
  std::vector<std::string> warnings;  // things skipped inside an otherwise good source
  void append(PhaseOutput&& other);
  std::size_t size() const { return items.size(); }
};

// The afterglow layout's sub-folder for a kind: pads, swells, clouds, hiss, drums or silences (routed
// by kind, never by a name containing "swell" as the original did).
std::string_view layout_folder(SampleKind kind);

// The original's manifest `type`: drone loops and reversed loops are "pad", flickers "hiss", drum
// slices "drum", room tone "silence".
std::string_view manifest_type(SampleKind kind);

// The centre `length` frames of `x` (all of it when shorter): start = (len - length) / 2.
std::vector<float> centre(std::span<const float> x, std::size_t length);

// `samples` (planar, equal lengths) as a buffer at `rate`.
io::AudioBuffer make_buffer(std::vector<std::vector<float>> samples, double rate);

// Key and tempo columns of a source, as the original writes them ("A min"; the BPM only when its
// confidence is above 0.4, else None).
void add_musical_columns(ManifestRow& row, const analysis::CorpusSource& source);

// Measures `audio`, grades it with the scene's thresholds and builds the item and its manifest row.
// `brightness` adds the brightness column (and is what the caller put in the file name).
struct ItemSpec {
  SampleKind kind = SampleKind::kPad;
  std::string variant;
  std::string file_name;  // e.g. "rain_pad01_dark.wav"
  bool is_loop = false;
  bool estimate_pitch = false;
  std::optional<analysis::Brightness> brightness;
};
void add_item(PhaseOutput& out, io::AudioBuffer audio, const ItemSpec& spec, const PhaseSource& src,
              const config::Scene& scene);

// The brightness class of `audio` (mono downmix centroid) with the scene's brightness_tags bounds.
analysis::Brightness brightness_of(const io::AudioBuffer& audio, const config::Scene& scene);

// Seconds as frames at `rate`, as the original's int(sec * sr).
std::size_t seconds_to_frames(double seconds, double rate);

}  // namespace afterglow::render
