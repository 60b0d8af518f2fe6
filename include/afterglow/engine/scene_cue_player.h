#pragma once
// Plays an events file's scene cues from a control thread: when a recall's time comes (a lookahead
// ahead of it), loads the scene, builds its morph for the running engine and publishes it to start at
// the cue's frame. A scene that fails to load or validate is reported (every problem with
// file:line:col) and skipped: the current scene keeps playing. Glide-time cues change the default
// for the recalls after them.

#include <cstdint>
#include <vector>

#include "afterglow/config/scene.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/events_file.h"

namespace afterglow::engine {

class SceneCuePlayer {
 public:
  SceneCuePlayer(Engine& engine, config::Scene running, std::vector<SceneCue> cues);

  // Handles every cue with frame < until.
  void feed(std::uint64_t until);

  std::size_t recalled() const { return recalled_; }
  std::size_t failed() const { return failed_; }
  double glide_seconds() const { return glide_; }

 private:
  Engine& engine_;
  config::Scene running_;
  std::vector<SceneCue> cues_;
  std::size_t next_ = 0;
  double glide_ = kDefaultGlideSeconds;
  std::size_t recalled_ = 0;
  std::size_t failed_ = 0;
};

}  // namespace afterglow::engine
