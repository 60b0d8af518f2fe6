// The one mapping from a scene to corpus input (scene_sources.h).

#include "afterglow/engine/scene_sources.h"

#include <algorithm>

namespace afterglow::engine {

analysis::SourceRole map_role(config::SourceRole role) {
  switch (role) {
    case config::SourceRole::kSource:
      return analysis::SourceRole::kSource;
    case config::SourceRole::kPads:
      return analysis::SourceRole::kPads;
    case config::SourceRole::kDrums:
      return analysis::SourceRole::kDrums;
    case config::SourceRole::kAny:
      return analysis::SourceRole::kAny;
  }
  return analysis::SourceRole::kAny;
}

io::DemoKind map_demo(config::DemoMaterial demo) {
  switch (demo) {
    case config::DemoMaterial::kPad:
      return io::DemoKind::kPad;
    case config::DemoMaterial::kDrums:
      return io::DemoKind::kDrums;
    case config::DemoMaterial::kAir:
      return io::DemoKind::kAir;
  }
  return io::DemoKind::kPad;
}

analysis::SourceEntry demo_entry(io::DemoKind kind, analysis::SourceRole role) {
  analysis::SourceEntry e;
  e.demo = kind;
  e.role = role;
  return e;
}

std::vector<analysis::SourceEntry> default_demo_entries() {
  return {demo_entry(io::DemoKind::kPad, analysis::SourceRole::kPads),
          demo_entry(io::DemoKind::kDrums, analysis::SourceRole::kDrums),
          demo_entry(io::DemoKind::kAir, analysis::SourceRole::kSource)};
}

// The scene's analysis settings, each section with its own keys (docs/analysis.md).
void apply_scene(const config::Scene& scene, analysis::CorpusParams& p) {
  const config::PreAnalysisConfig& pre = scene.pre_analysis;
  p.features.sample_rate = scene.engine.sample_rate;
  p.features.analysis.windows = {pre.analysis_window_sec, pre.analysis_hop_sec};
  analysis::StabilityThresholds& st = p.summary.stability;
  st.max_onset_rate_hz = pre.max_onset_rate_hz;
  st.min_rms_db = pre.min_rms_db;
  st.max_rms_db = pre.max_rms_db;
  st.max_dc = pre.max_dc_offset;
  st.max_crest = pre.max_crest_factor;
  st.min_centroid_hz = pre.centroid_low_hz;
  st.max_centroid_hz = pre.centroid_high_hz;
  p.summary.pads_need_stability = pre.enabled;
  p.summary.descriptors.min_quality = pre.grain_quality_threshold;
  const config::PadMinerConfig& pm = scene.pad_miner;
  p.summary.pads.target_durations_sec = pm.target_durations_sec;
  p.summary.pads.min_rms_db = pm.min_rms_db;
  p.summary.pads.max_rms_db = pm.max_rms_db;
  p.summary.pads.max_onset_rate_hz = pm.max_onset_rate_per_second;
  p.summary.pads.flatness_threshold = pm.spectral_flatness_threshold;
  p.summary.pads.max_candidates = static_cast<std::size_t>(std::max(0, pm.max_candidates_per_file));
  p.summary.pads.window_hop_sec = pm.window_hop_sec;
  p.summary.brightness = {scene.brightness_tags.centroid_low_hz, scene.brightness_tags.centroid_high_hz};
}

std::vector<analysis::SourceEntry> scene_entries(const config::Scene& scene) {
  std::vector<analysis::SourceEntry> entries;
  for (const config::SourceSpec& spec : scene.sources) {
    analysis::SourceEntry e;
    if (spec.demo) {
      e.demo = map_demo(*spec.demo);
    } else {
      e.path = scene.resolve(spec.path);
    }
    e.role = map_role(spec.role);
    e.tags = spec.tags;
    e.recursive = spec.recursive;
    entries.push_back(std::move(e));
  }
  return entries;
}

std::vector<analysis::SourceEntry> first_source_per_role(const config::Scene& scene,
                                                         std::span<const std::filesystem::path> excluded) {
  const std::vector<analysis::SourceEntry> entries = scene_entries(scene);
  const analysis::ExpandedSources expanded = analysis::expand_sources(entries, excluded);
  std::vector<analysis::SourceEntry> first;
  std::vector<analysis::SourceRole> seen;
  for (const analysis::SourceJob& job : expanded.jobs) {
    if (std::find(seen.begin(), seen.end(), job.role) != seen.end()) continue;
    seen.push_back(job.role);
    analysis::SourceEntry e;
    e.path = job.path;
    e.demo = job.demo;
    e.role = job.role;
    e.tags = job.tags;
    first.push_back(std::move(e));
  }
  if (first.size() == expanded.jobs.size()) return {};
  return first;
}

}  // namespace afterglow::engine
