#pragma once
// The OSC address space (docs/osc.md), as a pure function from one message to what it asks for. The
// server's thread only calls route() and acts on the result (enqueue, reply, recall), so every rule of
// the address space is testable without a socket.
//
// Addresses (all under /afterglow; <address> is a registry parameter's, e.g. /afterglow/cloud1/density):
//   <address> f|i             a 0–1 control position, mapped through the parameter's curve
//   <address>/value f|i       natural units, clipped to the range
//   /afterglow/<layer>/note i i [note 0–127, velocity 0–127; 0 = off]
//   /afterglow/<layer>/trigger [f] · /afterglow/<layer>/flicker [f] · /afterglow/<layer>/all_off
//   /afterglow/scene/recall s [f glide] · /afterglow/scene/morph f (glide seconds)
//   /afterglow/record/start · /afterglow/record/stop
//   /afterglow/q/all · /afterglow/q/<address> · /afterglow/ping
//   /afterglow/subscribe [i port] · /afterglow/unsubscribe
//   /afterglow/learn s (a parameter: address, id or layer/name) · /afterglow/learn/confirm ·
//   /afterglow/learn/cancel   — MIDI learn (docs/midi.md)
// Anything else — an unknown address, a wrong or missing argument, NaN, a string where a number
// belongs, an oversized string — is an error with the reason, answered on /afterglow/error.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "afterglow/engine/command.h"
#include "afterglow/engine/param_registry.h"

namespace afterglow::control {

// One OSC argument, as liblo decodes it (int32/int64 → integer, float32/float64 → real).
using OscArg = std::variant<std::int64_t, double, std::string>;

inline constexpr std::size_t kMaxOscStringBytes = 1024;  // a scene name, not a file's contents

struct OscRoute {
  enum class Kind {
    kCommand,      // `command` for the engine
    kSceneRecall,  // `scene` (relative to the playing scene's folder), `glide` seconds (< 0: default)
    kSceneGlide,   // `glide`: the default glide for later recalls
    kQueryAll,
    kQueryOne,     // `param`
    kPing,
    kSubscribe,    // `port` (0: reply to the sender's own port)
    kUnsubscribe,
    kError,        // `error`: the reason
    // MIDI learn: start for `param`, confirm (the last CC moved), cancel.
    kLearn,
    kLearnConfirm,
    kLearnCancel,
  };
  Kind kind = Kind::kError;
  engine::Command command;
  std::string scene;
  double glide = -1.0;
  std::uint32_t param = 0;
  int port = 0;
  std::string error;
};

class OscRouter {
 public:
  explicit OscRouter(const engine::ParamRegistry& registry) : registry_(registry) {}
  // `frame` is stamped on the command (0: apply at the next block).
  OscRoute route(std::string_view address, const std::vector<OscArg>& args, std::uint64_t frame = 0) const;

 private:
  OscRoute param(const engine::ParamSpec& spec, const std::vector<OscArg>& args, bool natural,
                 std::uint64_t frame) const;
  OscRoute layer_event(std::uint32_t layer, std::string_view verb, const std::vector<OscArg>& args,
                       std::uint64_t frame) const;

  const engine::ParamRegistry& registry_;
};

}  // namespace afterglow::control
