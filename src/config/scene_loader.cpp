#include "afterglow/config/scene_loader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "load_context.h"
#include "sections.h"

namespace afterglow::config {
namespace {

using detail::LoadContext;
using detail::SectionReader;

// yaml-cpp's parser messages are terse; these say what to look at in the file.
std::string explain_syntax_error(const std::string& msg) {
  struct Hint {
    const char* yaml;
    const char* text;
  };
  static const Hint kHints[] = {
      {"illegal map value", "unexpected ':'; check the indentation, or quote a value that contains ': '"},
      {"end of map not found", "a mapping is not closed; check the indentation of this line"},
      {"end of map flow not found", "a `{` is not closed with `}`"},
      {"end of sequence not found", "a list is not closed; check the indentation of this line"},
      {"end of sequence flow not found", "a `[` is not closed with `]`"},
      {"illegal tab when looking for indentation", "a tab is used for indentation; YAML needs spaces"},
      {"illegal EOF in scalar", "the file ends inside quoted text; a closing quote is missing"},
      {"illegal block entry", "a `- ` list item where a key was expected; check the indentation"},
      {"illegal map key", "a key is not allowed here; check the indentation"},
      {"unknown token", "unexpected character"},
      {"illegal flow end", "a `]` or `}` without its opening bracket"},
  };
  for (const Hint& h : kHints) {
    if (msg == h.yaml) return fmt::format("YAML syntax error: {}", h.text);
  }
  return fmt::format("YAML syntax error: {}", msg.empty() ? "the text cannot be read as YAML" : msg);
}

template <typename Config>
void read_section(SectionReader& root, const char* name, void (*reader)(SectionReader&, Config&),
                  Config& out) {
  SectionReader r = root.child(name);
  reader(r, out);
  r.finish();
}

void warn_missing_sections(SectionReader& root) {
  struct Required {
    const char* name;
    const char* phase;
  };
  static const Required kRequired[] = {
      {"global", "every phase"},   {"paths", "every phase"},    {"pad_miner", "--mine-pads"},
      {"drones", "--make-drones"}, {"clouds", "--make-clouds"}, {"hiss", "--make-hiss"},
  };
  for (const Required& s : kRequired) {
    if (root.has(s.name)) continue;
    root.context().warning(
        s.name, {},
        fmt::format("section missing; afterglow-engine's {} stops with an error without it, "
                    "here its defaults are used",
                    s.phase));
  }
}

// When the scene has no `sources`, the original's folders become sources, one role each.
void sources_from_paths(SectionReader& root, Scene& scene) {
  struct Dir {
    const char* key;
    const std::optional<std::string>* value;
    SourceRole role;
  };
  const Dir dirs[] = {{"source_audio_dir", &scene.paths.source_audio_dir, SourceRole::kSource},
                      {"pad_sources_dir", &scene.paths.pad_sources_dir, SourceRole::kPads},
                      {"drums_dir", &scene.paths.drums_dir, SourceRole::kDrums}};
  if (root.has("sources")) {
    for (const Dir& d : dirs) {
      if (!d.value->has_value()) continue;
      root.context().warning(fmt::format("paths.{}", d.key), root.where("paths"),
                             "ignored because the scene lists `sources`");
    }
    return;
  }
  for (const Dir& d : dirs) {
    if (!d.value->has_value()) continue;
    SourceSpec spec;
    spec.path = **d.value;
    spec.role = d.role;
    spec.recursive = false;  // the original lists only the folder's own files
    spec.from_paths_section = true;
    spec.where = root.where("paths");
    scene.sources.push_back(std::move(spec));
  }
}

void build_scene(LoadContext& ctx, const YAML::Node& root_node, Scene& s) {
  SectionReader root(ctx, "", root_node);
  // An afterglow config.yaml has its sections and none of the live engine's; a live scene that also
  // tunes `global` or `clouds` relies on the defaults for the rest on purpose.
  ctx.compat = (root.has("global") || root.has("paths")) &&
               !(root.has("engine") || root.has("sources") || root.has("layers"));

  // The rates first: filter rules in later sections compare against their Nyquist frequency.
  read_section(root, "engine", detail::read_engine, s.engine);
  ctx.engine_rate = s.engine.sample_rate;
  read_section(root, "global", detail::read_global, s.global);
  ctx.render_rate = s.global.sample_rate;

  read_section(root, "paths", detail::read_paths, s.paths);
  read_section(root, "pad_miner", detail::read_pad_miner, s.pad_miner);
  read_section(root, "drones", detail::read_drones, s.drones);
  read_section(root, "clouds", detail::read_clouds, s.clouds);
  read_section(root, "hiss", detail::read_hiss, s.hiss);
  read_section(root, "export", detail::read_export, s.export_);
  read_section(root, "brightness_tags", detail::read_brightness_tags, s.brightness_tags);
  read_section(root, "pre_analysis", detail::read_pre_analysis, s.pre_analysis);
  read_section(root, "curation", detail::read_curation, s.curation);
  read_section(root, "musicality", detail::read_musicality, s.musicality);
  read_section(root, "reproducibility", detail::read_reproducibility, s.reproducibility);
  read_section(root, "drum_miner", detail::read_drum_miner, s.drum_miner);
  read_section(root, "room_tone", detail::read_room_tone, s.room_tone);
  read_section(root, "drone_maker", detail::read_drone_maker, s.drone_maker);
  read_section(root, "granular_maker", detail::read_granular_maker, s.granular_maker);
  read_section(root, "swells", detail::read_swells, s.swells);

  detail::read_sources(ctx, root.take("sources"), s.sources);
  sources_from_paths(root, s);
  detail::read_layers(ctx, root.take("layers"), s.sources, s.layers);
  read_section(root, "midi", detail::read_midi, s.midi);
  read_section(root, "osc", detail::read_osc, s.osc);
  read_section(root, "tr8s", detail::read_tr8s, s.tr8s);

  root.finish();
  if (ctx.compat) warn_missing_sections(root);
}

SceneLoad finish(LoadContext& ctx, std::optional<Scene> scene) {
  SceneLoad out;
  out.diagnostics = std::move(ctx.diagnostics());
  out.diagnostics.sort_by_position();
  if (!out.diagnostics.has_errors()) out.scene = std::move(scene);
  return out;
}

SceneLoad file_error(const std::string& name, std::string message) {
  LoadContext ctx(name, {});
  ctx.error({}, {}, std::move(message));
  return finish(ctx, std::nullopt);
}

}  // namespace

Error SceneLoad::to_error() const {
  const auto errors = diagnostics.errors();
  if (errors.empty()) return Error(ErrorKind::kInvalidConfig, "the scene has no errors");
  const Diagnostic& first = errors.front();
  Error e(ErrorKind::kInvalidConfig,
          fmt::format("{} error{} in {}", errors.size(), errors.size() == 1 ? "" : "s", first.file));
  e.with("file", first.file);
  if (first.line > 0) e.with("line", std::to_string(first.line));
  if (!first.key_path.empty()) e.with("key", first.key_path);
  e.with("first", first.message);
  return e;
}

SceneLoad load_scene_string(std::string_view text, std::string display_name, std::filesystem::path base_dir) {
  LoadContext ctx(display_name, text);
  try {
    if (text.find('\0') != std::string_view::npos) {
      ctx.error({}, {}, "is not a text file (it contains NUL bytes)");
      return finish(ctx, std::nullopt);
    }
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
      // ParserException and every other yaml-cpp error carry the position of the problem.
      // At the end of the file yaml-cpp points past the last line; the unfinished line before it
      // is the one to show.
      SourceLocation at = detail::location_of(e.mark);
      while (at.line > 1 && ctx.source_line(at.line).find_first_not_of(" \t") == std::string::npos) {
        --at.line;
        at.column = static_cast<int>(ctx.source_line(at.line).size()) + 1;
      }
      ctx.error({}, at, explain_syntax_error(e.msg));
      return finish(ctx, std::nullopt);
    }
    if (documents.empty() || documents.front().IsNull() || !documents.front().IsDefined()) {
      ctx.error({}, {},
                "the file is empty; a scene is a mapping of sections such as `engine:`, `layers:` "
                "or afterglow's `global:`");
      return finish(ctx, std::nullopt);
    }
    const YAML::Node& root = documents.front();
    if (!root.IsMap()) {
      ctx.error({}, detail::location_of(root),
                fmt::format("the top level must be a mapping of sections (`name: value` lines), not {}",
                            root.IsSequence() ? "a list" : "a single value"));
      return finish(ctx, std::nullopt);
    }
    if (documents.size() > 1) {
      ctx.error({}, detail::location_of(documents[1]),
                "the file holds several YAML documents (separated by `---`); a scene is one document");
    }
    Scene scene;
    scene.file = display_name;
    scene.base_dir = std::move(base_dir);
    build_scene(ctx, root, scene);
    return finish(ctx, std::move(scene));
  } catch (const std::exception& e) {
    ctx.error({}, {}, fmt::format("could not read the scene: {}", e.what()));
  } catch (...) {
    ctx.error({}, {}, "could not read the scene");
  }
  return finish(ctx, std::nullopt);
}

SceneLoad load_scene_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  try {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return file_error(name, "no such file");
    if (std::filesystem::is_directory(path, ec)) return file_error(name, "is a folder, not a scene file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return file_error(name, fmt::format("cannot read: {}", ec.message()));
    if (size > kMaxSceneFileBytes) {
      return file_error(name, fmt::format("is {} bytes; a scene file is at most {} bytes, is this the right "
                                          "file?",
                                          size, kMaxSceneFileBytes));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return file_error(name, fmt::format("cannot open: {}", std::strerror(errno)));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return file_error(name, "cannot read the file");
    std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    std::filesystem::path base = ec ? path.parent_path() : absolute.lexically_normal().parent_path();
    return load_scene_string(text.str(), name, base);
  } catch (const std::exception& e) {
    return file_error(name, fmt::format("cannot read: {}", e.what()));
  }
}

}  // namespace afterglow::config
