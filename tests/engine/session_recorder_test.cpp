// Session recording and replay (issue 6, acceptances 2 and 4): a take starts and stops at exact
// frames and holds exactly what the engine played; the replay of its folder equals it sample for
// sample (and a wrong seed does not); a full ring drops and counts without blocking; a full disk ends
// the take with kDiskFull while the engine plays on; a session folder outside the export root is
// refused.
#include "afterglow/engine/session_recorder.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "afterglow/config/scene_loader.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/engine/events_file.h"
#include "afterglow/engine/offline_driver.h"
#include "afterglow/engine/scene_material.h"
#include "afterglow/engine/session_replay.h"
#include "engine_test_util.h"
#include "support/signals.h"
#include "support/temp_dir.h"
#include "support/tmpfs_mount.h"

namespace afterglow::engine {
namespace {

namespace fs = std::filesystem;
constexpr double kRate = 48000.0;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const fs::path& default_scene() {
  static const fs::path path = fs::path(AFTERGLOW_SOURCE_DIR) / "scenes" / "default.yaml";
  return path;
}

// The default scene's engine, prepared, with a recorder attached; the material is built here
// (synchronously) so the test decides when each bank arrives.
struct Rig {
  config::Scene scene;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<SessionRecorder> recorder;
  std::shared_ptr<const analysis::Corpus> corpus;

  explicit Rig(const fs::path& export_dir, RecorderOptions options = {}, bool material = true,
               std::size_t block = 256) {
    config::SceneLoad load = config::load_scene_file(default_scene());
    EXPECT_TRUE(load.ok());
    scene = *load.scene;
    auto created = Engine::create(scene);
    EXPECT_TRUE(created.ok());
    engine = std::move(*created);
    engine->prepare(kRate, block);
    SessionSettings settings;
    settings.scene_text = read_text(default_scene());
    settings.scene_path = default_scene();
    settings.scene_base_dir = scene.base_dir;
    settings.sample_rate = kRate;
    settings.block = block;
    settings.max_block = engine->max_block();
    settings.engine = engine->settings();
    options.export_dir = export_dir;
    recorder = std::make_unique<SessionRecorder>(engine->registry(), std::move(settings), options);
    engine->attach_recorder(recorder.get());
    if (material) {
      auto c = build_scene_corpus(scene, *engine, 2);
      EXPECT_TRUE(c.ok());
      corpus = *c;
    }
  }
  void publish(bool complete) {
    auto bank = build_bank(corpus, scene, *engine, complete);
    ASSERT_TRUE(bank.ok());
    ASSERT_TRUE(engine->publish_material(std::move(*bank)));
  }
  std::uint32_t param(const std::string& address) const {
    const ParamSpec* p = engine->registry().find(address);
    EXPECT_NE(p, nullptr) << address;
    return p == nullptr ? 0 : p->index;
  }
  std::uint32_t layer(const std::string& name) const { return *engine->registry().find_layer(name); }
};

void append(io::AudioBuffer& to, const io::AudioBuffer& from) {
  if (to.channels.empty()) to = io::AudioBuffer(from.sample_rate, 2, 0);
  for (std::size_t c = 0; c < 2; ++c)
    to.channels[c].insert(to.channels[c].end(), from.channels[c].begin(), from.channels[c].end());
}

TEST(SessionRecorder, ATakeHoldsExactlyWhatWasPlayedAndReplaysSampleForSample) {
  afterglow::test::TempDir dir;
  Rig rig(dir.path());
  const std::uint64_t start = 12345;  // inside a block
  const std::uint64_t stop = 3 * 48000 + 77;
  std::vector<Command> script = {
      Command::record(start, true),
      Command::note_on(100, rig.layer("drone1"), 57, 0.8f),
      Command::param(30000, rig.param("/afterglow/cloud1/density"), 35.0f),
      Command::param(40000, rig.param("/afterglow/cloud1/pitch"), 99.0f),  // clamped: logged as applied
      Command::trigger(60000, rig.layer("hiss1"), 0.9f),
      Command::note_on(70000, rig.layer("drone1"), 64, 0.0f),  // velocity 0: a note-off
      Command::param(90000, rig.param("/afterglow/master/level"), 0.7f),
      Command::record(stop, false),
  };
  OfflineOptions o;
  o.block = 256;
  OfflineDriver driver(*rig.engine, o);
  driver.set_script(script);
  rig.publish(false);  // the quick bank at once
  io::AudioBuffer played;
  io::AudioBuffer part;
  driver.run(48000, part);
  append(played, part);
  rig.publish(true);  // the complete bank a second later
  part = {};
  driver.run(3 * 48000, part);
  append(played, part);
  rig.recorder->finish();

  const SessionRecorder::Report report = rig.recorder->report();
  ASSERT_EQ(report.sessions.size(), 1u);
  EXPECT_FALSE(report.error.has_value());
  EXPECT_EQ(report.dropped_frames, 0u);
  const fs::path session = report.sessions[0];
  EXPECT_EQ(session.parent_path().filename(), "sessions");
  for (const char* f : {"session.wav", "events.jsonl", "scene.yaml", "session.json"})
    EXPECT_TRUE(fs::exists(session / f)) << f;
  EXPECT_EQ(read_text(session / "scene.yaml"), read_text(default_scene()));

  const afterglow::test::RawAudio take = afterglow::test::read_fixture(session / "session.wav");
  EXPECT_EQ(take.info.format & SF_FORMAT_SUBMASK, SF_FORMAT_FLOAT);
  ASSERT_EQ(take.info.frames, static_cast<sf_count_t>(stop - start));
  for (std::size_t i = 0; i < stop - start; ++i) {
    ASSERT_EQ(take.channels[0][i], played.channels[0][start + i]) << "frame " << start + i;
    ASSERT_EQ(take.channels[1][i], played.channels[1][start + i]) << "frame " << start + i;
  }
  EXPECT_GT(dsp::rms_db(take.channels[0]), -50.0) << "the take is not silent";

  const auto json = nlohmann::json::parse(read_text(session / "session.json"));
  EXPECT_EQ(json["start_frame"], start);
  EXPECT_EQ(json["end_frame"], stop);
  EXPECT_EQ(json["seed"], rig.engine->settings().seed);
  EXPECT_TRUE(json["complete"].get<bool>());

  auto events = load_events_file(session / "events.jsonl", rig.engine->registry(), kRate);
  ASSERT_TRUE(events.ok()) << events.error().what();
  ASSERT_EQ(events->material.size(), 2u);
  EXPECT_EQ(events->material[0].stage, MaterialStage::kQuick);
  EXPECT_EQ(events->material[1].stage, MaterialStage::kComplete);
  EXPECT_EQ(events->material[0].frame, 0u);
  EXPECT_EQ(events->material[1].frame, 48000u);
  bool clamped = false;
  bool note_off = false;
  for (const ScriptedCommand& c : events->commands) {
    if (c.command.type == CommandType::kParam && c.command.target == rig.param("/afterglow/cloud1/pitch"))
      clamped = c.command.value == 24.0f;
    if (c.command.type == CommandType::kNoteOff && c.command.note == 64) note_off = c.command.frame_time == 70000;
  }
  EXPECT_TRUE(clamped) << "the pitch is logged as the engine applied it (24 st)";
  EXPECT_TRUE(note_off) << "a velocity-0 note-on is logged as the note-off it was";

  // The null test.
  auto described = read_session(session);
  ASSERT_TRUE(described.ok()) << described.error().what();
  auto replayed = replay_session(*described);
  ASSERT_TRUE(replayed.ok()) << replayed.error().what();
  ASSERT_EQ(replayed->frames(), stop - start);
  std::size_t differing = 0;
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t i = 0; i < stop - start; ++i) differing += replayed->channels[c][i] != take.channels[c][i];
  EXPECT_EQ(differing, 0u) << "replay differs from the recording";

  // Negative control: another seed is another performance.
  SessionDescription other = *described;
  other.engine.seed += 1;
  auto wrong = replay_session(other);
  ASSERT_TRUE(wrong.ok());
  differing = 0;
  for (std::size_t i = 0; i < stop - start; ++i) differing += wrong->channels[0][i] != take.channels[0][i];
  EXPECT_GT(differing, (stop - start) / 2);
}

TEST(SessionRecorder, AFullRingDropsAndCountsWithoutBlockingTheAudio) {
  afterglow::test::TempDir dir;
  RecorderOptions options;
  options.ring_seconds = 10.0;
  options.poll = std::chrono::milliseconds(1500);  // the writer sleeps while 20 s are rendered
  Rig rig(dir.path(), options, /*material=*/false);
  OfflineOptions o;
  o.block = 256;
  OfflineDriver driver(*rig.engine, o);
  driver.set_script({Command::record(0, true)});
  (void)driver.render(20 * 48000);
  // A recorder that made the audio wait for the writer would never drop: dropping is the proof that
  // it did not wait (the writer slept through most of the render).
  const SessionRecorder::Report during = rig.recorder->report();
  EXPECT_GE(during.dropped_frames, 5u * 48000u) << "most of what did not fit in 10 s was dropped";
  rig.recorder->finish();
  const SessionRecorder::Report report = rig.recorder->report();
  ASSERT_EQ(report.sessions.size(), 1u);
  const auto json = nlohmann::json::parse(read_text(report.sessions[0] / "session.json"));
  EXPECT_FALSE(json["complete"].get<bool>());
  EXPECT_EQ(json["dropped_frames"].get<std::uint64_t>(), report.dropped_frames);
  EXPECT_EQ(json["frames"].get<std::uint64_t>() + report.dropped_frames, 20u * 48000u);
}

TEST(SessionRecorder, AFullDiskEndsTheTakeWithAMessageAndTheEnginePlaysOn) {
  afterglow::test::TempDir dir;
  const fs::path mount_point = dir / "tiny";
  fs::create_directory(mount_point);
  afterglow::test::TmpfsMount tmpfs(mount_point, "600k");
  RecorderOptions options;
  if (!tmpfs.mounted()) {
    std::cout << "[ NOTE     ] could not mount a tmpfs (" << tmpfs.error()
              << "); testing the full disk with an injected ENOSPC instead\n";
    options.write_fault = [](std::uint64_t written) { return written > 500000 ? ENOSPC : 0; };
  }
  options.poll = std::chrono::milliseconds(5);
  Rig rig(mount_point, options, /*material=*/true);
  rig.publish(true);
  OfflineOptions o;
  o.block = 256;
  OfflineDriver driver(*rig.engine, o);
  driver.set_script({Command::record(0, true)});
  io::AudioBuffer played;
  for (int second = 0; second < 4; ++second) {
    io::AudioBuffer part;
    driver.run(48000, part);  // 384 KB of float stereo a second: the disk fills in the second one
    append(played, part);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const SessionRecorder::Report report = rig.recorder->report();
  ASSERT_TRUE(report.error.has_value());
  EXPECT_EQ(report.error->kind(), ErrorKind::kDiskFull) << report.error->what();
  EXPECT_FALSE(report.recording);
  std::vector<float> last_second(played.channels[0].end() - 48000, played.channels[0].end());
  EXPECT_GT(dsp::rms_db(last_second), -50.0) << "the engine kept playing";
  rig.recorder->finish();
  ASSERT_EQ(report.sessions.size(), 1u);
  const afterglow::test::RawAudio kept = afterglow::test::read_fixture(report.sessions[0] / "session.wav");
  EXPECT_GT(kept.info.frames, 0);
  EXPECT_LT(kept.info.frames, 2 * 48000);
  for (sf_count_t i = 0; i < kept.info.frames; i += 101) ASSERT_EQ(kept.channels[0][i], played.channels[0][i]);
  const auto json = nlohmann::json::parse(read_text(report.sessions[0] / "session.json"));
  EXPECT_NE(json["stopped_by"].get<std::string>().find("disk is full"), std::string::npos) << json.dump();
}

TEST(SessionRecorder, ASessionFolderOutsideTheExportRootIsRefused) {
  afterglow::test::TempDir dir;
  fs::create_directories(dir / "root");
  ::setenv("AFTERGLOW_EXPORT_ROOT", (dir / "root").c_str(), 1);
  {
    Rig rig(dir / "elsewhere", {}, /*material=*/false);
    OfflineOptions o;
    OfflineDriver driver(*rig.engine, o);
    driver.set_script({Command::record(0, true)});
    (void)driver.render(4800);
    rig.recorder->finish();
    const SessionRecorder::Report report = rig.recorder->report();
    ASSERT_TRUE(report.error.has_value());
    EXPECT_EQ(report.error->kind(), ErrorKind::kPermission) << report.error->what();
  }
  ::unsetenv("AFTERGLOW_EXPORT_ROOT");
  EXPECT_FALSE(fs::exists(dir / "elsewhere"));
}

TEST(SessionReplay, AFolderWithoutASessionIsAClearError) {
  afterglow::test::TempDir dir;
  auto none = read_session(dir.path());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(std::string(none.error().what()).find("not a recorded session"), std::string::npos);
  std::ofstream(dir / "session.json") << "{\"format\": 1, \"seed\": 1}";
  auto partial = read_session(dir.path());
  ASSERT_FALSE(partial.ok());
  EXPECT_EQ(partial.error().kind(), ErrorKind::kInvalidConfig);
}

}  // namespace
}  // namespace afterglow::engine
