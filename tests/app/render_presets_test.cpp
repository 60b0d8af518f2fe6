// The original's shipped presets render their clouds and hiss: the original crashed its hiss phase on
// every preset without `use_synthetic_noise`, its cloud phase on config_impossible (no `clouds`) and its
// hiss phase on config_dytiq_chords (no `hiss`) (reference §15.2 item 16). Each preset is used as it
// ships, with the embedded demo material as its sources.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/run_process.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

std::size_t wavs_in(const fs::path& dir) {
  std::size_t n = 0;
  if (!fs::is_directory(dir)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    n += e.is_regular_file() && e.path().extension() == ".wav" ? 1 : 0;
  }
  return n;
}

class ShippedPreset : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedPreset, RendersItsCloudsAndHiss) {
  test::TempDir dir;
  std::ifstream in(fs::path(AFTERGLOW_SOURCE_DIR) / "tests/config/data" / GetParam());
  ASSERT_TRUE(in) << GetParam();
  std::stringstream text;
  text << in.rdbuf();
  text << "\nsources:\n  - {demo: pad, role: pads}\n  - {demo: drums, role: drums}\n";
  const fs::path config = dir.write("preset/config.yaml", text.str());
  const fs::path out = dir / "out";
  const test::ProcessResult r = test::run_afterglow({"render", "--config", config.string(), "--out", out.string(),
                                                     "--phases", "clouds,hiss", "--layout", "afterglow"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_GT(wavs_in(out / "demo_pad" / "clouds") + wavs_in(out / "pad" / "clouds"), 0u) << r.out;
  std::size_t hiss = 0;
  for (const auto& e : fs::directory_iterator(out)) hiss += wavs_in(e.path() / "hiss");
  EXPECT_GT(hiss, 0u) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Presets, ShippedPreset,
                         ::testing::Values("config_minimal.yaml", "config_fast_sketch.yaml",
                                           "config_dense_clouds.yaml", "config_impossible.yaml",
                                           "config_dytiq_chords.yaml"),
                         [](const auto& info) {
                           const std::string name = info.param;
                           return name.substr(7, name.size() - 12);  // config_<name>.yaml
                         });

}  // namespace
}  // namespace afterglow
