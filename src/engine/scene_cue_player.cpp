#include "afterglow/engine/scene_cue_player.h"

#include "afterglow/core/log.h"

namespace afterglow::engine {

SceneCuePlayer::SceneCuePlayer(Engine& engine, config::Scene running, std::vector<SceneCue> cues)
    : engine_(engine), running_(std::move(running)), cues_(std::move(cues)) {}

void SceneCuePlayer::feed(std::uint64_t until) {
  for (; next_ < cues_.size() && cues_[next_].frame < until; ++next_) {
    const SceneCue& cue = cues_[next_];
    if (cue.scene.empty()) {
      glide_ = cue.glide;
      continue;
    }
    const double glide = cue.glide >= 0.0 ? cue.glide : glide_;
    std::vector<std::string> warnings;
    auto target = recall_scene(cue.scene, running_, engine_.registry(), glide, cue.frame, &warnings);
    for (const std::string& w : warnings) log::warn("scene {}: {}", cue.scene, w);
    if (!target) {
      log::error("scene {} (events line {}) not recalled: {}; the current scene keeps playing", cue.scene, cue.line,
                 target.error().what());
      ++failed_;
      continue;
    }
    if (!engine_.publish_morph(std::move(*target))) {
      log::error("scene {} not recalled: too many recalls waiting; the current scene keeps playing", cue.scene);
      ++failed_;
      continue;
    }
    log::info("scene {}: morphing over {:g} s", cue.scene, glide);
    ++recalled_;
  }
}

}  // namespace afterglow::engine
