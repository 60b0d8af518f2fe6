// `afterglow render` end to end: the real binary on the embedded demo material with the original's
// shipped configuration (scenes/afterglow-compatible.yaml), and on generated files that include broken
// ones. Every written file is read back and checked.

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "afterglow/dsp/click_detector.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/dsp/loop.h"
#include "afterglow/dsp/loop_seam.h"
#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

// The shipped config unchanged, with the demo material as its sources.
fs::path compatible_scene(const test::TempDir& dir) {
  std::ifstream in(fs::path(AFTERGLOW_SOURCE_DIR) / "scenes/afterglow-compatible.yaml");
  std::stringstream text;
  text << in.rdbuf();
  text << "\nsources:\n  - {demo: pad, role: pads}\n  - {demo: drums, role: drums}\n  - {demo: air, role: "
          "source}\n";
  return dir.write("scene/compatible.yaml", text.str());
}

std::vector<std::map<std::string, std::string>> read_manifest(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](std::string s) {
    if (!s.empty() && s.back() == '\r') s.pop_back();
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (const char c : s) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += c;
      }
    }
    cells.push_back(cell);
    return cells;
  };
  while (std::getline(in, line)) {
    if (header.empty()) {
      header = split(line);
      continue;
    }
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

// "  pads      6 files ..." lines of the printed plan.
std::map<std::string, int> plan_counts(const std::string& out) {
  std::map<std::string, int> counts;
  const std::regex line(R"(\n  (pads|drones|clouds|hiss)\s+(\d+) files)");
  for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end; ++it) {
    counts[(*it)[1]] = std::stoi((*it)[2]);
  }
  return counts;
}

std::vector<fs::path> wavs_below(const fs::path& root) {
  std::vector<fs::path> out;
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const auto ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".wav" || ext == ".WAV")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Expect {
  double peak_db;
  bool loop;
  int channels;
};

// The kind of an afterglow-layout file from its folder and name, and what §11.2 asks of it.
Expect expectation(const fs::path& file) {
  const std::string folder = file.parent_path().filename().string();
  const std::string name = file.filename().string();
  if (folder == "clouds") return {-3.0, false, 2};  // clouds_stereo: true
  if (folder == "swells") return {-1.0, false, 1};
  if (name.rfind("hiss_loop", 0) == 0) return {-6.0, true, 2};  // hiss_stereo: true
  if (name.rfind("hiss_flicker", 0) == 0) return {-3.0, false, 1};
  return {-1.0, true, 1};  // pads, drone loops, reversed
}

class RenderCompatible : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    scene_ = compatible_scene(*dir_);
    out_a_ = dir_->path() / "a";
    out_b_ = dir_->path() / "b";
    run_a_ =
        test::run_afterglow({"render", "--scene", scene_.string(), "--out", out_a_.string(), "--jobs", "1"});
    run_b_ =
        test::run_afterglow({"render", "--scene", scene_.string(), "--out", out_b_.string(), "--jobs", "2"});
    dry_ = test::run_afterglow(
        {"render", "--scene", scene_.string(), "--out", (dir_->path() / "dry").string(), "--dry-run"});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static test::TempDir* dir_;
  static fs::path scene_, out_a_, out_b_;
  static test::ProcessResult run_a_, run_b_, dry_;
};
test::TempDir* RenderCompatible::dir_ = nullptr;
fs::path RenderCompatible::scene_, RenderCompatible::out_a_, RenderCompatible::out_b_;
test::ProcessResult RenderCompatible::run_a_, RenderCompatible::run_b_, RenderCompatible::dry_;

TEST_F(RenderCompatible, EveryPhaseWritesTheFormulaCountsAndTheDryRunPredictsThem) {
  ASSERT_EQ(run_a_.exit_code, 0) << run_a_.out << run_a_.err;
  const auto rows = read_manifest(out_a_ / "manifest.csv");
  std::map<std::string, int> by_folder;
  for (const auto& f : wavs_below(out_a_)) {
    if (f.string().find("ROLAND") == std::string::npos) by_folder[f.parent_path().filename().string()]++;
  }
  // Drones: V = 1 + 4 pitch shifts + 3 stretch rates = 8; 8 × (3 tonal + swell + reversed) = 40.
  int drone_rows = 0, pad_rows = 0, cloud_rows = 0, hiss_rows = 0;
  for (const auto& r : rows) {
    const std::string& name = r.at("filename");
    if (r.at("type") == "cloud") {
      ++cloud_rows;
    } else if (r.at("type") == "hiss") {
      ++hiss_rows;
    } else if (name.find("_loop_") != std::string::npos || name.find("_reversed") != std::string::npos ||
               name.find("_swell01") != std::string::npos) {
      ++drone_rows;
    } else if (name.find("_pad") != std::string::npos) {
      ++pad_rows;
    }
    EXPECT_EQ(r.at("saved"), "True");
    EXPECT_FALSE(r.at("short_name").empty()) << name;
  }
  EXPECT_EQ(drone_rows, 40);
  EXPECT_EQ(by_folder["swells"], 8);
  EXPECT_EQ(cloud_rows, 4);  // clouds_per_source: 4, one pad source
  EXPECT_EQ(hiss_rows, 9);   // 3 loops + 6 flickers, one drum source, no synthetic fallback
  EXPECT_GT(pad_rows, 0);
  EXPECT_LE(pad_rows, 2 * 4 * 6);  // two non-drum sources × 4 durations × 6 candidates
  EXPECT_EQ(by_folder["clouds"], 4);
  EXPECT_EQ(by_folder["hiss"], 9);
  EXPECT_EQ(by_folder["pads"], 32 + pad_rows);

  ASSERT_EQ(dry_.exit_code, 0) << dry_.out << dry_.err;
  EXPECT_FALSE(fs::exists(dir_->path() / "dry")) << "a dry run writes nothing";
  const auto planned = plan_counts(dry_.out);
  EXPECT_EQ(planned.at("pads"), pad_rows);
  EXPECT_EQ(planned.at("drones"), 40);
  EXPECT_EQ(planned.at("clouds"), 4);
  EXPECT_EQ(planned.at("hiss"), 9);
  EXPECT_EQ(plan_counts(run_a_.out), planned);
}

// A pad's manifest brightness is the class its file name carries, from the scene's brightness_tags
// bounds (the original's manifest used fixed 1200/4000 Hz bounds instead, reference §15.2 item 14).
TEST_F(RenderCompatible, APadsManifestBrightnessIsTheTagInItsFileName) {
  ASSERT_EQ(run_a_.exit_code, 0) << run_a_.err;
  const std::regex tagged(R"(_pad\d+_(dark|mid|bright)\.wav$)");
  std::size_t checked = 0;
  for (const auto& r : read_manifest(out_a_ / "manifest.csv")) {
    std::smatch m;
    const std::string& name = r.at("filename");
    if (!std::regex_search(name, m, tagged)) continue;
    EXPECT_EQ(r.at("brightness"), m[1].str()) << name;
    ++checked;
  }
  EXPECT_GT(checked, 0u) << "no tagged pad in the render";
}

void check_files(const fs::path& out) {
  const fs::path& out_a_ = out;
  std::size_t checked = 0;
  for (const auto& f : wavs_below(out_a_)) {
    if (f.string().find("ROLAND") != std::string::npos) continue;
    SCOPED_TRACE(f.filename().string());
    const test::RawAudio raw = test::read_fixture(f);
    const Expect e = expectation(f);
    EXPECT_EQ(raw.info.samplerate, 44100);
    EXPECT_EQ(raw.info.format & SF_FORMAT_SUBMASK, SF_FORMAT_PCM_24);
    EXPECT_EQ(raw.info.channels, e.channels);
    double peak = 0.0;
    for (const auto& ch : raw.channels) peak = std::max(peak, dsp::peak(ch));
    EXPECT_NEAR(dsp::lin_to_db(peak), e.peak_db, 0.1);
    for (const auto& ch : raw.channels) {
      double mean = 0.0;
      for (const float s : ch) mean += s;
      EXPECT_LT(std::abs(mean / static_cast<double>(ch.size())), 0.01);
      EXPECT_GT(dsp::rms_db(ch), -60.0);
    }
    ++checked;
  }
  EXPECT_GT(checked, 50u);
}

TEST_F(RenderCompatible, EveryFileHasItsFormatAndLevel) {
  ASSERT_EQ(run_a_.exit_code, 0) << run_a_.err;
  check_files(out_a_);
}

// Every file, every channel: no click by the generators' detector; every loop wraps by the seam rule
// of dsp/loop_seam.h, with the span covering the crossfade its phase used.
TEST_F(RenderCompatible, EveryFileIsClickFreeAndEveryLoopSeamless) {
  ASSERT_EQ(run_a_.exit_code, 0) << run_a_.err;
  std::size_t loops = 0;
  for (const auto& f : wavs_below(out_a_)) {
    if (f.string().find("ROLAND") != std::string::npos) continue;
    SCOPED_TRACE(f.filename().string());
    const test::RawAudio raw = test::read_fixture(f);
    const Expect e = expectation(f);
    for (const auto& ch : raw.channels) {
      const auto clicks = dsp::detect_clicks(ch);
      EXPECT_TRUE(clicks.empty()) << clicks.size() << " clicks, first at " << (clicks.empty() ? 0 : clicks[0])
                                  << " of " << ch.size();
      if (!e.loop) continue;
      const auto crossfade = dsp::loop_crossfade_samples(e.peak_db == -6.0 ? 50.0 : 120.0, 44100.0);
      const auto seam = dsp::seam_report(ch, dsp::seam_options_for(44100.0, crossfade));
      EXPECT_TRUE(seam.seamless()) << "step " << seam.wrap_step << " vs " << seam.internal_step << ", level "
                                   << seam.seam_min_db << " / " << seam.seam_max_db << " dB, interior "
                                   << seam.interior_excursion_db << " dB";
      ++loops;
    }
  }
  EXPECT_GT(loops, 40u);
}

TEST_F(RenderCompatible, TheKitPassesTr8sCheck) {
  ASSERT_EQ(run_a_.exit_code, 0) << run_a_.err;
  const auto check = test::run_afterglow({"tr8s-check", out_a_.string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_F(RenderCompatible, RunsAreByteIdenticalWhateverTheJobCount) {
  ASSERT_EQ(run_a_.exit_code, 0) << run_a_.err;
  ASSERT_EQ(run_b_.exit_code, 0) << run_b_.err;
  const auto a = test::list_files(out_a_);
  ASSERT_EQ(a, test::list_files(out_b_));
  ASSERT_FALSE(a.empty());
  for (const auto& rel : a) {
    EXPECT_EQ(test::read_bytes(out_a_ / rel), test::read_bytes(out_b_ / rel)) << rel;
  }
}

// Generated sources, three of them broken.
fs::path broken_scene(const test::TempDir& dir) {
  const double rate = 44100.0;
  const auto n = static_cast<std::size_t>(4 * rate);
  std::vector<float> chord(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate;
    chord[i] =
        static_cast<float>(0.2 * std::sin(2 * M_PI * 220 * t) + 0.15 * std::sin(2 * M_PI * 277.18 * t) +
                           0.1 * std::sin(2 * M_PI * 329.63 * t));
  }
  fs::create_directories(dir.path() / "src/pads");
  fs::create_directories(dir.path() / "src/drums");
  test::write_fixture(dir.path() / "src/pads/chord.wav", {chord}, 44100);
  std::vector<float> nan_audio = chord;
  nan_audio[1000] = std::numeric_limits<float>::quiet_NaN();
  test::write_fixture(dir.path() / "src/pads/nan.wav", {nan_audio}, 44100, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  dir.write("src/pads/corrupt.wav", "RIFF\x10\x00\x00\x00WAVEthis is not audio at all");
  test::write_fixture(dir.path() / "src/drums/silent.wav", {test::silence(n)}, 44100);
  test::write_fixture(dir.path() / "src/drums/noise.wav", {test::noise(0.2, n, 7)}, 44100);
  return dir.write("scene.yaml", R"(global:
  sample_rate: 44100
  output_bit_depth: 16
sources:
  - {path: src/pads, role: pads}
  - {path: src/drums, role: drums}
drones:
  pitch_shift_semitones: [0, 7]
  time_stretch_factors: [1.0]
  swell_duration_sec: 3.0
clouds:
  clouds_per_source: 1
  cloud_duration_sec: 2.0
)");
}

TEST(RenderCommand, BadSourcesAreSkippedTheRestIsWrittenExitThree) {
  test::TempDir dir;
  const fs::path scene = broken_scene(dir);
  const auto r =
      test::run_afterglow({"render", "--scene", scene.string(), "--out", (dir.path() / "out").string()});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  for (const char* name : {"silent", "nan", "corrupt"}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << name << "\n" << r.err;
  }
  EXPECT_TRUE(fs::exists(dir.path() / "out/chord/swells/chord_original_swell01.wav")) << r.err;
  EXPECT_TRUE(fs::exists(dir.path() / "out/noise/hiss/hiss_loop_noise_01.wav")) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out/silent"));
  EXPECT_TRUE(fs::exists(dir.path() / "out/manifest.csv"));
}

TEST(RenderCommand, StrictStopsAtTheFirstFailureAndWritesNothing) {
  test::TempDir dir;
  const fs::path scene = broken_scene(dir);
  const auto r = test::run_afterglow(
      {"render", "--scene", scene.string(), "--out", (dir.path() / "out").string(), "--strict"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(test::list_files(dir.path() / "out").empty());
}

TEST(RenderCommand, AWriteOutsideTheExportRootIsRefusedBeforeAnythingIsCreated) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "root");
  test::ProcessOptions po;
  po.env = {{"AFTERGLOW_EXPORT_ROOT", (dir.path() / "root").string()}};
  const auto r = test::run_afterglow(
      {"render", "--phases", "hiss", "--out", (dir.path() / "elsewhere/kit").string()}, po);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("refusing"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere"));
}

TEST(RenderCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(test::run_afterglow({"render", "--phases", "pads,sparkles", "--dry-run"}).exit_code, 2);
  EXPECT_EQ(test::run_afterglow({"render", "--layout", "sideways", "--dry-run"}).exit_code, 2);
}

}  // namespace
}  // namespace afterglow
