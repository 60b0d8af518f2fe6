#pragma once
// What `afterglow render` is asked to produce: which phases run, the seeds every source draws from,
// and the names sources take in the afterglow layout.
//
// Determinism: each (source, phase) pair draws from its own seed, derived from the global seed and
// the source's corpus id, so a source renders the same whether it is rendered alone, first or last,
// and whatever the number of worker threads.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/analysis/corpus.h"
#include "afterglow/core/result.h"

namespace afterglow::render {

// In save order: the four texture phases of `make_textures.py`, then the two auxiliary tools
// (mine_drums.py, mine_silences.py) as phases of the same render.
enum class Phase { kPads, kDrones, kClouds, kHiss, kDrums, kRoomTone };
inline constexpr Phase kAllPhases[] = {Phase::kPads, Phase::kDrones, Phase::kClouds,
                                       Phase::kHiss, Phase::kDrums,  Phase::kRoomTone};
inline constexpr std::size_t kPhaseCount = std::size(kAllPhases);

std::string_view to_string(Phase phase);  // "pads", "drones", "clouds", "hiss", "drums", "roomtone"

// The default is the original's texture render (pads, drones, clouds, hiss): drums and room tone are
// opted into by name (or "all"), so a config.yaml renders exactly what it always did.
struct PhaseSet {
  bool pads = true;
  bool drones = true;
  bool clouds = true;
  bool hiss = true;
  bool drums = false;
  bool room_tone = false;
  bool contains(Phase phase) const;
  // Only `phase`.
  static PhaseSet only(Phase phase);
  // "pads,drones,clouds,hiss,drums,roomtone" (any subset, any order; spaces allowed); "all" is every
  // phase, "default" the four texture phases. kUsage for an unknown name or an empty list.
  static Result<PhaseSet> parse(std::string_view text);
};

// Which phases read a source of `role`, following the original's folders: pads are mined from
// everything that is not drums (source_audio_dir and pad_sources_dir are often the same folder);
// drones and clouds come from pad sources (and sources of no particular role); hiss from drums.
// Drum slicing reads drums and role-less sources (mine_drums.py took any file it was given; a pad or
// source folder holds sustained material whose few "onsets" would only make junk slices). Room tone
// reads every source but drums: the quiet stretches between takes live in whole recordings
// (source, pads, role-less), while the gaps in a drum stem are hit decays, which the slicer covers.
bool phase_reads(Phase phase, analysis::SourceRole role);

// The seed a source's phase draws from: a 64-bit mix of the global seed, the source id and the phase.
std::uint64_t derive_seed(std::uint64_t global_seed, std::string_view source_id, Phase phase);

// The default global seed when neither the scene nor --seed gives one: renders are reproducible by
// default, as every other part of the program.
inline constexpr std::uint64_t kDefaultRenderSeed = 0x41474C57ull;

// Folder and file-name prefix per source: its stem, or — when two sources share a stem (same file
// name in different folders) — its corpus id made file-safe, so outputs never collide (the original
// let the later file overwrite the earlier one, reference §15.2 item 9). Index-aligned with `sources`.
std::vector<std::string> source_labels(std::span<const analysis::CorpusSource> sources);

// `text` with every character that is not safe in a file name on every platform replaced by '_'.
std::string file_safe(std::string_view text);

}  // namespace afterglow::render
