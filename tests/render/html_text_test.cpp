#include "afterglow/render/html_text.h"

#include <gtest/gtest.h>

namespace afterglow::render {
namespace {

TEST(HtmlText, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(html_escape("a<b&\"c\".wav"), "a&lt;b&amp;&quot;c&quot;.wav");
  EXPECT_EQ(html_escape("it's <script>"), "it&#39;s &lt;script&gt;");
  EXPECT_EQ(html_escape("PD_RAIN_01.WAV"), "PD_RAIN_01.WAV");
}

TEST(HtmlText, UrlPathEncodesEachComponent) {
  EXPECT_EQ(url_path("ROLAND/TR-8S/SAMPLE/KIT/PADS/PD_A.WAV"), "ROLAND/TR-8S/SAMPLE/KIT/PADS/PD_A.WAV");
  EXPECT_EQ(url_path("my pads/a<b&\"c\".wav"), "my%20pads/a%3Cb%26%22c%22.wav");
  EXPECT_EQ(url_path("x/100%#1?.wav"), "x/100%25%231%3F.wav");
  EXPECT_EQ(url_path("../up/é.wav"), "../up/%C3%A9.wav");
}

}  // namespace
}  // namespace afterglow::render
