#pragma once
// One reader per scene section, each filling its struct from a SectionReader and reporting through
// it. Cross-key rules (min <= max, below Nyquist) live with the section they belong to. Internal.

#include <yaml-cpp/yaml.h>

#include <string_view>
#include <vector>

#include "afterglow/config/scene.h"
#include "section_reader.h"

namespace afterglow::config::detail {

// afterglow-engine sections.
void read_global(SectionReader& r, GlobalConfig& out);
void read_paths(SectionReader& r, PathsConfig& out);
void read_export(SectionReader& r, ExportConfig& out);
void read_reproducibility(SectionReader& r, ReproducibilityConfig& out);
void read_pad_miner(SectionReader& r, PadMinerConfig& out);
void read_drones(SectionReader& r, DronesConfig& out);
void read_clouds(SectionReader& r, CloudsConfig& out);
void read_hiss(SectionReader& r, HissConfig& out);
void read_brightness_tags(SectionReader& r, BrightnessTagsConfig& out);
void read_pre_analysis(SectionReader& r, PreAnalysisConfig& out);
void read_curation(SectionReader& r, CurationConfig& out);
void read_musicality(SectionReader& r, MusicalityConfig& out);
void read_drum_miner(SectionReader& r, DrumMinerConfig& out);
void read_room_tone(SectionReader& r, RoomToneConfig& out);
void read_drone_maker(SectionReader& r, DroneMakerConfig& out);
void read_granular_maker(SectionReader& r, GranularMakerConfig& out);
void read_swells(SectionReader& r, SwellsConfig& out);

// Live engine sections.
void read_engine(SectionReader& r, EngineConfig& out);
void read_sources(LoadContext& ctx, const YAML::Node& node, std::vector<SourceSpec>& out);
void read_layers(LoadContext& ctx, const YAML::Node& node, const std::vector<SourceSpec>& sources,
                 std::vector<LayerSpec>& out);
void read_midi(SectionReader& r, MidiConfig& out);
void read_osc(SectionReader& r, OscConfig& out);
void read_tr8s(SectionReader& r, Tr8sConfig& out);

// Shared rules.
// Reports `low_key` > `high_key` (or >= with `strict`) when neither value failed to read; the
// diagnostic sits on whichever of the two the file gives, preferring the high one.
void check_order(SectionReader& r, std::string_view low_key, double low, std::string_view high_key,
                 double high, bool strict);
// Reports a filter edge at or above the Nyquist frequency of the rates in use.
void check_below_nyquist(SectionReader& r, std::string_view key, double hz);
// A {min, max} semitone mapping; a missing member falls back to `missing`. Returns false on error.
bool read_pitch_range(SectionReader& r, std::string_view key, PitchRange& out, double missing);
// The original's wording for a level above full scale, shared by global and clouds.
void check_peak_dbfs(SectionReader& r, std::string_view key, std::optional<double> value);

}  // namespace afterglow::config::detail
