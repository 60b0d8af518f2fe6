// global, paths, export, reproducibility: the sections that say at what rate and depth to render
// and where material comes from and goes.

#include <fmt/format.h>

#include "sections.h"

namespace afterglow::config::detail {

void read_global(SectionReader& r, GlobalConfig& out) {
  Bounds rate = positive("Hz");
  rate.strict_int = true;  // the original refuses 44100.0
  if (r.integer("sample_rate", out.sample_rate, rate, Need::kRequired) &&
      (out.sample_rate < 8000 || out.sample_rate > 192000)) {
    r.error("sample_rate", fmt::format("({}) outside reasonable range [8000, 192000] Hz", out.sample_rate));
    out.sample_rate = GlobalConfig{}.sample_rate;
  }
  // The original refuses a config without a bit depth; here it defaults to 24 with a warning
  // (reported by Need::kRequired) because an existing config.yaml must run unchanged.
  if (r.integer("output_bit_depth", out.output_bit_depth, {}, Need::kRequired) &&
      out.output_bit_depth != 16 && out.output_bit_depth != 24) {
    r.error("output_bit_depth", fmt::format("must be 16 or 24 (got {})", out.output_bit_depth));
    out.output_bit_depth = GlobalConfig{}.output_bit_depth;
  }
  if (r.number("target_peak_dbfs", out.target_peak_dbfs, any_number("dBFS"), Need::kRequired)) {
    check_peak_dbfs(r, "target_peak_dbfs", out.target_peak_dbfs);
  }
}

void read_paths(SectionReader& r, PathsConfig& out) {
  struct Key {
    const char* name;
    std::optional<std::string>* field;
    const char* role;
  };
  const Key keys[] = {{"source_audio_dir", &out.source_audio_dir, "source (pad mining)"},
                      {"pad_sources_dir", &out.pad_sources_dir, "pads (drones and clouds)"},
                      {"drums_dir", &out.drums_dir, "drums (hiss)"},
                      {"export_dir", &out.export_dir, "export"}};
  for (const Key& k : keys) {
    if (!r.has(k.name)) {
      r.text(k.name, *k.field);  // registers the key
      if (r.present() && r.context().compat) {
        r.warning(k.name, fmt::format("missing; afterglow-engine stops with an error without it, here the "
                                      "{} folder is simply not set",
                                      k.role));
      }
      continue;
    }
    if (r.text(k.name, *k.field) && (!k.field->has_value() || k.field->value().empty())) {
      r.error(k.name, "must be a folder name, not empty");
      k.field->reset();
    }
  }
}

void read_export(SectionReader& r, ExportConfig& out) {
  if (r.text("dir", out.dir) && out.dir && out.dir->empty()) {
    r.error("dir", "must be a folder name, not empty");
    out.dir.reset();
  }
  r.boolean("pads_stereo", out.pads_stereo);
  r.boolean("clouds_stereo", out.clouds_stereo);
  r.boolean("swells_stereo", out.swells_stereo);
  r.boolean("hiss_stereo", out.hiss_stereo);
  r.no_effect("swells_stereo", "swells are written mono, as in afterglow-engine");
  r.no_effect("hiss_stereo", "hiss is written mono, as in afterglow-engine");
}

void read_reproducibility(SectionReader& r, ReproducibilityConfig& out) {
  r.seed("random_seed", out.random_seed);
}

}  // namespace afterglow::config::detail
