#include "afterglow/app/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "afterglow/core/log.h"

namespace afterglow::app {
namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  return out;
}

TEST(Progress, PlainFormPrintsTheFinalCountOnItsOwnLine) {
  std::FILE* f = std::tmpfile();
  {
    Progress p("loading", 3, f);
    p.set_interactive(false);
    p.advance("a.wav");
    p.advance("b.wav");
    p.advance("c.wav");
  }
  const std::string text = read_all(f);
  std::fclose(f);
  EXPECT_NE(text.find("loading: 1/3"), std::string::npos) << text;  // the first item always shows
  EXPECT_NE(text.find("loading: 3/3 (100%"), std::string::npos) << text;
  EXPECT_NE(text.find("c.wav"), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos) << "no carriage returns in logs";
}

TEST(Progress, InteractiveFormRedrawsInPlace) {
  std::FILE* f = std::tmpfile();
  {
    Progress p("render", 2, f);
    p.set_interactive(true);
    p.advance();
    p.advance();
  }
  const std::string text = read_all(f);
  std::fclose(f);
  EXPECT_NE(text.find('\r'), std::string::npos);
  EXPECT_NE(text.find("2/2 100%"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(Progress, QuietShowsNothing) {
  const auto saved = log::level();
  log::set_level(log::Level::kWarning);
  std::FILE* f = std::tmpfile();
  {
    Progress p("quiet", 2, f);
    p.set_interactive(false);
    p.advance();
    p.advance();
  }
  EXPECT_EQ(read_all(f), "");
  std::fclose(f);
  log::set_level(saved);
}

}  // namespace
}  // namespace afterglow::app
