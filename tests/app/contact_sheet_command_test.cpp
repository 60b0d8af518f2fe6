// `afterglow contact-sheet` end to end, and the acceptance check in a real browser: headless Chromium
// (Debian `chromium`, installed by scripts/test.sh) screenshots the sheet and a probe page proves that
// every picture decoded and every player's source is a file that exists.

#include <gtest/gtest.h>
#include <png.h>

#include <cstring>
#include <fstream>
#include <set>

#include "support/run_process.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kTimeout = "/usr/bin/timeout";
constexpr const char* kChromiumLimitSec = "60";

void wav(const fs::path& path, double hz, double seconds = 0.4) {
  fs::create_directories(path.parent_path());
  test::write_fixture(path, {test::sine(hz, 0.4, static_cast<std::size_t>(seconds * test::kTestRate))},
                      44100);
}

// A small kit and an afterglow layout folder, names a browser must get right included.
void write_export(const fs::path& dir) {
  wav(dir / "ROLAND/TR-8S/SAMPLE/AG/PADS/PD_RAIN_01.WAV", 220.0);
  wav(dir / "ROLAND/TR-8S/SAMPLE/AG/HISS/HS_RAIN_01.WAV", 6000.0);
  wav(dir / "ROLAND/TR-8S/SAMPLE/AG/DRUMS/DM_RAIN_01.WAV", 90.0, 0.2);
  wav(dir / "rain/pads/rain_pad01.wav", 330.0);
  wav(dir / "rain/swells/rain_original_swell01.wav", 440.0);
  wav(dir / "rain/clouds/a<b&\"c\".wav", 880.0);
  wav(dir / "rain/clouds/take #2 100%.wav", 1200.0);
}

constexpr std::size_t kSamples = 7;

// Everything the probe appends to a copy of the sheet: a control image and player that must be
// reported broken (so a probe that sees nothing cannot pass), and the checks, written into the DOM.
constexpr const char* kProbe =
    R"(<img class="control" src="contact-sheet/no-such.png"><audio class="control" src="no-such.wav"></audio>
<script>
window.addEventListener('load', () => {
  const exists = (url) => {
    try { const x = new XMLHttpRequest(); x.open('GET', url, false); x.send();
          return (x.status === 0 || x.status === 200) && x.responseText.length > 0; }
    catch (e) { return false; }
  };
  const sheet = (e) => !e.classList.contains('control');
  const badImg = (i) => !(i.complete && i.naturalWidth > 0);
  const badAudio = (a) => !a.getAttribute('src') || !exists(a.src);
  const imgs = [...document.querySelectorAll('img')];
  const audios = [...document.querySelectorAll('audio')];
  const out = document.createElement('pre');
  out.textContent = 'PROBE images=' + imgs.filter(sheet).length +
    ' images_broken=' + imgs.filter(sheet).filter(badImg).length +
    ' audio=' + audios.filter(sheet).length +
    ' audio_broken=' + audios.filter(sheet).filter(badAudio).length +
    ' control_broken=' + (imgs.filter(i => !sheet(i)).filter(badImg).length +
                          audios.filter(a => !sheet(a)).filter(badAudio).length) +
    ' broken_list=' + JSON.stringify(imgs.filter(sheet).filter(badImg).map(i => i.src)
                                     .concat(audios.filter(sheet).filter(badAudio).map(a => a.src))) + ' END';
  document.body.appendChild(out);
});
</script>
)";

struct Browser {
  test::TempDir profile;

  test::ProcessResult run(std::vector<std::string> args) const {
    std::vector<std::string> full = {kChromiumLimitSec,
                                     kChromium,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--no-first-run",
                                     "--user-data-dir=" + (profile.path() / "ud").string(),
                                     "--allow-file-access-from-files"};
    full.insert(full.end(), args.begin(), args.end());
    test::ProcessOptions env;
    env.env = {{"HOME", profile.path().string()},
               {"XDG_CONFIG_HOME", (profile.path() / "config").string()},
               {"XDG_CACHE_HOME", (profile.path() / "cache").string()}};
    return test::run_process(kTimeout, full, env);
  }
};

// Decodes a PNG with libpng; the number of distinct colours in it (0 when it does not decode).
std::size_t distinct_colours(const fs::path& png_path, int& width, int& height) {
  const std::string bytes = test::read_bytes(png_path);
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&img, bytes.data(), bytes.size()) == 0) return 0;
  img.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(img));
  if (png_image_finish_read(&img, nullptr, pixels.data(), 0, nullptr) == 0) return 0;
  width = static_cast<int>(img.width);
  height = static_cast<int>(img.height);
  std::set<std::uint32_t> colours;
  for (std::size_t i = 0; i + 2 < pixels.size(); i += 3) {
    colours.insert((std::uint32_t{pixels[i]} << 16) | (std::uint32_t{pixels[i + 1]} << 8) | pixels[i + 2]);
  }
  return colours.size();
}

TEST(ContactSheetCommand, WritesTheSheetAndReportsACorruptFileWithExitThree) {
  test::TempDir dir;
  const fs::path exp = dir / "export";
  write_export(exp);
  std::ofstream(exp / "rain/pads/corrupt.wav") << "RIFF....WAVEfmt truncated";
  const auto r = test::run_afterglow({"contact-sheet", exp.string()});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("8 samples in 6 folders (1 unreadable)"), std::string::npos) << r.out;
  const std::string html = test::read_bytes(exp / "index.html");
  EXPECT_NE(html.find("corrupt.wav</div><div class=\"error\">unreadable:"), std::string::npos);
  EXPECT_NE(html.find("a&lt;b&amp;&quot;c&quot;.wav"), std::string::npos);

  const auto again = test::run_afterglow({"contact-sheet", exp.string()});
  EXPECT_NE(again.out.find("0 images drawn, 7 up to date"), std::string::npos) << again.out;
}

TEST(ContactSheetCommand, RefusesAnOutputOutsideTheFolder) {
  test::TempDir dir;
  write_export(dir / "export");
  const auto r =
      test::run_afterglow({"contact-sheet", (dir / "export").string(), "--out", (dir / "x.html").string()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.html"));
  EXPECT_EQ(test::run_afterglow({"contact-sheet", (dir / "missing").string()}).exit_code, 2);
}

TEST(ContactSheetCommand, RendersInHeadlessChromiumWithEveryImageAndPlayerWorking) {
  if (!fs::exists(kChromium) || !fs::exists(kTimeout)) {
    GTEST_SKIP()
        << "chromium is not installed (Debian package `chromium`; scripts/test.sh installs it), so the "
           "browser acceptance check cannot run here";
  }
  Browser browser;
  const auto blank = browser.run({"--dump-dom", "about:blank"});
  if (blank.exit_code != 0 || blank.out.find("<body>") == std::string::npos) {
    GTEST_SKIP() << "chromium is installed but cannot start headless here (exit " << blank.exit_code
                 << "): " << blank.err.substr(blank.err.size() > 600 ? blank.err.size() - 600 : 0);
  }

  test::TempDir dir;
  const fs::path exp = dir / "export";
  write_export(exp);
  const auto sheet = test::run_afterglow({"contact-sheet", exp.string()});
  ASSERT_EQ(sheet.exit_code, 0) << sheet.out << sheet.err;

  // (a) A screenshot that shows something: dark page, magma pictures, text.
  const fs::path shot = dir / "shot.png";
  const auto s = browser.run({"--window-size=1280,1000", "--virtual-time-budget=5000",
                              "--screenshot=" + shot.string(), "file://" + (exp / "index.html").string()});
  ASSERT_TRUE(fs::exists(shot)) << s.err;
  int width = 0;
  int height = 0;
  const std::size_t colours = distinct_colours(shot, width, height);
  EXPECT_EQ(width, 1280);
  EXPECT_EQ(height, 1000);
  EXPECT_GT(colours, 200u) << "the screenshot looks blank";

  // (b) The probe: a copy of the sheet next to it (so every relative link means the same) plus checks.
  std::string html = test::read_bytes(exp / "index.html");
  const std::size_t body_end = html.rfind("</body>");
  ASSERT_NE(body_end, std::string::npos);
  html.insert(body_end, kProbe);
  std::ofstream(exp / "probe.html") << html;
  const auto p =
      browser.run({"--virtual-time-budget=10000", "--dump-dom", "file://" + (exp / "probe.html").string()});
  const std::size_t at = p.out.rfind("PROBE images=");  // the last: the first is the script itself
  ASSERT_NE(at, std::string::npos) << "the probe did not run: " << p.err;
  const std::string result = p.out.substr(at, p.out.find(" END", at) - at);
  EXPECT_EQ(result.substr(0, result.find(" broken_list")),
            "PROBE images=" + std::to_string(2 * kSamples) +
                " images_broken=0 audio=" + std::to_string(kSamples) + " audio_broken=0 control_broken=2")
      << result;
}

}  // namespace
}  // namespace afterglow
