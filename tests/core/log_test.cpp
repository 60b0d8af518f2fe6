#include "afterglow/core/log.h"

#include <gtest/gtest.h>

namespace afterglow::log {
namespace {

TEST(Log, ParsesLevelsCaseInsensitively) {
  EXPECT_EQ(parse_level("DEBUG"), Level::kDebug);
  EXPECT_EQ(parse_level("Warning"), Level::kWarning);
  EXPECT_EQ(parse_level("warn"), Level::kWarning);
  EXPECT_EQ(parse_level("critical"), Level::kError);
  EXPECT_FALSE(parse_level("loud").has_value());
}

TEST(Log, PrefixesFollowTheOriginalsConvention) {
  EXPECT_EQ(prefix(Level::kInfo), "[*]");
  EXPECT_EQ(prefix(Level::kWarning), "[!]");
  EXPECT_EQ(prefix(Level::kError), "[✗]");
  EXPECT_EQ(prefix(Level::kDebug), "[·]");
}

TEST(Log, LevelFiltersMessages) {
  ScopedCapture capture;
  set_level(Level::kWarning);
  info("hidden {}", 1);
  warn("shown {}", 2);
  error("also {}", 3);
  EXPECT_EQ(capture.text(), "[!] shown 2\n[✗] also 3\n");
  EXPECT_EQ(capture.count(Level::kInfo), 0);
  EXPECT_EQ(capture.count(Level::kWarning), 1);
}

}  // namespace
}  // namespace afterglow::log
