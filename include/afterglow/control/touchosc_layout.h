#pragma once
// A TouchOSC layout (the current TouchOSC by Hexler, a `.tosc` file) generated from the parameter
// registry, so that the tablet's controls and the engine's OSC address space cannot drift apart.
//
// A `.tosc` file is one zlib stream holding an XML document: a `<lexml version='3'>` root with one
// `<node>` (the document's root GROUP); every node has a `type` (GROUP, PAGER, FADER, BUTTON, XY,
// LABEL), `<properties>` (name, frame, color, …), `<values>` (x, y, text, touch with their defaults),
// `<messages>` (OSC messages: path and arguments built from partials, send/receive flags, the
// connections bitmask, the value changes that trigger a send) and `<children>`.
//
// What the layout holds (docs/touchosc/README.md describes it for the performer):
//   - one page per drone layer: an XY pad for tone × stretch, faders for level, width, attack,
//     release, fine tune and pan, toggles for mute and reverse, an all-off button and a two-octave
//     keyboard strip whose keys send `/afterglow/<layer>/note i i` (velocity 100 on press, 0 on release);
//   - one page per cloud layer: a descriptor XY (target_brightness × target_stability), faders for
//     density, size, position, spray, pitch, stereo spread, window and the rest, freeze and mute
//     toggles and a burst button (`…/trigger`);
//   - one page per hiss layer: faders for the band edges, tremolo and flicker settings, toggles, and a
//     flicker button (`…/flicker`);
//   - a page "<layer> +" when a layer has more parameters than its page has room for;
//   - the "scenes" page: one recall button per scene file of the scene's folder
//     (`/afterglow/scene/recall s`), the morph glide fader (`/afterglow/scene/morph`, seconds), the
//     record toggle (`/afterglow/record/start` on, `…/stop` off), the master level fader, a "connect"
//     button (`/afterglow/subscribe i <feedback port>`) and labels fed by `/afterglow/status`.
//
// Every parameter control sends and receives the parameter's own address with one float 0–1 (the
// engine maps it through the parameter's curve and echoes every change there, so the tablet follows
// MIDI, morphs and other clients). The document's root script subscribes when the layout starts and
// writes the status labels from `/afterglow/status`.
//
// Parameters deliberately without a control are named by touchosc_exclusion(). The output is a pure
// function of the registry and the options: the same inputs give the same bytes (node IDs are derived
// from each node's place in the layout, never random).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/core/result.h"
#include "afterglow/engine/param_registry.h"

namespace afterglow::control {

inline constexpr int kTouchOscDefaultFeedbackPort = 9001;
// Recall buttons on the scenes page (five columns, six rows); further scenes get none.
inline constexpr std::size_t kTouchOscMaxSceneButtons = 30;

struct TouchOscOptions {
  // Scene names for the recall buttons (as `/afterglow/scene/recall` takes them: relative to the
  // playing scene's folder, without `.yaml`), in button order. Empty: no recall buttons.
  std::vector<std::string> scenes;
  // The UDP port TouchOSC receives on: the layout subscribes with it.
  int feedback_port = kTouchOscDefaultFeedbackPort;
  // The morph fader's top, in seconds (0 at the bottom). The address takes up to 600.
  double morph_max_seconds = 60.0;
};

// Why a registry parameter has no control on the tablet, or nullopt when it has one:
//   - a cloud's `source` and a hiss's `slice` (indices 0–1023 into the layer's material: a fader
//     over a thousand slots lands on arbitrary ones; scenes and MIDI set them);
//   - the master `ceiling` (the limiter's safety ceiling, set in the scene, not played).
std::optional<std::string_view> touchosc_exclusion(const engine::ParamSpec& spec);

// The names of the scene files in `folder` for the recall buttons: every `*.yaml` but the learned
// mappings files (`*.mappings.yaml`), without the extension, sorted. Empty when the folder cannot be read.
std::vector<std::string> touchosc_scene_names(const std::filesystem::path& folder);

class TouchOscLayout {
 public:
  TouchOscLayout(const engine::ParamRegistry& registry, TouchOscOptions options);

  // The XML document.
  std::string xml() const;
  // The `.tosc` file: xml() compressed with zlib (best compression).
  Result<std::vector<std::uint8_t>> tosc() const;

 private:
  const engine::ParamRegistry& registry_;
  TouchOscOptions options_;
};

}  // namespace afterglow::control
