#include "afterglow/control/midi_learn.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "afterglow/config/scene_loader.h"
#include "afterglow/control/midi_map.h"
#include "afterglow/core/log.h"
#include "afterglow/io/atomic_file.h"

namespace afterglow::control {
namespace {

constexpr std::string_view kSuffix = ".mappings.yaml";

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string number(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

bool channels_overlap(int a, int b) {
  return a == 0 || b == 0 || a == b;
}

// Does a scene `cc:` mapping listen to controller `cc` (as its own, or as a 14-bit pair's LSB)?
bool uses_controller(const config::MidiMapping& m, int cc) {
  if (m.source != config::MidiSource::kCc || !m.cc) return false;
  return *m.cc == cc || (m.fourteen_bit && *m.cc + 32 == cc);
}

}  // namespace

std::filesystem::path learned_mappings_path(const std::filesystem::path& scene_file) {
  std::filesystem::path stem = scene_file.filename();
  stem.replace_extension();
  return scene_file.parent_path() / (stem.string() + std::string(kSuffix));
}

bool is_learned_mappings_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.size() > kSuffix.size() &&
         name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

Result<std::vector<config::MidiMapping>> load_learned_mappings(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::vector<config::MidiMapping>{};
  config::SceneLoad load = config::load_scene_file(path);
  if (!load.ok()) {
    return Error(ErrorKind::kInvalidConfig,
                 fmt::format("{} cannot be read:\n{}", path.string(), load.diagnostics.format_all()));
  }
  return load.scene->midi.mappings;
}

std::string to_yaml(const config::MidiMapping& m) {
  std::vector<std::string> keys;
  switch (m.source) {
    case config::MidiSource::kCc:
      keys.push_back(fmt::format("cc: {}", m.cc.value_or(0)));
      break;
    case config::MidiSource::kNote:
      keys.push_back(fmt::format("note: {}", m.note.value_or(m.key_low)));
      break;
    case config::MidiSource::kNotes:
      keys.push_back(m.key_low == 0 && m.key_high == 127
                         ? std::string("notes: all")
                         : fmt::format("notes: [{}, {}]", m.key_low, m.key_high));
      break;
    case config::MidiSource::kBend:
      keys.emplace_back("bend: true");
      break;
    case config::MidiSource::kProgram:
      keys.emplace_back("program: true");
      break;
    case config::MidiSource::kClock:
      keys.emplace_back("clock: true");
      break;
  }
  if (m.channel != 0) keys.push_back(fmt::format("channel: {}", m.channel));
  if (!m.target.empty()) keys.push_back("target: " + quoted(m.target));
  const config::MidiMapping defaults;
  if (m.takeover != defaults.takeover)
    keys.push_back(fmt::format("takeover: {}", config::to_string(m.takeover)));
  if (m.range_min && m.range_max)
    keys.push_back(fmt::format("range: [{}, {}]", number(*m.range_min), number(*m.range_max)));
  if (m.curve != defaults.curve) keys.push_back(fmt::format("curve: {}", config::to_string(m.curve)));
  if (m.invert) keys.emplace_back("invert: true");
  if (m.fourteen_bit) keys.emplace_back("14bit: true");
  if (m.velocity_curve != defaults.velocity_curve)
    keys.push_back(fmt::format("velocity_curve: {}", config::to_string(m.velocity_curve)));
  if (m.sustain != defaults.sustain) keys.emplace_back("sustain: false");
  if (m.bend_range != defaults.bend_range)
    keys.push_back(fmt::format("bend_range: {}", number(m.bend_range)));
  if (m.action != defaults.action) keys.push_back(fmt::format("mode: {}", config::to_string(m.action)));
  return fmt::format("{{{}}}", fmt::join(keys, ", "));
}

Status save_learned_mappings(const std::filesystem::path& path,
                             std::span<const config::MidiMapping> mappings) {
  if (!is_learned_mappings_file(path)) {
    return Error(
        ErrorKind::kInvalidValue,
        fmt::format("{}: learned MIDI mappings go to a file named <scene>{}", path.string(), kSuffix));
  }
  std::string text =
      "# MIDI mappings learned while playing (afterglow live). Loaded with the scene of the same name:\n"
      "# each replaces the scene's `cc:` mapping on the same controller and channel. Edit or delete freely.\n"
      "midi:\n  mappings:\n";
  for (const config::MidiMapping& m : mappings) text += "    - " + to_yaml(m) + "\n";
  if (mappings.empty())
    text = text.substr(0, text.size() - std::string_view("  mappings:\n").size()) + "  mappings: []\n";
  return io::write_file_atomically(path, [&](int fd) -> Status {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Error(ErrorKind::kFilesystem,
                     fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
      }
      done += static_cast<std::size_t>(n);
    }
    return Ok{};
  });
}

std::vector<config::MidiMapping> merge_learned(std::span<const config::MidiMapping> scene,
                                               std::span<const config::MidiMapping> learned) {
  std::vector<config::MidiMapping> out;
  for (const config::MidiMapping& s : scene) {
    const bool overridden = std::any_of(learned.begin(), learned.end(), [&](const config::MidiMapping& l) {
      return l.source == config::MidiSource::kCc && l.cc && channels_overlap(s.channel, l.channel) &&
             (uses_controller(s, *l.cc) || (l.fourteen_bit && uses_controller(s, *l.cc + 32)));
    });
    if (!overridden) out.push_back(s);
  }
  out.insert(out.end(), learned.begin(), learned.end());
  return out;
}

void add_learned(std::vector<config::MidiMapping>& learned, config::MidiMapping mapping) {
  std::erase_if(learned, [&](const config::MidiMapping& l) {
    if (l.target == mapping.target) return true;
    return mapping.cc && channels_overlap(l.channel, mapping.channel) && uses_controller(l, *mapping.cc);
  });
  learned.push_back(std::move(mapping));
}

std::vector<std::string> keep_usable(std::vector<config::MidiMapping>& learned,
                                     const engine::ParamRegistry& registry, const std::string& file) {
  std::vector<std::string> problems;
  std::erase_if(learned, [&](const config::MidiMapping& m) {
    auto map = MidiMap::build(std::span<const config::MidiMapping>(&m, 1), registry, nullptr, file);
    if (map) return false;
    problems.push_back(fmt::format("{} (this learned mapping is left out)", map.error().message()));
    return true;
  });
  return problems;
}

config::MidiMapping learned_cc_mapping(int channel, int cc, const std::string& target) {
  config::MidiMapping m;
  m.source = config::MidiSource::kCc;
  m.cc = cc;
  m.channel = channel;
  m.target = target;
  return m;
}

// --- MidiLearn ---

void MidiLearn::start(std::string target, double now) {
  active_ = true;
  confirmed_ = false;
  cancelled_ = false;
  target_ = std::move(target);
  started_ = now;
  last_move_ = now;
  candidate_.reset();
}

void MidiLearn::moved(int channel, int cc, double now) {
  if (!active_) return;
  candidate_ = {channel, cc};
  last_move_ = now;
}

std::optional<MidiLearn::Outcome> MidiLearn::poll(double now) {
  if (!active_) return std::nullopt;
  const bool settled = candidate_ && now - last_move_ >= kSettleSeconds;
  const bool timed_out = !candidate_ && now - started_ >= kTimeoutSeconds;
  if (!cancelled_ && !confirmed_ && !settled && !timed_out) return std::nullopt;
  Outcome out;
  out.target = target_;
  if (!cancelled_ && candidate_)
    out.mapping = learned_cc_mapping(candidate_->first, candidate_->second, target_);
  active_ = false;
  confirmed_ = cancelled_ = false;
  candidate_.reset();
  return out;
}

// --- MidiLearner ---

MidiLearner::MidiLearner(const engine::ParamRegistry& registry, std::shared_ptr<MidiParamMirror> mirror,
                         std::vector<config::MidiMapping> scene_mappings,
                         std::vector<config::MidiMapping> learned, std::filesystem::path file,
                         std::string scene_name)
    : registry_(registry),
      mirror_(std::move(mirror)),
      scene_(std::move(scene_mappings)),
      learned_(std::move(learned)),
      file_(std::move(file)),
      scene_name_(std::move(scene_name)) {}

std::string MidiLearner::request(Request what, const std::string& target) {
  std::string id;
  if (what == Request::kStart) {
    const engine::ParamSpec* p = find_mapping_param(registry_, target);
    if (p == nullptr) {
      return fmt::format("MIDI learn: \"{}\" is not a parameter (`afterglow params` lists them)", target);
    }
    id = p->id;
  }
  std::lock_guard lock(mutex_);
  requests_.emplace_back(what, std::move(id));
  return {};
}

void MidiLearner::tick(std::span<const std::unique_ptr<MidiInput>> inputs, double now) {
  for (const auto& input : inputs) input->collect();
  std::vector<std::pair<Request, std::string>> requests;
  {
    std::lock_guard lock(mutex_);
    requests.swap(requests_);
  }
  seen_.resize(inputs.size(), 0);
  // The slots' latest CC: read always, so a learn only ever sees what moved after it started.
  std::optional<std::pair<int, int>> moved;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const MidiInput::LearnedCc cc = inputs[i]->learned_cc();
    if (cc.sequence != seen_[i]) {
      seen_[i] = cc.sequence;
      moved = {cc.channel, cc.cc};
    }
  }
  if (moved && learn_.active()) learn_.moved(moved->first, moved->second, now);
  // A learn key: starts learning its parameter, or confirms when that parameter is being learned.
  for (const auto& input : inputs) {
    std::uint32_t param = 0;
    while (input->pop_learn_request(param)) {
      if (param >= registry_.size()) continue;
      const std::string& id = registry_[param].id;
      if (learn_.active() && learn_.target() == id) {
        requests.emplace_back(Request::kConfirm, std::string());
      } else {
        requests.emplace_back(Request::kStart, id);
      }
    }
  }

  for (const auto& [what, target] : requests) {
    switch (what) {
      case Request::kStart:
        if (learn_.active()) log::info("MIDI learn for {} ended: {} asked for", learn_.target(), target);
        learn_.start(target, now);
        for (const auto& input : inputs) input->arm_learn(true);
        log::info("MIDI learn: move a knob or fader for {} (the last one moved wins)", target);
        break;
      case Request::kConfirm:
        learn_.confirm();
        break;
      case Request::kCancel:
        learn_.cancel();
        break;
    }
  }
  if (auto outcome = learn_.poll(now)) {
    for (const auto& input : inputs) input->arm_learn(false);
    finish(inputs, *outcome);
  }
}

void MidiLearner::finish(std::span<const std::unique_ptr<MidiInput>> inputs,
                         const MidiLearn::Outcome& outcome) {
  if (!outcome.mapping) {
    log::info("MIDI learn for {} ended with no knob moved; nothing changed", outcome.target);
    return;
  }
  std::vector<config::MidiMapping> learned = learned_;
  add_learned(learned, *outcome.mapping);
  const std::vector<config::MidiMapping> merged = merge_learned(scene_, learned);
  std::vector<std::unique_ptr<MidiMap>> maps;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto map = MidiMap::build(merged, registry_, mirror_, scene_name_);
    if (!map) {
      log::error("MIDI learn for {} not applied: {}", outcome.target, map.error().what());
      return;
    }
    maps.push_back(std::make_unique<MidiMap>(std::move(*map)));
  }
  learned_ = std::move(learned);
  for (std::size_t i = 0; i < inputs.size(); ++i) inputs[i]->replace_map(std::move(maps[i]));
  const std::string what =
      fmt::format("CC {} on channel {} → {}", *outcome.mapping->cc, outcome.mapping->channel, outcome.target);
  if (Status s = save_learned_mappings(file_, learned_); !s) {
    log::error("MIDI learn: {} plays now but was not saved: {}", what, s.error().what());
    return;
  }
  ++saved_;
  log::info("MIDI learn: {} (saved to {})", what, file_.string());
}

}  // namespace afterglow::control
