// engine and sources: how the live engine runs and what material it analyses.

#include <fmt/format.h>

#include "scalar.h"
#include "sections.h"

namespace afterglow::config::detail {

void read_engine(SectionReader& r, EngineConfig& out) {
  Bounds rate = positive("Hz");
  rate.strict_int = true;
  if (r.integer("sample_rate", out.sample_rate, rate) &&
      (out.sample_rate < 8000 || out.sample_rate > 192000)) {
    r.error("sample_rate", fmt::format("({}) outside reasonable range [8000, 192000] Hz", out.sample_rate));
    out.sample_rate = EngineConfig{}.sample_rate;
  }
  int block = out.block_size;
  if (r.integer("block_size", block, positive("frames"))) {
    // Powers of two keep FFT-based processing and driver buffers aligned.
    const bool power_of_two = (block & (block - 1)) == 0;
    if (!power_of_two || block < 16 || block > 4096) {
      r.error("block_size", fmt::format("must be a power of two between 16 and 4096 frames (got {})", block));
    } else {
      out.block_size = block;
    }
  }
  if (auto i = r.choice("backend", {"auto", "jack", "pulse", "alsa", "offline"})) {
    out.backend = static_cast<AudioBackend>(*i);
  }
  YAML::Node device = r.take("device");
  Scalar d = resolve_scalar(device);
  if (d.kind == ScalarKind::kInt && d.integer >= 0 && d.integer < 100000) {
    out.device_index = static_cast<int>(d.integer);
  } else if (d.kind == ScalarKind::kString && !d.text.empty()) {
    out.device_name = d.text;
  } else if (d.kind != ScalarKind::kNull) {
    r.error("device",
            fmt::format("must be a device name or a device number >= 0 (got {})", describe(device)));
  }
  r.seed("seed", out.seed);
}

namespace {

void read_source_entry(LoadContext& ctx, const YAML::Node& item, std::size_t index, SourceSpec& spec) {
  const std::string path = fmt::format("sources[{}]", index);
  spec.where = location_of(item);
  Scalar s = resolve_scalar(item);
  if (s.kind == ScalarKind::kString) {
    spec.path = s.text;
    if (spec.path.empty()) ctx.error(path, spec.where, "must be a file or folder path, not empty");
    return;
  }
  if (!item.IsMap()) {
    ctx.error(path, spec.where,
              fmt::format("must be a path or a mapping with `path:` or `demo:` (got {})", describe(item)));
    return;
  }
  SectionReader r(ctx, path, item);
  std::optional<std::string> file;
  r.text("path", file);
  if (auto i = r.choice("demo", {"pad", "drums", "air"})) spec.demo = static_cast<DemoMaterial>(*i);
  if (auto i = r.choice("role", {"source", "pads", "drums", "any"})) spec.role = static_cast<SourceRole>(*i);
  r.texts("tags", spec.tags);
  r.boolean("recursive", spec.recursive);
  r.finish();
  if (file && file->empty()) {
    r.error("path", "must be a file or folder path, not empty");
  } else if (file) {
    spec.path = *file;
  }
  const bool has_path = r.has("path");
  const bool has_demo = r.has("demo");
  if (has_path && has_demo) {
    r.error("demo", "give either `path:` or `demo:`, not both");
  } else if (!has_path && !has_demo) {
    ctx.error(path, spec.where, "needs `path:` (a file or folder) or `demo:` (pad, drums or air)");
  }
}

}  // namespace

void read_sources(LoadContext& ctx, const YAML::Node& node, std::vector<SourceSpec>& out) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsSequence()) {
    ctx.error("sources", location_of(node),
              fmt::format("must be a list of paths or `{{path: …}}` / `{{demo: …}}` entries (got {})",
                          describe(node)));
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    SourceSpec spec;
    read_source_entry(ctx, node[i], i, spec);
    out.push_back(std::move(spec));
  }
}

}  // namespace afterglow::config::detail
