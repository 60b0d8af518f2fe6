// osc: the control surface's server, who may play and where feedback goes. (midi: read_midi.cpp.)

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>

#include "scalar.h"
#include "sections.h"

namespace afterglow::config::detail {
namespace {

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
