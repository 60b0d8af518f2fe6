// `afterglow live` end to end: the real binary. Without a sound card, the ALSA backend must fail with
// one actionable message; on a JACK dummy server started here (realtime, 48 kHz, 64 frames), the
// engine's ports are recorded with jack_rec while an events file moves parameters, and the capture
// is checked: not silent, never above the limiter ceiling, no deadline misses, p99 load under 25 %, no
// clicks other than where JACK lost a period on the way (an xrun; the capture is mapped onto the
// engine's own click-free recording to tell), while the events file also morphs between two scenes
// and records a take that replays exactly.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <regex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "afterglow/dsp/click_detector.h"
#include "support/background_process.h"
#include "support/jack_server.h"
#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A jack_rec capture measured against the engine's own recording of the same run (session.wav). On
// the way through JACK the capture can lose the engine's output for a period or hold another period's
// in its place: when a cycle overruns (an xrun, which a loaded machine causes without the engine being
// late), jack_rec misses that cycle, or reads the engine's port buffer after the next cycle has written
// it. Either way the capture jumps from one stretch of the engine's output to another, a discontinuity
// the engine never played, heard and detected as a click. Everywhere else the capture is the engine's
// output to 16-bit quantisation.
struct CaptureMap {
  bool aligned = false;   // some stretch of the capture is the take's samples
  std::size_t first = 0;  // capture samples [first, last) lie over the take
  std::size_t last = 0;
  std::vector<std::size_t> jumps;        // capture samples where it goes on with other engine frames
  std::ptrdiff_t skipped = 0;            // engine frames the capture left out in all (negative: repeated)
  std::vector<std::size_t> unexplained;  // where the capture is no stretch of the engine's output nearby
};

CaptureMap map_capture(std::span<const float> capture, std::span<const float> take) {
  constexpr float kTolerance = 2.0f / 32768.0f;  // jack_rec writes 16-bit samples
  constexpr std::ptrdiff_t kWindow = 512;        // samples that must agree to anchor the map
  constexpr std::ptrdiff_t kPiece = 16;          // the shortest stretch accepted after a jump
  constexpr std::ptrdiff_t kReach = 64 * 64;     // how far a jump may go: 64 periods of 64 frames
  const auto n_capture = static_cast<std::ptrdiff_t>(capture.size());
  const auto n_take = static_cast<std::ptrdiff_t>(take.size());
  // How many samples from capture[c] on equal take[c − shift …], up to `limit`.
  const auto run = [&](std::ptrdiff_t c, std::ptrdiff_t shift, std::ptrdiff_t limit) {
    std::ptrdiff_t k = 0;
    if (c - shift < 0) return k;
    limit = std::min({limit, n_capture - c, n_take - (c - shift)});
    while (k < limit && std::fabs(capture[static_cast<std::size_t>(c + k)] -
                                  take[static_cast<std::size_t>(c - shift + k)]) <= kTolerance)
      ++k;
    return k;
  };

  CaptureMap map;
  // The anchor: the first stretch of the take with sound in it (so that it matches in one place only)
  // that the capture holds.
  std::ptrdiff_t shift = 0;
  std::ptrdiff_t c = -1;
  for (std::ptrdiff_t a = 0; a + kWindow <= n_take && c < 0; a += kWindow) {
    float peak = 0.0f;
    for (std::ptrdiff_t k = 0; k < kWindow; ++k)
      peak = std::max(peak, std::fabs(take[static_cast<std::size_t>(a + k)]));
    if (peak < 0.01f) continue;
    for (std::ptrdiff_t p = 0; p + kWindow <= n_capture; ++p) {
      if (run(p, p - a, kWindow) == kWindow) {
        shift = p - a;
        c = p;
        break;
      }
    }
  }
  if (c < 0) return map;
  map.aligned = true;
  map.first = static_cast<std::size_t>(c);
  while (c < n_capture && c - shift < n_take) {
    c += run(c, shift, n_capture);
    if (c >= n_capture || c - shift >= n_take) break;
    // The capture departs here: it goes on with the engine frames that agree longest, nearest first.
    std::ptrdiff_t best = 0;
    std::ptrdiff_t best_shift = shift;
    for (std::ptrdiff_t d = 1; d <= kReach && best < kWindow; ++d) {
      for (const std::ptrdiff_t s : {shift - d, shift + d}) {
        const std::ptrdiff_t k = run(c, s, kWindow);
        if (k > best) {
          best = k;
          best_shift = s;
        }
      }
    }
    const bool ends = c + best >= n_capture || c + best - best_shift >= n_take;
    if (best < kPiece && !ends) {
      map.unexplained.push_back(static_cast<std::size_t>(c));
      break;
    }
    map.jumps.push_back(static_cast<std::size_t>(c));
    map.skipped += shift - best_shift;
    shift = best_shift;
  }
  map.last = static_cast<std::size_t>(std::min(c, n_capture));
  return map;
}

// A one-line account of the clicks of a capture and of how they lie against its jumps.
std::string describe_clicks(const std::vector<std::size_t>& clicks, const CaptureMap& map) {
  std::string text;
  for (const std::size_t click : clicks) text += " " + std::to_string(click);
  text += " (jumps at";
  for (const std::size_t jump : map.jumps) text += " " + std::to_string(jump);
  return text + ")";
}

// A capture click is the transport's, not the engine's, when it sits on a jump of the capture.
bool on_a_jump(std::size_t click, const CaptureMap& map) {
  constexpr std::size_t kNear = 16;  // detect_clicks merges flags this close
  return std::any_of(map.jumps.begin(), map.jumps.end(),
                     [&](std::size_t jump) { return click + kNear >= jump && click <= jump + kNear; });
}

// What the JACK run below judges its capture by, on a run whose truth is known: an engine output with
// no click, recorded (take) from 1 s to 4 s, and captured in 16 bits from 0.25 s with one 64-frame
// period lost on the way at 2.5 s, as a JACK xrun loses it.
TEST(LiveCommand, CaptureClickFromALostJackPeriodIsToldFromAnEngineClick) {
  constexpr std::size_t kRate = 48000;
  constexpr std::size_t kPeriod = 64;
  const auto engine_output = [&](bool with_step) {
    std::vector<float> run(5 * kRate);
    for (std::size_t i = 0; i < run.size(); ++i) {
      const double t = static_cast<double>(i) / kRate;
      run[i] = static_cast<float>(0.3 * std::sin(2.0 * std::numbers::pi * 441.3 * t) +
                                  0.2 * std::sin(2.0 * std::numbers::pi * 1234.5 * t));
      if (with_step && i >= 3 * kRate) run[i] += 0.05f;  // an engine click at 3 s
    }
    return run;
  };
  const auto take_of = [&](const std::vector<float>& run) {
    return std::vector<float>(run.begin() + kRate, run.begin() + 4 * kRate);
  };
  // The capture from 0.25 s, 16-bit, with the period at `lost` (run frames) missing (kSkipped), in its
  // place the next period, read after the engine wrote it (kNextTwice), or zeros (kSilent).
  enum class Loss { kSkipped, kNextTwice, kSilent };
  const auto capture_of = [&](const std::vector<float>& run, std::size_t lost, Loss loss) {
    std::vector<float> capture;
    for (std::size_t i = kRate / 4; i < run.size(); ++i) {
      std::size_t from = i;
      if (i >= lost && i < lost + kPeriod) {
        if (loss == Loss::kSkipped) continue;
        from = loss == Loss::kNextTwice ? i + kPeriod : run.size();
      }
      capture.push_back(from < run.size() ? std::round(run[from] * 32768.0f) / 32768.0f : 0.0f);
    }
    return capture;
  };
  const std::size_t lost = 2 * kRate + kRate / 2;  // 2.5 s, a period boundary
  const std::size_t jump = lost - kRate / 4;       // where the capture jumps, in capture samples

  const std::vector<float> run = engine_output(false);
  const std::vector<float> take = take_of(run);
  ASSERT_TRUE(dsp::detect_clicks(take).empty());
  const std::vector<float> capture = capture_of(run, lost, Loss::kSkipped);
  const std::vector<std::size_t> clicks = dsp::detect_clicks(capture);
  ASSERT_FALSE(clicks.empty()) << "the lost period must click, or this test proves nothing";
  const CaptureMap map = map_capture(capture, take);
  ASSERT_TRUE(map.aligned);
  EXPECT_EQ(map.first, kRate - kRate / 4);  // the take's first frame, in the capture
  EXPECT_EQ(map.last, 4 * kRate - kRate / 4 - kPeriod);
  ASSERT_EQ(map.jumps.size(), 1u);
  EXPECT_EQ(map.jumps[0], jump);
  EXPECT_EQ(map.skipped, static_cast<std::ptrdiff_t>(kPeriod));
  EXPECT_TRUE(map.unexplained.empty());
  for (const std::size_t click : clicks) EXPECT_TRUE(on_a_jump(click, map)) << describe_clicks(clicks, map);

  // A click the engine made is in its take too, where the capture does not jump: not excused.
  const std::vector<float> stepped = engine_output(true);
  ASSERT_FALSE(dsp::detect_clicks(take_of(stepped)).empty());
  const std::vector<float> stepped_capture = capture_of(stepped, lost, Loss::kSkipped);
  const CaptureMap stepped_map = map_capture(stepped_capture, take_of(stepped));
  const std::vector<std::size_t> stepped_clicks = dsp::detect_clicks(stepped_capture);
  EXPECT_TRUE(std::any_of(stepped_clicks.begin(), stepped_clicks.end(), [&](std::size_t click) {
    return click >= stepped_map.first && click < stepped_map.last && !on_a_jump(click, stepped_map);
  })) << describe_clicks(stepped_clicks, stepped_map);

  // A period read late holds the next one's samples: two jumps, nothing skipped in all.
  const std::vector<float> late = capture_of(run, lost, Loss::kNextTwice);
  const std::vector<std::size_t> late_clicks = dsp::detect_clicks(late);
  ASSERT_FALSE(late_clicks.empty());
  const CaptureMap late_map = map_capture(late, take);
  EXPECT_EQ(late_map.jumps, (std::vector<std::size_t>{jump, jump + kPeriod}));
  EXPECT_EQ(late_map.skipped, 0);
  EXPECT_TRUE(late_map.unexplained.empty());
  for (const std::size_t click : late_clicks)
    EXPECT_TRUE(on_a_jump(click, late_map)) << describe_clicks(late_clicks, late_map);

  // A period replaced by silence is no lost period: the capture departs from the engine's output.
  const CaptureMap silent_map = map_capture(capture_of(run, lost, Loss::kSilent), take);
  ASSERT_TRUE(silent_map.aligned);
  EXPECT_FALSE(silent_map.unexplained.empty());
}

TEST(LiveCommand, AlsaWithoutADeviceFailsWithOneActionableMessage) {
  test::ProcessOptions options;
  options.cwd = AFTERGLOW_SOURCE_DIR;
  const test::ProcessResult r = test::run_afterglow(
      {"live", "--backend", "alsa", "--scene", "scenes/default.yaml", "--seconds", "1", "--no-status"},
      options);
  if (fs::exists("/dev/snd")) GTEST_SKIP() << "this machine has ALSA devices (/dev/snd exists)";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("no audio output could be opened"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ALSA: no ALSA output device"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("start a JACK server"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--backend"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("afterglow devices"), std::string::npos) << r.err;
  // One message, not the backend libraries' own diagnostics.
  EXPECT_LE(count_lines(r.err), 5u) << r.err;
  EXPECT_EQ(r.err.find("ALSA lib"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("RtApi"), std::string::npos) << r.err;
}

TEST(LiveCommand, JackWithoutAServerFailsWithOneActionableMessage) {
  test::ProcessOptions options;
  options.cwd = AFTERGLOW_SOURCE_DIR;
  options.env = {{"JACK_NO_START_SERVER", "1"},
                 {"JACK_DEFAULT_SERVER", "afterglow_absent_" + std::to_string(::getpid())}};
  const test::ProcessResult r = test::run_afterglow(
      {"live", "--backend", "jack", "--scene", "scenes/default.yaml", "--seconds", "1", "--no-status"},
      options);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("JACK: no JACK server is running"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("afterglow devices"), std::string::npos) << r.err;
  EXPECT_LE(count_lines(r.err), 5u) << r.err;
  EXPECT_EQ(r.err.find("Cannot connect to server"), std::string::npos) << r.err;
}

TEST(LiveCommand, DevicesListsEveryBackend) {
  test::ProcessOptions options;
  options.env = {{"JACK_NO_START_SERVER", "1"},
                 {"JACK_DEFAULT_SERVER", "afterglow_absent_" + std::to_string(::getpid())}};
  const test::ProcessResult r = test::run_afterglow({"devices"}, options);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("--backend jack"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--backend pulse"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--backend alsa"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--backend offline"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("Cannot connect to server"), std::string::npos) << r.err;
}

TEST(LiveCommand, OfflineBackendRunsPacedAndSummarises) {
  test::ProcessOptions options;
  options.cwd = AFTERGLOW_SOURCE_DIR;
  const auto start = std::chrono::steady_clock::now();
  const test::ProcessResult r = test::run_afterglow(
      {"live", "--backend", "offline", "--scene", "scenes/default.yaml", "--seconds", "1.5", "--no-status"},
      options);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_GE(wall, 1.4);  // paced to realtime, not rendered as fast as possible
  EXPECT_NE(r.out.find("deadline misses:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("blocks:"), std::string::npos) << r.out;
}

using test::JackServer;

TEST(LiveCommand, PlaysOnAJackDummyServer) {
  const fs::path jackd = test::find_program("jackd");
  if (jackd.empty()) GTEST_SKIP() << "jackd is not installed (apt-get install jackd2; scripts/setup.sh)";
  const fs::path jack_wait = test::find_program("jack_wait");
  const fs::path jack_lsp = test::find_program("jack_lsp");
  const fs::path jack_rec = test::find_program("jack_rec");
  ASSERT_FALSE(jack_wait.empty() || jack_lsp.empty() || jack_rec.empty())
      << "jackd is installed but jack_wait, jack_lsp or jack_rec is missing (package jackd2)";

  test::TempDir dir;
  JackServer server(jackd, dir / "jackd.log");
  test::ProcessOptions jack_env;
  jack_env.env = server.env();
  jack_env.cwd = dir.path();
  const test::ProcessResult waited = test::run_process(jack_wait.string(), {"-w", "-t", "10"}, jack_env);
  ASSERT_EQ(waited.exit_code, 0) << "jackd did not come up:\n" << server.process().log_text();

  // Issue 6, acceptance 1: 30 s that move parameters, play notes, morph to another scene and back
  // (2 s glides) and record a take in the middle.
  const fs::path events = dir.write("moves.jsonl",
                                    R"({"t": 0.5, "address": "/afterglow/drone1/note", "note": 57, "velocity": 0.8}
{"t": 1.0, "address": "/afterglow/cloud1/density", "value": 40}
{"t": 2.0, "address": "/afterglow/master/level", "value": 0.6}
{"t": 3.0, "address": "/afterglow/cloud1/density", "value": 10}
{"t": 4.0, "address": "/afterglow/record/start"}
{"t": 5.0, "address": "/afterglow/drone1/level", "value": 0.4}
{"t": 6.0, "address": "/afterglow/hiss1/trigger", "value": 0.8}
{"t": 8.0, "address": "/afterglow/drone1/note", "note": 64, "velocity": 0.6}
{"t": 10.0, "address": "/afterglow/scene/recall", "value": "default-night", "glide": 2}
{"t": 14.0, "address": "/afterglow/cloud1/pitch", "value": -5}
{"t": 16.0, "address": "/afterglow/hiss1/trigger", "value": 1.0}
{"t": 18.0, "address": "/afterglow/scene/recall", "value": "default", "glide": 2}
{"t": 21.0, "address": "/afterglow/drone1/note", "note": 57, "off": true}
{"t": 23.0, "address": "/afterglow/master/level", "value": 0.9}
{"t": 26.0, "address": "/afterglow/record/stop"}
{"t": 27.0, "address": "/afterglow/hiss1/level", "value": 0.2}
)");
  auto live_env = server.env();
  test::BackgroundProcess live(AFTERGLOW_BINARY,
                               {"live", "--backend", "jack", "--scene",
                                (fs::path(AFTERGLOW_SOURCE_DIR) / "scenes/default.yaml").string(),
                                "--seconds", "30", "--no-status", "--events", events.string(), "--out",
                                (dir / "export").string()},
                               dir / "live.log", live_env);
  bool ports = false;
  for (int i = 0; i < 100 && !ports; ++i) {
    const test::ProcessResult lsp = test::run_process(jack_lsp.string(), {}, jack_env);
    ports = lsp.out.find("afterglow:outport 0") != std::string::npos &&
            lsp.out.find("afterglow:outport 1") != std::string::npos;
    if (!ports) {
      if (!live.running()) break;
      std::this_thread::sleep_for(milliseconds(100));
    }
  }
  ASSERT_TRUE(ports) << "afterglow's JACK ports never appeared:\n" << live.log_text();

  const test::ProcessResult rec = test::run_process(
      jack_rec.string(),
      {"-f", "cap.wav", "-d", "28", "-b", "16", "afterglow:outport 0", "afterglow:outport 1"}, jack_env);
  ASSERT_EQ(rec.exit_code, 0) << rec.out << rec.err;
  const int live_exit = live.wait(milliseconds(20000));
  const std::string log = live.log_text();
  ASSERT_EQ(live_exit, 0) << log;

  // The summary: no block took longer than its period.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(deadline misses:\s+(\d+))"))) << log;
  EXPECT_EQ(m[1].str(), "0") << log;
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(blocks:\s+[1-9]\d*)"))) << log;
  EXPECT_NE(log.find("JACK"), std::string::npos) << log;
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(p99 ([0-9.]+) %)"))) << log;
  EXPECT_LT(std::stod(m[1].str()), 25.0) << log;
  EXPECT_NE(log.find("scene default-night: morphing over 2 s"), std::string::npos) << log;
  EXPECT_NE(log.find("scene default: morphing over 2 s"), std::string::npos) << log;

  // The take: 22 s from the engine's own frame 4 s on, and its replay is the same, sample for sample.
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(recorded:\s+(\S+))"))) << log;
  const fs::path session = m[1].str();
  const test::RawAudio take = test::read_fixture(session / "session.wav");
  EXPECT_EQ(take.info.frames, 22 * 48000);
  EXPECT_EQ(take.info.format & SF_FORMAT_SUBMASK, SF_FORMAT_FLOAT);
  ASSERT_EQ(take.channels.size(), 2u);
  // The engine's own recording of 4–26 s, straight from its output: click-free.
  for (std::size_t c = 0; c < take.channels.size(); ++c) {
    const std::vector<std::size_t> clicks = dsp::detect_clicks(take.channels[c]);
    EXPECT_TRUE(clicks.empty()) << "session.wav channel " << c << ": " << clicks.size()
                                << " click(s), first at "
                                << (clicks.empty() ? 0.0 : clicks.front() / 48000.0 + 4.0) << " s of the run";
  }

  // The capture: what left through JACK. Periods JACK lost on the way (its xruns, counted by the
  // engine as driver xruns) make clicks the engine never played: a capture click is accepted only
  // where the capture is shown to jump over engine frames, and any jump needs an xrun to explain it.
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(driver xruns:\s+(\d+))"))) << log;
  const long xruns = std::stol(m[1].str());
  const test::RawAudio capture = test::read_fixture(dir / "cap.wav");
  ASSERT_EQ(capture.channels.size(), 2u);
  EXPECT_EQ(capture.info.samplerate, 48000);
  ASSERT_GE(capture.channels[0].size(), 48000u * 27);
  const float ceiling = std::pow(10.0f, -0.3f / 20.0f) + 1.0f / 32768.0f;  // plus one 16-bit step
  for (std::size_t c = 0; c < 2; ++c) {
    const auto& x = capture.channels[c];
    float peak = 0.0f;
    double energy = 0.0;
    for (const float v : x) {
      peak = std::max(peak, std::abs(v));
      energy += static_cast<double>(v) * v;
    }
    const double rms = std::sqrt(energy / static_cast<double>(x.size()));
    EXPECT_GT(rms, 1e-3) << "channel " << c << " is silent";
    EXPECT_LE(peak, ceiling) << "channel " << c;

    const CaptureMap map = map_capture(x, take.channels[c]);
    ASSERT_TRUE(map.aligned) << "channel " << c << ": the capture holds none of the engine's own recording";
    EXPECT_GE(map.last - map.first, 48000u * 20)
        << "channel " << c << ": too little of the capture maps onto the take";
    EXPECT_TRUE(map.unexplained.empty())
        << "channel " << c << ": at capture sample " << map.unexplained.front()
        << " the capture departs from the engine's output other than by lost periods";
    if (!map.jumps.empty()) {
      EXPECT_GT(xruns, 0) << "channel " << c << ": the capture jumps over " << map.skipped
                          << " engine frames, but JACK reported no xrun\n"
                          << log;
    }
    const std::vector<std::size_t> clicks = dsp::detect_clicks(x);
    for (const std::size_t click : clicks) {
      if (click >= map.first && click < map.last) {
        EXPECT_TRUE(on_a_jump(click, map))
            << "channel " << c << ": click at capture sample " << click
            << " where the capture is the engine's output;" << describe_clicks(clicks, map);
      } else {
        // Outside the take there is no reference: only an xrun can excuse it.
        EXPECT_GT(xruns, 0) << "channel " << c << ": click at capture sample " << click
                            << " (outside the take) and JACK reported no xrun";
      }
    }
  }
  const test::ProcessResult replay = test::run_afterglow({"replay", session.string()});
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("identical to session.wav"), std::string::npos) << replay.out;
}

}  // namespace
}  // namespace afterglow
