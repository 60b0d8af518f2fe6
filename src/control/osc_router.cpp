#include "afterglow/control/osc_router.h"

#include <fmt/format.h>

#include <cmath>

#include "afterglow/control/midi_map.h"

namespace afterglow::control {
namespace {

using engine::Command;
using Kind = OscRoute::Kind;

OscRoute error(std::string reason) {
  OscRoute r;
  r.kind = Kind::kError;
  r.error = std::move(reason);
  return r;
}

OscRoute simple(Kind kind) {
  OscRoute r;
  r.kind = kind;
  return r;
}

// A number from an int or float argument; nullopt for a string, NaN or infinity.
std::optional<double> number(const OscArg& arg) {
  if (const auto* i = std::get_if<std::int64_t>(&arg)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&arg); d != nullptr && std::isfinite(*d)) return *d;
  return std::nullopt;
}

std::string describe(const OscArg& arg) {
  if (std::holds_alternative<std::string>(arg)) return "a string";
  if (const auto* d = std::get_if<double>(&arg); d != nullptr && !std::isfinite(*d)) return "NaN or infinity";
  return "a number";
}

bool has_oversized_string(const std::vector<OscArg>& args) {
  for (const OscArg& a : args) {
    if (const auto* s = std::get_if<std::string>(&a); s != nullptr && s->size() > kMaxOscStringBytes) return true;
  }
  return false;
}

constexpr std::string_view kRoot = "/afterglow/";

}  // namespace

OscRoute OscRouter::route(std::string_view address, const std::vector<OscArg>& args, std::uint64_t frame) const {
  if (address.size() > 256) return error("address longer than 256 characters");
  if (has_oversized_string(args)) return error(fmt::format("a string argument longer than {} bytes", kMaxOscStringBytes));
  if (address.rfind(kRoot, 0) != 0) return error(fmt::format("unknown address {} (everything is under /afterglow/)", address));

  if (address == "/afterglow/ping") return simple(Kind::kPing);
  if (address == "/afterglow/q/all") return simple(Kind::kQueryAll);
  if (address.rfind("/afterglow/q/", 0) == 0) {
    const std::string target = "/afterglow/" + std::string(address.substr(std::string_view("/afterglow/q/").size()));
    const engine::ParamSpec* p = registry_.find(target);
    if (p == nullptr) return error(fmt::format("{}: no parameter {} (see /afterglow/q/all)", address, target));
    OscRoute r = simple(Kind::kQueryOne);
    r.param = p->index;
    return r;
  }
  if (address == "/afterglow/subscribe") {
    OscRoute r = simple(Kind::kSubscribe);
    if (!args.empty()) {
      const auto port = number(args[0]);
      if (!port || *port < 1 || *port > 65535 || *port != std::floor(*port))
        return error("/afterglow/subscribe: the optional argument is a port number 1–65535");
      r.port = static_cast<int>(*port);
    }
    return r;
  }
  if (address == "/afterglow/unsubscribe") return simple(Kind::kUnsubscribe);
  if (address == "/afterglow/record/start" || address == "/afterglow/record/stop") {
    OscRoute r = simple(Kind::kCommand);
    r.command = Command::record(frame, address == "/afterglow/record/start");
    return r;
  }
  if (address == "/afterglow/scene/recall") {
    if (args.empty() || !std::holds_alternative<std::string>(args[0]) || std::get<std::string>(args[0]).empty())
      return error("/afterglow/scene/recall wants a scene name (a string), then optionally a glide in seconds");
    OscRoute r = simple(Kind::kSceneRecall);
    r.scene = std::get<std::string>(args[0]);
    if (args.size() > 1) {
      const auto glide = number(args[1]);
      if (!glide || *glide < 0.0 || *glide > 600.0)
        return error("/afterglow/scene/recall: the glide is a number of seconds within 0 … 600");
      r.glide = *glide;
    }
    return r;
  }
  // MIDI learn.
  if (address == "/afterglow/learn") {
    if (args.size() != 1 || !std::holds_alternative<std::string>(args[0]))
      return error("/afterglow/learn wants the parameter to learn (a string: its address or id)");
    const engine::ParamSpec* p = find_mapping_param(registry_, std::get<std::string>(args[0]));
    if (p == nullptr)
      return error(fmt::format("/afterglow/learn: no parameter {} (see /afterglow/q/all)", std::get<std::string>(args[0])));
    OscRoute r = simple(Kind::kLearn);
    r.param = p->index;
    return r;
  }
  if (address == "/afterglow/learn/confirm") return simple(Kind::kLearnConfirm);
  if (address == "/afterglow/learn/cancel") return simple(Kind::kLearnCancel);

  if (address == "/afterglow/scene/morph") {
    const auto glide = args.empty() ? std::nullopt : number(args[0]);
    if (!glide || *glide < 0.0 || *glide > 600.0)
      return error("/afterglow/scene/morph wants the glide time in seconds (0 … 600)");
    OscRoute r = simple(Kind::kSceneGlide);
    r.glide = *glide;
    return r;
  }

  // A parameter, in natural units with a trailing /value.
  constexpr std::string_view kValue = "/value";
  if (address.size() > kValue.size() && address.substr(address.size() - kValue.size()) == kValue) {
    if (const engine::ParamSpec* p = registry_.find(address.substr(0, address.size() - kValue.size())))
      return param(*p, args, true, frame);
  }
  if (const engine::ParamSpec* p = registry_.find(address)) return param(*p, args, false, frame);

  // Layer events: /afterglow/<layer>/<verb>.
  const std::string_view rest = address.substr(kRoot.size());
  const std::size_t slash = rest.find('/');
  if (slash != std::string_view::npos) {
    if (const auto layer = registry_.find_layer(rest.substr(0, slash)))
      return layer_event(*layer, rest.substr(slash + 1), args, frame);
  }
  return error(fmt::format("unknown address {} (see /afterglow/q/all)", address));
}

OscRoute OscRouter::param(const engine::ParamSpec& spec, const std::vector<OscArg>& args, bool natural,
                          std::uint64_t frame) const {
  const std::string where = natural ? spec.address + "/value" : spec.address;
  if (args.size() != 1) return error(fmt::format("{} wants one number, got {} arguments", where, args.size()));
  const auto v = number(args[0]);
  if (!v) return error(fmt::format("{} wants a number, got {}", where, describe(args[0])));
  OscRoute r = simple(Kind::kCommand);
  // Out-of-range values are clipped, as a fader would be (the engine clamps again).
  const double value = natural ? std::clamp(*v, static_cast<double>(spec.min), static_cast<double>(spec.max))
                               : spec.from_normalised(std::clamp(*v, 0.0, 1.0));
  r.command = Command::param(frame, spec.index, static_cast<float>(value));
  return r;
}

OscRoute OscRouter::layer_event(std::uint32_t layer, std::string_view verb, const std::vector<OscArg>& args,
                                std::uint64_t frame) const {
  OscRoute r = simple(Kind::kCommand);
  if (verb == "note") {
    if (args.size() != 2) return error("note wants two integers: note 0–127 and velocity 0–127 (0 = off)");
    const auto note = number(args[0]);
    const auto velocity = number(args[1]);
    if (!note || !velocity || *note < 0 || *note > 127 || *velocity < 0 || *velocity > 127)
      return error("note wants two integers: note 0–127 and velocity 0–127 (0 = off)");
    const int n = static_cast<int>(*note);
    r.command = *velocity <= 0.0 ? Command::note_off(frame, layer, n)
                                 : Command::note_on(frame, layer, n, static_cast<float>(*velocity / 127.0));
    return r;
  }
  if (verb == "trigger" || verb == "flicker") {
    double strength = 1.0;
    if (!args.empty()) {
      const auto s = number(args[0]);
      if (!s) return error(fmt::format("{} wants an optional strength 0–1, got {}", verb, describe(args[0])));
      strength = std::clamp(*s, 0.0, 1.0);
    }
    r.command = Command::trigger(frame, layer, static_cast<float>(strength));
    return r;
  }
  if (verb == "all_off") {
    r.command = Command::all_off(frame, layer);
    return r;
  }
  return error(fmt::format("unknown address /afterglow/{}/{} (see /afterglow/q/all)",
                           registry_.layers()[layer].name, verb));
}

}  // namespace afterglow::control
