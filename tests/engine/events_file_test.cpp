#include "afterglow/engine/events_file.h"

#include <gtest/gtest.h>

#include "afterglow/engine/cloud_layer.h"

namespace afterglow::engine {
namespace {

ParamRegistry registry() {
  return std::move(ParamRegistry::build({{"cloud1", &cloud_layer_type()}})).value_or_throw();
}

TEST(EventsFile, ParsesEveryCommandKind) {
  const ParamRegistry r = registry();
  const std::string text = R"({"t": 1.5, "address": "/afterglow/cloud1/density", "value": 40}
// comments and blank lines are skipped

{"frame": 100, "address": "/afterglow/cloud1/pitch", "normalized": 1.0}
{"t": 2, "address": "/afterglow/cloud1/note", "note": 57, "velocity": 0.8}
{"t": 3, "address": "/afterglow/cloud1/note", "note": 57, "velocity": 0}
{"t": 3, "address": "/afterglow/cloud1/trigger"}
{"t": 4, "address": "/afterglow/cloud1/all_off"}
{"t": 5, "address": "/afterglow/scene/recall", "value": "other"}
)";
  auto s = parse_events(text, "e.jsonl", r, 48000.0);
  ASSERT_TRUE(s.ok()) << s.error().what();
  ASSERT_EQ(s->commands.size(), 7u);
  // Sorted by frame: the frame-100 line comes first.
  EXPECT_EQ(s->commands[0].line, 4);
  EXPECT_EQ(s->commands[0].command.frame_time, 100u);
  EXPECT_EQ(s->commands[0].command.value, 24.0f);
  EXPECT_EQ(s->commands[1].command.frame_time, 72000u);
  EXPECT_EQ(s->commands[1].command.target, r.find("/afterglow/cloud1/density")->index);
  EXPECT_EQ(s->commands[2].command.type, CommandType::kNoteOn);
  EXPECT_EQ(s->commands[2].command.note, 57);
  EXPECT_EQ(s->commands[3].command.type, CommandType::kNoteOff);
  EXPECT_EQ(s->commands[4].command.type, CommandType::kTrigger);
  EXPECT_EQ(s->commands[5].command.type, CommandType::kAllOff);
  EXPECT_EQ(s->commands[6].command.type, CommandType::kScene);
  EXPECT_EQ(s->scene_commands, 1u);
}

TEST(EventsFile, EveryBadLineIsReportedWithItsLineNumber) {
  const std::string text = R"({"t": 0, "address": "/afterglow/cloud1/density", "value": 40}
{"t": 0, "address": "/afterglow/cloud9/density", "value": 40}
{"t": 1, "address": "/afterglow/cloud1/density", "value": 40}
{"t": -1, "address": "/afterglow/cloud1/density", "value": 40}
{"t": 1, "address": "/afterglow/cloud1/pitch", "value": 99}
not json
{"t": 1, "frame": 3, "address": "/afterglow/cloud1/pitch", "value": 0}
{"t": 1, "address": "/afterglow/cloud1/pitch", "valu": 0}
{"t": 1, "address": "/afterglow/cloud1/note", "note": 200}
)";
  auto s = parse_events(text, "bad.jsonl", registry(), 48000.0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind(), ErrorKind::kInvalidConfig);
  const std::string m = s.error().what();
  for (int line : {2, 4, 5, 6, 7, 8, 9}) {
    EXPECT_NE(m.find("bad.jsonl:" + std::to_string(line) + ":"), std::string::npos) << line << "\n" << m;
  }
  EXPECT_EQ(m.find("bad.jsonl:1:"), std::string::npos) << m;
  EXPECT_EQ(m.find("bad.jsonl:3:"), std::string::npos) << m;
  EXPECT_NE(m.find("7 bad lines"), std::string::npos) << m;
  EXPECT_NE(m.find("outside -24 … 24"), std::string::npos) << m;
}

TEST(EventsFile, AMissingFileIsNotFound) {
  auto s = load_events_file("/nonexistent/events.jsonl", registry(), 48000.0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace afterglow::engine
