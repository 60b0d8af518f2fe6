// layers: what plays. Parameters are kept as written, with their positions, for the parameter
// registry to check; here only the shape is checked (scalars, unique names, known sources).

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "scalar.h"
#include "sections.h"

namespace afterglow::config::detail {
namespace {

std::optional<ParamValue> to_param(const Scalar& s) {
  switch (s.kind) {
    case ScalarKind::kBool:
      return ParamValue{s.boolean};
    case ScalarKind::kInt:
    case ScalarKind::kFloat:
      return ParamValue{s.number};
    case ScalarKind::kString:
      return ParamValue{s.text};
    default:
      return std::nullopt;
  }
}

void read_params(SectionReader& r, FieldList& out) {
  YAML::Node node = r.take("params");
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) {
    r.error("params", fmt::format("must be a mapping of parameter names to values (got {})", describe(node)));
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    std::string path = fmt::format("{}.params.{}", r.path(), key);
    Scalar s = resolve_scalar(it->second);
    auto value = to_param(s);
    if (!value) {
      r.context().error(path, location_of(it->second),
                        fmt::format("must be a number, text or true/false (got {})", describe(it->second)));
      continue;
    }
    if (const Field* prior = find_field(out, key)) {
      r.context().warning(
          path, location_of(it->first),
          fmt::format("duplicate parameter; this value replaces the one on line {}", prior->where.line));
      out.erase(std::remove_if(out.begin(), out.end(), [&](const Field& f) { return f.key == key; }),
                out.end());
    }
    out.push_back({key, *value, location_of(it->second)});
  }
}

bool is_role(const std::string& s) {
  return s == "source" || s == "pads" || s == "drums" || s == "any";
}

}  // namespace

void read_layers(LoadContext& ctx, const YAML::Node& node, const std::vector<SourceSpec>& sources,
                 std::vector<LayerSpec>& out) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsSequence()) {
    ctx.error("layers", location_of(node), fmt::format("must be a list of layers (got {})", describe(node)));
    return;
  }
  std::vector<bool> named;
  std::vector<std::string> paths;
  std::vector<SourceLocation> name_at;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string path = fmt::format("layers[{}]", i);
    LayerSpec layer;
    layer.where = location_of(item);
    if (!item.IsMap()) {
      ctx.error(path, layer.where,
                fmt::format("must be a mapping with at least `type:` (got {})", describe(item)));
      continue;
    }
    SectionReader r(ctx, path, item);
    bool typed = false;
    if (!r.has("type")) {
      ctx.error(path + ".type", layer.where, "missing; must be one of drone, cloud, hiss");
    } else if (auto t = r.choice("type", {"drone", "cloud", "hiss"})) {
      layer.type = static_cast<LayerType>(*t);
      typed = true;
    }
    bool has_name = r.text("name", layer.name);
    if (has_name && layer.name.empty()) {
      r.error("name", "must not be empty");
      has_name = false;
    }
    r.texts("sources", layer.sources);
    for (const auto& wanted : layer.sources) {
      if (is_role(wanted)) continue;
      bool tagged = std::any_of(sources.begin(), sources.end(), [&](const SourceSpec& s) {
        return std::find(s.tags.begin(), s.tags.end(), wanted) != s.tags.end();
      });
      if (!tagged) {
        r.warning("sources",
                  fmt::format("\"{}\" is neither a role (source, pads, drums, any) nor a tag of any "
                              "source, so it selects nothing",
                              wanted));
      }
    }
    r.number("level", layer.level, between(0, 2));
    r.number("pan", layer.pan, between(-1, 1));
    r.boolean("mute", layer.mute);
    read_params(r, layer.params);
    r.finish();
    if (!typed) continue;
    named.push_back(has_name);
    paths.push_back(path);
    name_at.push_back(has_name ? r.where("name") : layer.where);
    out.push_back(std::move(layer));
  }

  // Default names count per type ("cloud1", "cloud2") so they stay stable when other layers move.
  std::map<LayerType, int> counts;
  for (std::size_t i = 0; i < out.size(); ++i) {
    int n = ++counts[out[i].type];
    if (!named[i]) out[i].name = fmt::format("{}{}", to_string(out[i].type), n);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (out[i].name == out[j].name) {
        ctx.error(
            paths[i] + ".name", name_at[i],
            fmt::format("layer name \"{}\" is already used by the layer on line {}; names must be unique",
                        out[i].name, out[j].where.line));
        break;
      }
    }
  }
}

}  // namespace afterglow::config::detail
