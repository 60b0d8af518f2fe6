#include "afterglow/render/render_plan.h"

#include <map>

#include "afterglow/core/error.h"

namespace afterglow::render {

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::kPads:
      return "pads";
    case Phase::kDrones:
      return "drones";
    case Phase::kClouds:
      return "clouds";
    case Phase::kHiss:
      return "hiss";
    case Phase::kDrums:
      return "drums";
    case Phase::kRoomTone:
      return "roomtone";
  }
  return "pads";
}

bool PhaseSet::contains(Phase phase) const {
  switch (phase) {
    case Phase::kPads:
      return pads;
    case Phase::kDrones:
      return drones;
    case Phase::kClouds:
      return clouds;
    case Phase::kHiss:
      return hiss;
    case Phase::kDrums:
      return drums;
    case Phase::kRoomTone:
      return room_tone;
  }
  return false;
}

PhaseSet PhaseSet::only(Phase phase) {
  PhaseSet set{false, false, false, false, false, false};
  switch (phase) {
    case Phase::kPads:
      set.pads = true;
      break;
    case Phase::kDrones:
      set.drones = true;
      break;
    case Phase::kClouds:
      set.clouds = true;
      break;
    case Phase::kHiss:
      set.hiss = true;
      break;
    case Phase::kDrums:
      set.drums = true;
      break;
    case Phase::kRoomTone:
      set.room_tone = true;
      break;
  }
  return set;
}

Result<PhaseSet> PhaseSet::parse(std::string_view text) {
  constexpr const char* kNames = "pads, drones, clouds, hiss, drums, roomtone, all or default";
  PhaseSet set{false, false, false, false, false, false};
  bool any = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = text.find(',', pos);
    std::string_view word =
        text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (!word.empty()) {
      if (word == "pads") {
        set.pads = true;
      } else if (word == "drones") {
        set.drones = true;
      } else if (word == "clouds") {
        set.clouds = true;
      } else if (word == "hiss") {
        set.hiss = true;
      } else if (word == "drums") {
        set.drums = true;
      } else if (word == "roomtone") {
        set.room_tone = true;
      } else if (word == "all" || word == "default") {
        set.pads = set.drones = set.clouds = set.hiss = true;
        if (word == "all") set.drums = set.room_tone = true;
      } else {
        return Error(ErrorKind::kUsage, "unknown phase '" + std::string(word) + "' (use " + kNames + ")");
      }
      any = true;
    }
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (!any) return Error(ErrorKind::kUsage, std::string("no phase given (use ") + kNames + ")");
  return set;
}

bool phase_reads(Phase phase, analysis::SourceRole role) {
  using analysis::SourceRole;
  switch (phase) {
    case Phase::kPads:
      return role != SourceRole::kDrums;
    case Phase::kDrones:
    case Phase::kClouds:
      return role == SourceRole::kPads || role == SourceRole::kAny;
    case Phase::kHiss:
      return role == SourceRole::kDrums;
    case Phase::kDrums:
      return role == SourceRole::kDrums || role == SourceRole::kAny;
    case Phase::kRoomTone:
      return role != SourceRole::kDrums;
  }
  return false;
}

namespace {
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30u)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27u)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31u);
}
}  // namespace

std::uint64_t derive_seed(std::uint64_t global_seed, std::string_view source_id, Phase phase) {
  std::uint64_t h = 0xCBF29CE484222325ull;  // FNV-1a over the id: stable across platforms and runs
  for (const char c : source_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return splitmix64(splitmix64(global_seed ^ h) + static_cast<std::uint64_t>(phase) + 1);
}

std::string file_safe(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool bad = u < 0x20 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
                     c == '<' || c == '>' || c == '|' || c == '#';
    out += bad ? '_' : c;
  }
  if (out.empty() || out == "." || out == "..") out = "source";
  return out;
}

std::vector<std::string> source_labels(std::span<const analysis::CorpusSource> sources) {
  std::map<std::string, int> stems;
  for (const auto& s : sources) ++stems[s.name];
  std::vector<std::string> labels;
  labels.reserve(sources.size());
  for (const auto& s : sources) labels.push_back(file_safe(stems[s.name] > 1 ? s.id : s.name));
  return labels;
}

}  // namespace afterglow::render
