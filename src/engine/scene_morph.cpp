#include "afterglow/engine/scene_morph.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "afterglow/config/scene_loader.h"

namespace afterglow::engine {
namespace {

bool same_sources(const config::Scene& a, const config::Scene& b) {
  if (a.sources.size() != b.sources.size()) return false;
  for (std::size_t i = 0; i < a.sources.size(); ++i) {
    const config::SourceSpec& x = a.sources[i];
    const config::SourceSpec& y = b.sources[i];
    if (x.demo != y.demo || x.role != y.role || x.tags != y.tags) return false;
    if (!x.demo && a.resolve(x.path) != b.resolve(y.path)) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<MorphTarget>> morph_target_for(const config::Scene& next, const config::Scene& current,
                                                      const ParamRegistry& registry,
                                                      std::vector<std::string>* warnings) {
  auto values = registry.initial_values(next);
  if (!values) return values.error();
  auto target = std::make_unique<MorphTarget>();
  target->name = next.file;
  target->values.assign(registry.size(), std::numeric_limits<float>::quiet_NaN());
  const auto warn = [&](std::string message) {
    if (warnings != nullptr) warnings->push_back(std::move(message));
  };
  for (std::uint32_t layer = 0; layer < registry.layers().size(); ++layer) {
    const std::string& name = registry.layers()[layer].name;
    bool named = false;
    for (const config::LayerSpec& spec : next.layers) named = named || spec.name == name;
    if (named) {
      // A whole state: everything the new scene does not set goes back to its default.
      for (const ParamSpec& p : registry.params()) {
        if (p.layer == name) target->values[p.index] = p.default_value;
      }
    } else {
      target->values[registry.control(layer, ParamTarget::kLayerLevel)] = 0.0f;  // fades out
    }
  }
  for (const InitialValue& v : *values) target->values[v.param] = v.value;
  for (const config::LayerSpec& spec : next.layers) {
    if (!registry.find_layer(spec.name)) {
      warn(fmt::format("{}: layer '{}' is not in the running scene; restart with this scene to add it", next.file,
                       spec.name));
    }
  }
  if (!same_sources(next, current)) {
    warn(fmt::format("{}: its sources differ from the running scene's; the running material is kept "
                     "(restart with this scene to load them)",
                     next.file));
  }
  return target;
}

Result<std::unique_ptr<MorphTarget>> recall_scene(const std::string& name, const config::Scene& current,
                                                  const ParamRegistry& registry, double glide_seconds,
                                                  std::uint64_t start_frame, std::vector<std::string>* warnings) {
  std::filesystem::path path = current.resolve(name);
  if (!path.has_extension()) path += ".yaml";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Error(ErrorKind::kNotFound, fmt::format("scene {} not found", path.string()), {{"path", path.string()}});
  }
  config::SceneLoad load = config::load_scene_file(path);
  if (!load.ok()) {
    // Every problem, each with its place in the file and the line it is on.
    std::string message = fmt::format("{} cannot be loaded:", path.string());
    for (const config::Diagnostic& d : load.diagnostics.errors()) message += "\n" + d.format_with_source();
    return Error(ErrorKind::kInvalidConfig, message, {{"path", path.string()}});
  }
  // A scene whose audio is missing is broken, even though a recall keeps the running material.
  for (const config::SourceSpec& source : load.scene->sources) {
    if (source.demo) continue;
    const std::filesystem::path audio = load.scene->resolve(source.path);
    if (!std::filesystem::exists(audio, ec)) {
      return Error(ErrorKind::kNotFound,
                   fmt::format("{}:{}:{}: source {} not found", path.string(), source.where.line,
                               source.where.column, audio.string()),
                   {{"path", audio.string()}});
    }
  }
  if (warnings != nullptr) {
    for (const config::Diagnostic& d : load.diagnostics.items()) warnings->push_back(d.format_with_source());
  }
  auto target = morph_target_for(*load.scene, current, registry, warnings);
  if (!target) return target.error();
  (*target)->glide_seconds = glide_seconds;
  (*target)->start_frame = start_frame;
  return target;
}

void SceneMorph::prepare(const ParamRegistry& registry, double sample_rate) {
  sample_rate_ = sample_rate;
  state_.assign(registry.size(), State{});
  specs_.clear();
  for (const ParamSpec& p : registry.params()) specs_.push_back(&p);
  active_count_ = 0;
}

void SceneMorph::begin(const MorphTarget& target, const float* current, const std::uint64_t* touched,
                       std::uint64_t now) noexcept {
  const auto glide = static_cast<std::uint64_t>(std::llround(std::max(0.0, target.glide_seconds) * sample_rate_));
  const auto hold = static_cast<std::uint64_t>(kTouchHoldSeconds * sample_rate_);
  start_ = now;
  end_ = now + glide;
  mid_ = now + glide / 2;
  // The first values one tick in (at the start they would equal the current ones); a glide of 0
  // switches everything at once.
  next_emit_ = glide == 0 ? now : std::min<std::uint64_t>(now + kTick, end_);
  if (mid_ > now && mid_ < next_emit_) next_emit_ = mid_;
  active_count_ = 0;
  for (std::size_t i = 0; i < state_.size() && i < target.values.size(); ++i) {
    State& s = state_[i];
    s = State{};
    const float to = target.values[i];
    if (std::isnan(to) || to == current[i]) continue;
    if (touched[i] != kNeverTouched && now - touched[i] < hold) continue;  // in the performer's hands
    const ParamSpec& p = *specs_[i];
    s.active = true;
    s.discrete = p.kind != ParamKind::kContinuous || !p.morphs;
    s.to = to;
    s.from_n = p.to_normalised(current[i]);
    s.to_n = p.to_normalised(to);
    ++active_count_;
  }
}

void SceneMorph::release(std::uint32_t index) noexcept {
  if (index < state_.size() && state_[index].active) {
    state_[index].active = false;
    --active_count_;
  }
}

}  // namespace afterglow::engine
