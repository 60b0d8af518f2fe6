#include "afterglow/control/osc_allow.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace afterglow::control {
namespace {

// The address as 16 bytes (IPv4 as-is in the first four) and whether it is IPv6; an IPv4-mapped IPv6
// address (::ffff:a.b.c.d, as a dual-stack socket reports IPv4 senders) counts as the IPv4 address.
bool parse_address(std::string_view text, bool& v6, std::array<std::uint8_t, 16>& bytes) {
  const std::string s(text);
  bytes.fill(0);
  in_addr a4{};
  if (::inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    v6 = false;
    std::memcpy(bytes.data(), &a4, 4);
    return true;
  }
  in6_addr a6{};
  if (::inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(&a6, kMapped, 12) == 0) {
      v6 = false;
      std::memcpy(bytes.data(), reinterpret_cast<const std::uint8_t*>(&a6) + 12, 4);
      return true;
    }
    v6 = true;
    std::memcpy(bytes.data(), &a6, 16);
    return true;
  }
  return false;
}

bool prefix_matches(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b, int bits) {
  int i = 0;
  for (; bits >= 8; bits -= 8, ++i) {
    if (a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(i)]) return false;
  }
  if (bits == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits));
  return (a[static_cast<std::size_t>(i)] & mask) == (b[static_cast<std::size_t>(i)] & mask);
}

}  // namespace

OscAllowList::OscAllowList() {
  Block v4;
  parse_block("127.0.0.0/8", v4);
  Block v6;
  parse_block("::1", v6);
  blocks_ = {v4, v6};
}

bool OscAllowList::parse_block(std::string_view text, Block& out) {
  const std::size_t slash = text.find('/');
  if (!parse_address(text.substr(0, slash), out.v6, out.bytes)) return false;
  const int max = out.v6 ? 128 : 32;
  out.prefix = max;
  if (slash != std::string_view::npos) {
    const std::string_view bits = text.substr(slash + 1);
    int prefix = -1;
    const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (ec != std::errc() || end != bits.data() + bits.size() || prefix < 0 || prefix > max) return false;
    out.prefix = prefix;
  }
  return true;
}

Result<OscAllowList> OscAllowList::parse(const std::vector<std::string>& entries) {
  OscAllowList list;
  if (entries.empty()) return list;
  list.blocks_.clear();
  for (const std::string& e : entries) {
    Block b;
    if (!parse_block(e, b)) {
      return Error(ErrorKind::kInvalidConfig,
                   fmt::format("osc.allow: '{}' is not an IPv4/IPv6 address or a CIDR block such as 192.168.1.0/24", e));
    }
    list.blocks_.push_back(b);
  }
  return list;
}

bool OscAllowList::allows(std::string_view host) const {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  if (!parse_address(host, v6, bytes)) return false;
  for (const Block& b : blocks_) {
    if (b.v6 == v6 && prefix_matches(b.bytes, bytes, b.prefix)) return true;
  }
  return false;
}

}  // namespace afterglow::control
