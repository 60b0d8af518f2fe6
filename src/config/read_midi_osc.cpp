// midi and osc: the control surfaces. Mappings stay generic (the MIDI layer interprets them); the
// fields every mapping needs are checked here so that a typo in a live set is caught before the gig.

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>

#include "scalar.h"
#include "sections.h"

namespace afterglow::config::detail {
namespace {

void read_mapping(LoadContext& ctx, const YAML::Node& item, std::size_t index, MidiMapping& m) {
  const std::string path = fmt::format("midi.mappings[{}]", index);
  m.where = location_of(item);
  SectionReader r(ctx, path, item);
  for (auto it = item.begin(); it != item.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    Scalar s = resolve_scalar(it->second);
    ParamValue v;
    if (s.kind == ScalarKind::kBool) {
      v = s.boolean;
    } else if (s.is_number()) {
      v = s.number;
    } else if (s.kind == ScalarKind::kString) {
      v = s.text;
    } else {
      ctx.error(path + "." + it->first.Scalar(), location_of(it->second),
                fmt::format("must be a number, text or true/false (got {})", describe(it->second)));
      continue;
    }
    m.fields.push_back({it->first.Scalar(), v, location_of(it->second)});
  }
  r.integer("cc", m.cc, between(0, 127));
  r.integer("note", m.note, between(0, 127));
  if (r.has("cc") && r.has("note")) {
    r.error("note", "a mapping listens to either `cc` or `note`, not both");
  } else if (!r.has("cc") && !r.has("note")) {
    ctx.error(path, m.where, "needs `cc:` (0-127) or `note:` (0-127)");
  }
  YAML::Node channel = r.take("channel");
  Scalar c = resolve_scalar(channel);
  if (c.kind == ScalarKind::kString && c.text == "any") {
    m.channel = 0;
  } else if (c.kind == ScalarKind::kInt && c.integer >= 1 && c.integer <= 16) {
    m.channel = static_cast<int>(c.integer);
  } else if (channel.IsDefined()) {
    r.error("channel", fmt::format("must be between 1 and 16 or \"any\" (got {})", describe(channel)));
  }
  if (!r.has("target")) {
    ctx.error(path + ".target", m.where, "missing; name the parameter to control, e.g. cloud1.density");
  } else if (r.text("target", m.target) && m.target.empty()) {
    r.error("target", "must name a parameter, not be empty");
  }
  if (auto t = r.choice("takeover", {"jump", "pickup", "scale"})) m.takeover = static_cast<Takeover>(*t);
  // Other keys (ranges, curves, invert) belong to the MIDI layer: no unknown-key warnings here.
}

bool parse_port(std::string_view text, int& port) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  return ec == std::errc() && ptr == text.data() + text.size() && port >= 1 && port <= 65535;
}

// "192.168.1.20", "10.0.0.0/8", "::1", "fe80::/10".
bool valid_address_or_cidr(const std::string& text) {
  std::string address = text;
  std::optional<int> prefix;
  if (auto slash = text.find('/'); slash != std::string::npos) {
    address = text.substr(0, slash);
    std::string_view bits = std::string_view(text).substr(slash + 1);
    int p = -1;
    auto [ptr, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), p);
    if (ec != std::errc() || ptr != bits.data() + bits.size() || bits.empty()) return false;
    prefix = p;
  }
  unsigned char buffer[16];
  if (inet_pton(AF_INET, address.c_str(), buffer) == 1) return !prefix || (*prefix >= 0 && *prefix <= 32);
  if (inet_pton(AF_INET6, address.c_str(), buffer) == 1) return !prefix || (*prefix >= 0 && *prefix <= 128);
  return false;
}

// "host:port" or "[v6]:port".
std::optional<OscFeedback> parse_feedback(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  OscFeedback f;
  f.host = text.substr(0, colon);
  if (f.host.front() == '[') {
    if (f.host.size() < 3 || f.host.back() != ']') return std::nullopt;
    f.host = f.host.substr(1, f.host.size() - 2);
  } else if (f.host.find(':') != std::string::npos) {
    return std::nullopt;  // a bare IPv6 address is ambiguous without brackets
  }
  if (f.host.find_first_of(" \t/") != std::string::npos) return std::nullopt;
  if (!parse_port(std::string_view(text).substr(colon + 1), f.port)) return std::nullopt;
  return f;
}

}  // namespace

void read_midi(SectionReader& r, MidiConfig& out) {
  r.texts("inputs", out.inputs);
  YAML::Node mappings = r.take("mappings");
  if (!mappings.IsDefined() || mappings.IsNull()) return;
  if (!mappings.IsSequence()) {
    r.error("mappings", fmt::format("must be a list of mappings (got {})", describe(mappings)));
    return;
  }
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    const YAML::Node item = mappings[i];
    if (!item.IsMap()) {
      r.context().error(fmt::format("midi.mappings[{}]", i), location_of(item),
                        fmt::format("must be a mapping such as {{cc: 21, target: cloud1.density}} (got {})",
                                    describe(item)));
      continue;
    }
    MidiMapping m;
    read_mapping(r.context(), item, i, m);
    out.mappings.push_back(std::move(m));
  }
}

void read_osc(SectionReader& r, OscConfig& out) {
  r.boolean("enabled", out.enabled);
  r.integer("port", out.port, between(1, 65535));
  std::vector<std::string> allow;
  if (r.texts("allow", allow)) {
    for (const auto& a : allow) {
      if (valid_address_or_cidr(a)) {
        out.allow.push_back(a);
      } else {
        r.error("allow",
                fmt::format("\"{}\" is not an IP address or CIDR block (e.g. 192.168.1.0/24, ::1)", a));
      }
    }
  }
  std::vector<std::string> feedback;
  if (r.texts("feedback", feedback)) {
    for (const auto& f : feedback) {
      if (auto parsed = parse_feedback(f)) {
        out.feedback.push_back(*parsed);
      } else {
        r.error("feedback",
                fmt::format("\"{}\" is not host:port with a port 1-65535 (e.g. 192.168.1.30:9001)", f));
      }
    }
  }
}

}  // namespace afterglow::config::detail
