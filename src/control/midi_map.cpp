#include "afterglow/control/midi_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace afterglow::control {
namespace {

using config::MidiSource;

constexpr int kSustainPedal = 64;
constexpr int kBankSelectMsb = 0;
constexpr int kBankSelectLsb = 32;
constexpr int kAllSoundOff = 120;
constexpr int kAllNotesOff = 123;

std::string where(const std::string& file, const config::MidiMapping& m, std::size_t index,
                  std::string_view key) {
  std::string place = file.empty() ? std::string("scene") : file;
  if (m.where.line > 0) place += fmt::format(":{}:{}", m.where.line, m.where.column);
  return fmt::format("{}: midi.mappings[{}]{}{}", place, index, key.empty() ? "" : ".", key);
}

const engine::ParamSpec* find_param(const engine::ParamRegistry& registry, const std::string& target) {
  return find_mapping_param(registry, target);
}

std::optional<std::uint32_t> find_layer(const engine::ParamRegistry& registry, std::string target) {
  const std::string root = std::string(engine::kAddressRoot) + "/";
  if (target.rfind(root, 0) == 0) target = target.substr(root.size());
  return registry.find_layer(target);
}

engine::ParamCurve to_param_curve(config::MidiCurve curve, engine::ParamCurve own) {
  switch (curve) {
    case config::MidiCurve::kLinear:
      return engine::ParamCurve::kLinear;
    case config::MidiCurve::kLog:
      return engine::ParamCurve::kLog;
    case config::MidiCurve::kExp:
      return engine::ParamCurve::kExp;
    case config::MidiCurve::kParam:
      break;
  }
  return own;
}

}  // namespace

// "cloud1.density", "cloud1/density" or "/afterglow/cloud1/density".
const engine::ParamSpec* find_mapping_param(const engine::ParamRegistry& registry, std::string_view target) {
  if (const auto* p = registry.find(target)) return p;
  for (const auto& p : registry.params()) {
    if (p.id == target) return &p;
  }
  const auto sep = target.find('/');
  if (sep != std::string_view::npos && sep > 0) {
    return registry.find(
        engine::param_address(std::string(target.substr(0, sep)), std::string(target.substr(sep + 1))));
  }
  return nullptr;
}

Result<MidiMap> MidiMap::build(std::span<const config::MidiMapping> mappings,
                               const engine::ParamRegistry& registry, std::shared_ptr<MidiParamMirror> mirror,
                               const std::string& file) {
  MidiMap map;
  map.mirror_ = mirror ? std::move(mirror) : std::make_shared<MidiParamMirror>(registry);
  std::vector<std::string> problems;
  map.entries_.reserve(mappings.size());

  for (std::size_t i = 0; i < mappings.size(); ++i) {
    const config::MidiMapping& m = mappings[i];
    Entry e;
    e.config = m;
    const engine::ParamSpec* param = nullptr;
    std::optional<std::uint32_t> layer;
    if (!m.target.empty()) {
      param = find_param(registry, m.target);
      if (!param) layer = find_layer(registry, m.target);
    }
    auto missing = [&](std::string_view wanted) {
      problems.push_back(fmt::format("{}: \"{}\" is not {} (`afterglow params` lists them)",
                                     where(file, m, i, "target"), m.target, wanted));
    };
    auto layer_type = [&](std::uint32_t l) { return registry.layers()[l].type->type; };

    switch (m.source) {
      case MidiSource::kCc:
        if (!param) {
          missing("a parameter");
          continue;
        }
        e.kind = Kind::kCcParam;
        break;
      case MidiSource::kNote:
        if (m.action == config::NoteAction::kLearn && !param) {
          missing("a parameter (`mode: learn` learns a knob for a parameter)");
          continue;
        }
        if (param) {
          e.kind = Kind::kNoteParam;
        } else if (layer && layer_type(*layer) == config::LayerType::kDrone) {
          e.kind = Kind::kNotes;  // one key playing the drone
        } else if (layer) {
          e.kind = Kind::kNoteTrigger;
        } else {
          missing("a parameter or layer");
          continue;
        }
        break;
      case MidiSource::kNotes:
        if (!layer || layer_type(*layer) != config::LayerType::kDrone) {
          if (layer || param) {
            problems.push_back(
                fmt::format("{}: `notes:` plays a drone layer's voices; \"{}\" is not a drone "
                            "layer (map a single `note:` to trigger a cloud or hiss layer)",
                            where(file, m, i, "target"), m.target));
          } else {
            missing("a drone layer");
          }
          continue;
        }
        e.kind = Kind::kNotes;
        break;
      case MidiSource::kBend:
        if (!param && layer)
          param = registry.find(engine::param_address(registry.layers()[*layer].name, "bend"));
        if (!param || param->unit != "cents") {
          problems.push_back(
              fmt::format("{}: pitch bend bends a drone layer (its bend, in cents); \"{}\" is not one",
                          where(file, m, i, "target"), m.target));
          continue;
        }
        e.kind = Kind::kBend;
        if (m.bend_range * 100.0 > param->max + 1e-6 || -m.bend_range * 100.0 < param->min - 1e-6) {
          map.warnings_.push_back(fmt::format(
              "{}: a bend of ±{} semitones goes beyond {} ({} to {} cents): the wheel's ends are clipped",
              where(file, m, i, "bend_range"), m.bend_range, param->id, param->min, param->max));
        }
        break;
      case MidiSource::kProgram:
        e.kind = Kind::kProgram;
        break;
      case MidiSource::kClock:
        if (!m.target.empty() && !param) {
          missing("a parameter");
          continue;
        }
        e.kind = Kind::kClock;
        break;
    }

    if (param) {
      e.param = param->index;
      e.has_param = true;
      e.limits = *param;
      e.shape = *param;
      if (m.range_min && m.range_max) {
        e.shape.min = static_cast<float>(*m.range_min);
        e.shape.max = static_cast<float>(*m.range_max);
        if (*m.range_min < param->min || *m.range_max > param->max) {
          map.warnings_.push_back(fmt::format(
              "{}: [{}, {}] reaches beyond {}'s range ({} to {}): the ends are clipped",
              where(file, m, i, "range"), *m.range_min, *m.range_max, param->id, param->min, param->max));
        }
      }
      e.shape.curve = to_param_curve(m.curve, param->curve);
      if (e.shape.curve == engine::ParamCurve::kLog && e.shape.min <= 0.0f) {
        problems.push_back(
            fmt::format("{}: a log curve needs a range above 0 ({} starts at {}); give `range:` or "
                        "`curve: linear`",
                        where(file, m, i, "curve"), param->id, e.shape.min));
        continue;
      }
    }
    if (layer) e.layer = *layer;
    e.takeover = MidiTakeover(m.takeover, m.fourteen_bit ? 1.0 / 2048.0 : 1.0 / 127.0);
    e.version = e.has_param ? map.mirror_->version(e.param) : 0;
    map.entries_.push_back(std::move(e));
  }

  if (!problems.empty()) {
    std::string message =
        fmt::format("{} MIDI mapping{} cannot be used:", problems.size(), problems.size() == 1 ? "" : "s");
    for (const auto& p : problems) message += "\n  " + p;
    return Error(ErrorKind::kInvalidConfig, message);
  }
  return map;
}

void MidiMap::carry_over(const MidiMap& previous) noexcept {
  clock_ = previous.clock_;
  for (Entry& e : entries_) {
    for (const Entry& old : previous.entries_) {
      const config::MidiMapping& a = e.config;
      const config::MidiMapping& b = old.config;
      const bool same = e.kind == old.kind && e.param == old.param && e.has_param == old.has_param &&
                        e.layer == old.layer && a.source == b.source && a.cc == b.cc &&
                        a.channel == b.channel && a.key_low == b.key_low && a.key_high == b.key_high &&
                        a.fourteen_bit == b.fourteen_bit && a.takeover == b.takeover;
      if (!same) continue;
      e.takeover = old.takeover;
      e.version = old.version;
      std::copy(std::begin(old.msb), std::end(old.msb), std::begin(e.msb));
      e.toggled = old.toggled;
      std::copy(std::begin(old.down), std::end(old.down), std::begin(e.down));
      std::copy(std::begin(old.held), std::end(old.held), std::begin(e.held));
      std::copy(std::begin(old.pedal), std::end(old.pedal), std::begin(e.pedal));
      std::copy(std::begin(old.bank_msb), std::end(old.bank_msb), std::begin(e.bank_msb));
      std::copy(std::begin(old.bank_lsb), std::end(old.bank_lsb), std::begin(e.bank_lsb));
      e.last_tempo = old.last_tempo;
      break;
    }
  }
}

bool MidiMap::listens(const Entry& e, const MidiMessage& m) const noexcept {
  if (!m.is_channel()) return e.kind == Kind::kClock && m.type == MidiType::kClock;
  return e.config.channel == 0 || e.config.channel == m.channel + 1;
}

void MidiMap::apply(const MidiMessage& m, double time, std::uint64_t frame, MidiMapSink& out) noexcept {
  switch (m.type) {
    case MidiType::kClock:
      clock_.tick(time);
      break;
    case MidiType::kStart:
      clock_.start();
      break;
    case MidiType::kStop:
      clock_.stop();
      break;
    case MidiType::kContinue:
      clock_.resume();
      break;
    default:
      break;
  }
  for (Entry& e : entries_) {
    if (!listens(e, m)) continue;
    switch (e.kind) {
      case Kind::kCcParam:
        if (m.type == MidiType::kControlChange) control_change(e, m, time, frame, out);
        break;
      case Kind::kNoteParam:
      case Kind::kNoteTrigger:
      case Kind::kNotes:
        note(e, m, time, frame, out);
        break;
      case Kind::kBend:
        if (m.type == MidiType::kPitchBend) {
          const int b = m.bend();
          const double amount = b >= 0 ? b / 8191.0 : b / 8192.0;
          send_value(e, static_cast<float>(amount * e.config.bend_range * 100.0), time, frame, out);
        }
        break;
      case Kind::kProgram:
        if (m.type == MidiType::kControlChange && m.data1 == kBankSelectMsb) e.bank_msb[m.channel] = m.data2;
        if (m.type == MidiType::kControlChange && m.data1 == kBankSelectLsb) e.bank_lsb[m.channel] = m.data2;
        if (m.type == MidiType::kProgramChange) {
          out.recall_scene((e.bank_msb[m.channel] * 128 + e.bank_lsb[m.channel]) * 128 + m.data1);
        }
        break;
      case Kind::kClock:
        if (e.has_param && clock_.bpm()) {
          const auto bpm = static_cast<float>(*clock_.bpm());
          // Whole hundredths of a BPM: no command per tick for a tempo that is not changing.
          if (std::abs(bpm - e.last_tempo) >= 0.01f) {
            e.last_tempo = bpm;
            send_value(e, bpm, time, frame, out);
          }
        }
        break;
    }
  }
}

void MidiMap::control_change(Entry& e, const MidiMessage& m, double time, std::uint64_t frame,
                             MidiMapSink& out) noexcept {
  const int cc = *e.config.cc;
  double control = 0.0;
  if (e.config.fourteen_bit) {
    // Latch the MSB, apply on the LSB: a coarse step alone would jump by 1/128 of the range.
    if (m.data1 == cc) {
      e.msb[m.channel] = m.data2;
      return;
    }
    if (m.data1 != cc + 32 || e.msb[m.channel] < 0) return;
    control = ((e.msb[m.channel] << 7) | m.data2) / 16383.0;
  } else {
    if (m.data1 != cc) return;
    control = m.data2 / 127.0;
  }
  // Takeover works in the knob's own space: the parameter's position as the knob would show it.
  double current = e.shape.to_normalised(mirror_->value(e.param));
  if (e.config.invert) current = 1.0 - current;
  const bool foreign = mirror_->version(e.param) != e.version;
  if (auto position = e.takeover.move(control, current, foreign)) send_param(e, *position, time, frame, out);
}

void MidiMap::note(Entry& e, const MidiMessage& m, double time, std::uint64_t frame,
                   MidiMapSink& out) noexcept {
  const int ch = m.channel;
  if (e.kind == Kind::kNotes && m.type == MidiType::kControlChange) {
    if (m.data1 == kSustainPedal && e.config.sustain) {
      const bool down = m.data2 >= 64;
      if (e.pedal[ch] && !down) {
        for (int k = e.config.key_low; k <= e.config.key_high; ++k) {
          if (e.held[ch][k] && !e.down[ch][k]) out.command(engine::Command::note_off(frame, e.layer, k));
        }
        e.held[ch].reset();
      }
      e.pedal[ch] = down;
    } else if (m.data1 == kAllNotesOff || m.data1 == kAllSoundOff) {
      out.command(engine::Command::all_off(frame, e.layer));
      e.down[ch].reset();
      e.held[ch].reset();
    }
    return;
  }
  const bool on = m.type == MidiType::kNoteOn;
  if (!on && m.type != MidiType::kNoteOff) return;
  const int key = m.data1;
  if (key < e.config.key_low || key > e.config.key_high) return;

  switch (e.kind) {
    case Kind::kNotes:
      if (on) {
        e.down[ch][key] = true;
        e.held[ch][key] = false;
        out.command(engine::Command::note_on(frame, e.layer, key, velocity(e, m.data2)));
      } else {
        e.down[ch][key] = false;
        if (e.pedal[ch]) {
          e.held[ch][key] = true;  // sounds on until the pedal comes up
        } else {
          out.command(engine::Command::note_off(frame, e.layer, key));
        }
      }
      break;
    case Kind::kNoteTrigger:
      if (on) out.command(engine::Command::trigger(frame, e.layer, velocity(e, m.data2)));
      break;
    case Kind::kNoteParam: {
      if (e.config.action == config::NoteAction::kLearn) {
        if (on) out.learn(e.param);
        break;
      }
      const bool toggle =
          e.config.action == config::NoteAction::kToggle ||
          (e.config.action == config::NoteAction::kAuto && e.limits.kind == engine::ParamKind::kBool);
      if (toggle) {
        if (!on) break;
        // The parameter's state, not a private flag: a toggle agrees with whatever else set it.
        double position = e.shape.to_normalised(mirror_->value(e.param));
        if (e.config.invert) position = 1.0 - position;
        send_param(e, position >= 0.5 ? 0.0 : 1.0, time, frame, out);
      } else {
        send_param(e, on ? 1.0 : 0.0, time, frame, out);
      }
      break;
    }
    default:
      break;
  }
}

void MidiMap::send_param(Entry& e, double position, double time, std::uint64_t frame,
                         MidiMapSink& out) noexcept {
  const double n = e.config.invert ? 1.0 - position : position;
  send_value(e, static_cast<float>(e.shape.from_normalised(n)), time, frame, out);
}

void MidiMap::send_value(Entry& e, float value, double time, std::uint64_t frame, MidiMapSink& out) noexcept {
  if (!e.limits.clamp(value)) return;  // the same clamp the engine applies: the mirror stays true
  out.command(engine::Command::param(frame, e.param, value));
  e.version = mirror_->sent(e.param, value, time);
}

float MidiMap::velocity(const Entry& e, int velocity) const noexcept {
  const float v = static_cast<float>(velocity) / 127.0f;
  switch (e.config.velocity_curve) {
    case config::VelocityCurve::kSoft:
      return std::sqrt(v);
    case config::VelocityCurve::kHard:
      return v * v;
    case config::VelocityCurve::kFixed:
      return 1.0f;
    case config::VelocityCurve::kLinear:
      break;
  }
  return v;
}

}  // namespace afterglow::control
