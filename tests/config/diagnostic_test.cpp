#include "afterglow/config/diagnostic.h"

#include <gtest/gtest.h>

namespace afterglow::config {
namespace {

Diagnostic make(Severity s, int line, int column, std::string key, std::string message) {
  Diagnostic d;
  d.severity = s;
  d.file = "scene.yaml";
  d.line = line;
  d.column = column;
  d.key_path = std::move(key);
  d.message = std::move(message);
  return d;
}

TEST(Diagnostic, FormatsFileLineColumnSeverityKeyAndMessage) {
  Diagnostic d = make(Severity::kError, 12, 24, "clouds.grain_length_min_ms", "must be > 0 ms (got -5)");
  EXPECT_EQ(d.format(), "scene.yaml:12:24: error: clouds.grain_length_min_ms: must be > 0 ms (got -5)");
  d.severity = Severity::kWarning;
  EXPECT_EQ(d.format(), "scene.yaml:12:24: warning: clouds.grain_length_min_ms: must be > 0 ms (got -5)");
}

TEST(Diagnostic, LeavesOutUnknownPositionAndKey) {
  EXPECT_EQ(make(Severity::kError, 0, 0, "", "the file is empty").format(),
            "scene.yaml: error: the file is empty");
  EXPECT_EQ(make(Severity::kWarning, 0, 0, "hiss", "section missing").format(),
            "scene.yaml: warning: hiss: section missing");
}

TEST(Diagnostic, QuotesTheSourceLineWithACaretUnderTheColumn) {
  Diagnostic d = make(Severity::kError, 3, 5, "", "YAML syntax error");
  d.source_line = "  a: [1, 2";
  EXPECT_EQ(d.format_with_source(), "scene.yaml:3:5: error: YAML syntax error\n    a: [1, 2\n      ^");
  d.source_line.clear();
  EXPECT_EQ(d.format_with_source(), d.format());
}

TEST(Diagnostics, CountsAndSortsInReadingOrder) {
  Diagnostics list;
  list.add(make(Severity::kWarning, 0, 0, "hiss", "missing"));
  list.add(make(Severity::kError, 9, 3, "b", "x"));
  list.add(make(Severity::kError, 2, 7, "a", "x"));
  list.add(make(Severity::kWarning, 2, 1, "c", "x"));
  EXPECT_EQ(list.error_count(), 2u);
  EXPECT_EQ(list.warning_count(), 2u);
  EXPECT_TRUE(list.has_errors());
  list.sort_by_position();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list.items()[0].key_path, "c");
  EXPECT_EQ(list.items()[1].key_path, "a");
  EXPECT_EQ(list.items()[2].key_path, "b");
  EXPECT_EQ(list.items()[3].key_path, "hiss");
  EXPECT_EQ(list.errors().size(), 2u);
  EXPECT_EQ(list.warnings().front().key_path, "c");
}

}  // namespace
}  // namespace afterglow::config
