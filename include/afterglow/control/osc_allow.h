#pragma once
// Who may play over OSC (issue 7): by default only this machine (loopback: 127.0.0.0/8 and ::1); a
// scene's `osc.allow` lists the addresses or subnets of the performer's tablet instead, e.g.
// ["192.168.1.0/24", "10.0.0.7"]. A sender outside the list changes nothing (its messages are
// counted and dropped).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/core/result.h"

namespace afterglow::control {

class OscAllowList {
 public:
  // Loopback only.
  OscAllowList();
  // kInvalidConfig naming the first entry that is not an IPv4/IPv6 address or CIDR block.
  static Result<OscAllowList> parse(const std::vector<std::string>& entries);

  // `host` as a numeric address (what liblo reports for a sender); false for anything unparsable.
  bool allows(std::string_view host) const;

 private:
  struct Block {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
    int prefix = 0;  // bits
  };
  static bool parse_block(std::string_view text, Block& out);
  std::vector<Block> blocks_;
};

}  // namespace afterglow::control
