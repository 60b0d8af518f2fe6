#include "afterglow/control/osc_allow.h"

#include <gtest/gtest.h>

namespace afterglow::control {
namespace {

TEST(OscAllowList, ByDefaultOnlyThisMachine) {
  const OscAllowList list;
  EXPECT_TRUE(list.allows("127.0.0.1"));
  EXPECT_TRUE(list.allows("127.1.2.3"));
  EXPECT_TRUE(list.allows("::1"));
  EXPECT_TRUE(list.allows("::ffff:127.0.0.1")) << "an IPv4 sender on a dual-stack socket";
  EXPECT_FALSE(list.allows("192.168.1.20"));
  EXPECT_FALSE(list.allows("::2"));
  EXPECT_FALSE(list.allows("localhost")) << "numeric addresses only";
  EXPECT_FALSE(list.allows(""));
}

TEST(OscAllowList, SubnetsAndSingleAddresses) {
  auto list = OscAllowList::parse({"192.168.1.0/24", "10.0.0.7", "fd00::/8"});
  ASSERT_TRUE(list.ok()) << list.error().what();
  EXPECT_TRUE(list->allows("192.168.1.20"));
  EXPECT_TRUE(list->allows("::ffff:192.168.1.254"));
  EXPECT_FALSE(list->allows("192.168.2.20"));
  EXPECT_TRUE(list->allows("10.0.0.7"));
  EXPECT_FALSE(list->allows("10.0.0.8"));
  EXPECT_TRUE(list->allows("fd12::5"));
  EXPECT_FALSE(list->allows("fe80::1"));
  EXPECT_FALSE(list->allows("127.0.0.1")) << "a list replaces the loopback default";
  auto odd = OscAllowList::parse({"192.168.1.0/20"});
  ASSERT_TRUE(odd.ok());
  EXPECT_TRUE(odd->allows("192.168.15.1"));
  EXPECT_FALSE(odd->allows("192.168.16.1"));
}

TEST(OscAllowList, BadEntriesAreNamed) {
  for (const char* bad : {"192.168.1", "192.168.1.0/33", "tablet", "::1/200", "10.0.0.0/x"}) {
    auto list = OscAllowList::parse({"10.0.0.1", bad});
    ASSERT_FALSE(list.ok()) << bad;
    EXPECT_NE(std::string(list.error().what()).find(bad), std::string::npos) << list.error().what();
  }
}

}  // namespace
}  // namespace afterglow::control
