#pragma once
// The typed model of a scene file: a superset of afterglow-engine's config.yaml plus the live
// engine's sections. Every path in a scene is relative to the scene file's folder, so a scene and its
// material can move together.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "afterglow/config/live_sections.h"
#include "afterglow/config/original_sections.h"
#include "afterglow/config/tool_sections.h"

namespace afterglow::config {

struct Scene {
  std::string file;                // display name used in diagnostics
  std::filesystem::path base_dir;  // the scene file's folder (absolute for files loaded from disk)

  // Live engine.
  EngineConfig engine;
  // When `sources` is absent, each given paths.source_audio_dir / pad_sources_dir / drums_dir becomes
  // a source of role source / pads / drums, so an afterglow config.yaml finds the same folders.
  std::vector<SourceSpec> sources;
  std::vector<LayerSpec> layers;
  MidiConfig midi;
  OscConfig osc;
  Tr8sConfig tr8s;

  // afterglow-engine.
  GlobalConfig global;
  PathsConfig paths;
  PadMinerConfig pad_miner;
  DronesConfig drones;
  CloudsConfig clouds;
  HissConfig hiss;
  ExportConfig export_;  // the `export` section (`export` is a C++ keyword)
  BrightnessTagsConfig brightness_tags;
  PreAnalysisConfig pre_analysis;
  CurationConfig curation;
  MusicalityConfig musicality;
  ReproducibilityConfig reproducibility;
  DrumMinerConfig drum_miner;
  RoomToneConfig room_tone;  // not in afterglow-engine's config: its room-tone tool had no settings
  DroneMakerConfig drone_maker;
  GranularMakerConfig granular_maker;
  SwellsConfig swells;

  // `path` made absolute against the scene's folder (absolute paths are kept), lexically normalised.
  std::filesystem::path resolve(const std::filesystem::path& path) const;

  // export.dir, else paths.export_dir, resolved; nullopt when the scene names no export folder and
  // the command chooses one (`./export`, or --out).
  std::optional<std::filesystem::path> export_dir() const;

  // engine.seed, else reproducibility.random_seed.
  std::optional<long long> seed() const;

  // The layer named `name`, or nullptr.
  const LayerSpec* find_layer(const std::string& name) const;
};

}  // namespace afterglow::config
