#include "afterglow/render/contact_sheet.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "afterglow/render/manifest.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

void wav(const fs::path& path, double hz, std::size_t frames = 11025) {
  fs::create_directories(path.parent_path());
  test::write_fixture(path, {test::sine(hz, 0.5, frames)}, 44100);
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// An export with a layout folder, a kit, a hostile name and a corrupt file.
struct Export {
  test::TempDir tmp;
  fs::path dir = tmp.path() / "export";

  Export() {
    wav(dir / "rain/pads/rain_pad01.wav", 220.0);
    wav(dir / "rain/clouds/cloud_rain_01.wav", 660.0);
    wav(dir / "rain/hiss/a<b&\"c\".wav", 3000.0);
    wav(dir / "ROLAND/TR-8S/SAMPLE/AFTERGLOW/PADS/PD_RAIN_01.WAV", 440.0);
    wav(dir / "ROLAND/TR-8S/SAMPLE/AFTERGLOW/HISS/HS_RAIN_01.WAV", 5000.0);
    std::ofstream(dir / "rain/pads/broken.wav") << "RIFF this is not a wave file at all";
  }
};

TEST(ContactSheet, ListsEveryWavGroupedAndReportsTheCorruptOne) {
  Export e;
  const auto summary = write_contact_sheet(e.dir);
  ASSERT_TRUE(summary.ok()) << summary.error().what();
  EXPECT_EQ(summary->samples, 6u);
  EXPECT_EQ(summary->unreadable, 1u);
  EXPECT_EQ(summary->images_written, 5u);
  EXPECT_EQ(summary->index_file, e.dir / "index.html");
  EXPECT_EQ(summary->groups, (std::vector<std::string>{"AFTERGLOW/HISS", "AFTERGLOW/PADS", "rain/clouds",
                                                       "rain/hiss", "rain/pads"}));
  const std::string html = test::read_bytes(e.dir / "index.html");
  for (const char* name :
       {"rain_pad01.wav", "cloud_rain_01.wav", "PD_RAIN_01.WAV", "HS_RAIN_01.WAV", "broken.wav"}) {
    EXPECT_TRUE(contains(html, name)) << name;
  }
  EXPECT_TRUE(contains(html, "unreadable:"));
  EXPECT_EQ(count(html, "<audio controls"), 5u);
  EXPECT_EQ(count(html, "<img class=\"spec\""), 5u);
  EXPECT_TRUE(contains(html, "src=\"ROLAND/TR-8S/SAMPLE/AFTERGLOW/PADS/PD_RAIN_01.WAV\""));
  // Nothing from the network.
  EXPECT_FALSE(contains(html, "http://") && !contains(html, "http://www.w3.org"));
  EXPECT_FALSE(contains(html, "https://"));
  EXPECT_FALSE(contains(html, "<script"));
  for (const auto& entry : fs::directory_iterator(e.dir / kContactSheetImageDir)) {
    EXPECT_GT(fs::file_size(entry.path()), 0u) << entry.path();
  }
}

TEST(ContactSheet, EscapesNamesInTextAndLinks) {
  Export e;
  ASSERT_TRUE(write_contact_sheet(e.dir).ok());
  const std::string html = test::read_bytes(e.dir / "index.html");
  EXPECT_FALSE(contains(html, "a<b&\"c\""));
  EXPECT_TRUE(contains(html, ">a&lt;b&amp;&quot;c&quot;.wav<"));
  EXPECT_TRUE(contains(html, "src=\"rain/hiss/a%3Cb%26%22c%22.wav\""));
}

TEST(ContactSheet, NeverScansItsOwnImageFolderAndReusesFreshImages) {
  Export e;
  ASSERT_TRUE(write_contact_sheet(e.dir).ok());
  // A WAV planted among the images is not a sample, nor is one in another sheet's marked folder.
  wav(e.dir / kContactSheetImageDir / "planted.wav", 100.0);
  wav(e.dir / "rain/other/x.wav", 100.0);
  std::ofstream(e.dir / "rain/other" / kContactSheetMarker) << "";
  const auto again = write_contact_sheet(e.dir);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->samples, 6u);
  EXPECT_EQ(again->images_written, 0u);
  EXPECT_EQ(again->images_reused, 5u);
  EXPECT_FALSE(contains(test::read_bytes(e.dir / "index.html"), "planted.wav"));

  // A WAV newer than its images is drawn again, and only that one.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  wav(e.dir / "rain/pads/rain_pad01.wav", 880.0);
  const auto third = write_contact_sheet(e.dir);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->images_written, 1u);
  EXPECT_EQ(third->images_reused, 4u);
}

TEST(ContactSheet, RemovesItsOwnPicturesOfSamplesThatAreGone) {
  Export e;
  const fs::path images = e.dir / kContactSheetImageDir;
  ASSERT_TRUE(write_contact_sheet(e.dir).ok());
  const std::size_t pictures = test::list_files(images).size();
  fs::remove(e.dir / "rain/pads/rain_pad01.wav");
  const auto again = write_contact_sheet(e.dir);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->samples, 5u);
  EXPECT_EQ(again->images_removed, 3u);  // the pad's PNG, SVG and measured facts
  EXPECT_EQ(test::list_files(images).size(), pictures - 3);
}

TEST(ContactSheet, NeverPrunesAUsersFolderThatHasTheImageFolderName) {
  Export e;
  const fs::path images = e.dir / kContactSheetImageDir;
  fs::create_directories(images);
  std::ofstream(images / "cover.png") << "user";
  std::ofstream(images / "old-0123abcd.png") << "user too";  // even one named like the sheet's pictures
  ASSERT_TRUE(write_contact_sheet(e.dir).ok());
  fs::remove(e.dir / "rain/pads/rain_pad01.wav");
  const auto again = write_contact_sheet(e.dir);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->images_removed, 0u);
  EXPECT_FALSE(fs::exists(images / kContactSheetMarker));
  EXPECT_EQ(test::read_bytes(images / "cover.png"), "user");
  EXPECT_EQ(test::read_bytes(images / "old-0123abcd.png"), "user too");
}

TEST(ContactSheet, TakesGradeBrightnessAndKeyFromTheManifest) {
  Export e;
  std::vector<ManifestRow> rows(2);
  rows[0]["filename"] = std::string("rain_pad01.wav");
  rows[0]["source"] = std::string("rain");
  rows[0]["grade"] = std::string("A");
  rows[0]["brightness"] = std::string("bright");
  rows[0]["detected_key"] = std::string("A# maj");
  rows[0]["tr8s_path"] = std::string("ROLAND/TR-8S/SAMPLE/AFTERGLOW/PADS/PD_RAIN_01.WAV");
  rows[1]["filename"] = std::string("cloud_rain_01.wav");
  rows[1]["detected_key"] = std::string("C# min");
  rows[1]["grade"] = std::string("F");
  rows[1]["saved"] = false;  // never written: the file on disk is not this row's
  ASSERT_TRUE(write_manifest(e.dir / "manifest.csv", rows, io::ExportRoot::unrestricted()).ok());
  // From the kit folder itself: the manifest four folders up is found.
  const auto kit = write_contact_sheet(e.dir / "ROLAND/TR-8S/SAMPLE/AFTERGLOW");
  ASSERT_TRUE(kit.ok());
  EXPECT_EQ(kit->samples, 2u);
  EXPECT_EQ(kit->from_manifest, 1u);
  const std::string kit_html = test::read_bytes(e.dir / "ROLAND/TR-8S/SAMPLE/AFTERGLOW/index.html");
  EXPECT_TRUE(contains(kit_html, ">A# maj<"));
  EXPECT_TRUE(contains(kit_html, "grade-A"));

  const auto all = write_contact_sheet(e.dir);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->from_manifest, 2u);  // the layout pad by name, the kit pad by tr8s_path
  const std::string html = test::read_bytes(e.dir / "index.html");
  EXPECT_EQ(count(html, ">A# maj<"), 2u) << html;
  EXPECT_FALSE(contains(html, "C# min"));
}

TEST(ContactSheet, MeasuresWhatTheManifestDoesNotSay) {
  test::TempDir tmp;
  // A minor triad, loud and steady: grade A, a key, a brightness.
  std::vector<float> chord = test::sine(220.0, 0.25, 44100);
  const auto c = test::sine(261.63, 0.25, 44100);
  const auto e5 = test::sine(329.63, 0.25, 44100);
  for (std::size_t i = 0; i < chord.size(); ++i) chord[i] += c[i] + e5[i];
  fs::create_directories(tmp.path() / "loose");
  test::write_fixture(tmp.path() / "loose/chord.wav", {chord}, 44100);
  const auto summary = write_contact_sheet(tmp.path() / "loose");
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->from_manifest, 0u);
  const std::string html = test::read_bytes(tmp.path() / "loose/index.html");
  EXPECT_TRUE(contains(html, ">A min<")) << html;
  EXPECT_TRUE(contains(html, "bright-dark"));
  EXPECT_TRUE(contains(html, "grade-A") || contains(html, "grade-B"));
  // Measured once: the second sheet reads the facts kept beside the pictures, and says the same.
  const auto again = write_contact_sheet(tmp.path() / "loose");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->images_reused, 1u);
  EXPECT_EQ(test::read_bytes(tmp.path() / "loose/index.html"), html);
}

TEST(ContactSheet, ThePageIsTheSameWhateverTheNumberOfWorkers) {
  Export e;
  ContactSheetOptions one;
  one.jobs = 1;
  ASSERT_TRUE(write_contact_sheet(e.dir, one).ok());
  const std::string serial = test::read_bytes(e.dir / "index.html");
  fs::remove_all(e.dir / kContactSheetImageDir);
  ContactSheetOptions four;
  four.jobs = 4;
  const auto parallel = write_contact_sheet(e.dir, four);
  ASSERT_TRUE(parallel.ok());
  EXPECT_EQ(parallel->images_written, 5u);
  EXPECT_EQ(test::read_bytes(e.dir / "index.html"), serial);
}

TEST(ContactSheet, RefusesToWriteOutsideTheFolder) {
  Export e;
  ContactSheetOptions o;
  o.out_file = e.tmp.path() / "elsewhere.html";
  const auto r = write_contact_sheet(e.dir, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::kPermission);
  EXPECT_FALSE(fs::exists(e.tmp.path() / "elsewhere.html"));
  EXPECT_FALSE(fs::exists(e.dir / kContactSheetImageDir));
  o.out_file = e.dir / "rain/sheet.html";  // inside: fine, links relative to it
  ASSERT_TRUE(write_contact_sheet(e.dir, o).ok());
  const std::string html = test::read_bytes(e.dir / "rain/sheet.html");
  EXPECT_TRUE(contains(html, "src=\"../ROLAND/TR-8S/SAMPLE/AFTERGLOW/PADS/PD_RAIN_01.WAV\""));
  EXPECT_TRUE(contains(html, "src=\"contact-sheet/"));
  EXPECT_EQ(write_contact_sheet(e.tmp.path() / "missing").error().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace afterglow::render
