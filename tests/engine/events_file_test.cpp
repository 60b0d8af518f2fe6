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
  ASSERT_EQ(s->commands.size(), 6u);
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
  ASSERT_EQ(s->scenes.size(), 1u);
  EXPECT_EQ(s->scenes[0].scene, "other");
  EXPECT_EQ(s->scenes[0].frame, 240000u);
  EXPECT_LT(s->scenes[0].glide, 0.0) << "no glide given: the default";
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

// What the session recorder writes reads back as the same commands, bit for bit: values that have no
// short decimal (0.7f), a parameter's range edges as floats, every command kind, and material lines.
TEST(EventsFile, FormattedLinesReadBackAsTheSameCommands) {
  const ParamRegistry r = registry();
  const ParamSpec& density = *r.find("/afterglow/cloud1/density");
  const ParamSpec& pitch = *r.find("/afterglow/cloud1/pitch");
  const std::vector<Command> commands = {
      Command::param(1, density.index, 0.7f),
      Command::param(2, pitch.index, static_cast<float>(pitch.min)),
      Command::param(3, pitch.index, static_cast<float>(pitch.max)),
      Command::param(4, density.index, 1.0f / 3.0f),
      Command::note_on(5, 0, 61, 0.123456789f),
      Command::note_off(6, 0, 61),
      Command::trigger(7, 0, 0.3f),
      Command::all_off(8, 0),
      Command::record(9, true),
      Command::record(10, false),
  };
  std::string text;
  for (const Command& c : commands) text += format_event_line(c, r) + "\n";
  text += format_material_line({11, MaterialStage::kQuick}) + "\n";
  text += format_material_line({12, MaterialStage::kComplete}) + "\n";
  auto s = parse_events(text, "recorded.jsonl", r, 48000.0);
  ASSERT_TRUE(s.ok()) << s.error().what() << "\n" << text;
  ASSERT_EQ(s->commands.size(), commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const Command& a = commands[i];
    const Command& b = s->commands[i].command;
    EXPECT_EQ(a.frame_time, b.frame_time) << i;
    EXPECT_EQ(a.type, b.type) << i;
    EXPECT_EQ(a.target, b.target) << i;
    EXPECT_EQ(a.note, b.note) << i;
    EXPECT_EQ(a.value, b.value) << i << ": " << text;
  }
  ASSERT_EQ(s->material.size(), 2u);
  EXPECT_EQ(s->material[0].frame, 11u);
  EXPECT_EQ(s->material[0].stage, MaterialStage::kQuick);
  EXPECT_EQ(s->material[1].stage, MaterialStage::kComplete);
  EXPECT_FALSE(parse_events(R"({"frame": 1, "material": "later"})", "x", r, 48000.0).ok());
}

TEST(EventsFile, AMissingFileIsNotFound) {
  auto s = load_events_file("/nonexistent/events.jsonl", registry(), 48000.0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace afterglow::engine
