// The corpus: deterministic across thread counts, bad files reported and skipped, same stems in
// different folders kept apart, and the analysis cache (hits, identical results, corruption ignored).
#include <gtest/gtest.h>

#include <fstream>

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/core/log.h"
#include "support/signals.h"
#include "support/temp_dir.h"

namespace afterglow::analysis {
namespace {

namespace fs = std::filesystem;

constexpr double kEngineRate = 22050.0;

SourceEntry at(const fs::path& path) {
  SourceEntry e;
  e.path = path;
  return e;
}

SourceEntry demo(io::DemoKind kind) {
  SourceEntry e;
  e.demo = kind;
  return e;
}

CorpusParams params() {
  CorpusParams p;
  p.features.sample_rate = kEngineRate;
  return p;
}

// A few seconds of distinct material per file, written at 44.1 kHz so loading resamples.
void write_material(const test::TempDir& dir) {
  const std::size_t n = 3 * 44100;
  auto tone = test::sine(220.0, 0.2, n);
  const auto fifth = test::sine(330.0, 0.1, n);
  for (std::size_t i = 0; i < n; ++i) tone[i] += fifth[i];
  fs::create_directories(dir / "archive/a");
  fs::create_directories(dir / "archive/b");
  test::write_fixture(dir / "archive/a/take.wav", {tone}, 44100);
  test::write_fixture(dir / "archive/b/take.wav", {test::clicks(n, 5512, 0.8f)}, 44100);
  test::write_fixture(dir / "archive/b/air.flac", {test::noise(0.05, n, 4), test::noise(0.05, n, 5)}, 44100,
                      SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
  test::write_fixture(dir / "archive/z_stereo.wav", {tone, fifth}, 44100);
}

std::shared_ptr<const Corpus> build(const std::vector<SourceEntry>& entries, std::size_t threads,
                                    std::shared_ptr<const AnalysisCache> cache = nullptr) {
  CorpusBuilder builder(params(), threads);
  builder.set_cache(std::move(cache));
  auto corpus = builder.build(entries);
  EXPECT_TRUE(corpus.ok());
  return std::move(corpus).value_or_throw();
}

void expect_same_source(const CorpusSource& a, const CorpusSource& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.features.source_rate, b.features.source_rate);
  EXPECT_EQ(a.audio().sample_rate, b.audio().sample_rate);
  EXPECT_EQ(a.audio().channels, b.audio().channels);
  const FrameFeatures& fa = a.features.analysis.frames;
  const FrameFeatures& fb = b.features.analysis.frames;
  EXPECT_EQ(fa.rms, fb.rms);
  EXPECT_EQ(fa.centroid_magnitude, fb.centroid_magnitude);
  EXPECT_EQ(fa.centroid_power, fb.centroid_power);
  EXPECT_EQ(fa.flatness, fb.flatness);
  EXPECT_EQ(fa.onset_strength, fb.onset_strength);
  EXPECT_EQ(fa.onset_frames, fb.onset_frames);
  EXPECT_EQ(fa.hop, fb.hop);
  const WindowAnalysis& wa = a.features.analysis.windows;
  const WindowAnalysis& wb = b.features.analysis.windows;
  EXPECT_EQ(wa.size(), wb.size());
  EXPECT_EQ(wa.grid().window, wb.grid().window);
  EXPECT_EQ(wa.features().rms_db, wb.features().rms_db);
  EXPECT_EQ(wa.features().crest, wb.features().crest);
  EXPECT_EQ(wa.features().centroid_hz, wb.features().centroid_hz);
  EXPECT_EQ(wa.features().onsets, wb.features().onsets);
  EXPECT_EQ(a.features.chroma, b.features.chroma);
  EXPECT_EQ(a.features.measures, b.features.measures);
  EXPECT_EQ(a.summary.mask, b.summary.mask);
  EXPECT_EQ(a.summary.pads, b.summary.pads);
  ASSERT_EQ(a.summary.key.has_value(), b.summary.key.has_value());
  if (a.summary.key) {
    EXPECT_EQ(a.summary.key->key, b.summary.key->key);
    EXPECT_EQ(a.summary.key->confidence, b.summary.key->confidence);
  }
  EXPECT_EQ(a.summary.tempo.bpm, b.summary.tempo.bpm);
  EXPECT_EQ(a.summary.tempo.confidence, b.summary.tempo.confidence);
  EXPECT_EQ(a.summary.brightness.mean_centroid_hz, b.summary.brightness.mean_centroid_hz);
  EXPECT_EQ(a.summary.descriptors, b.summary.descriptors);
}

void expect_same_corpus(const Corpus& a, const Corpus& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) expect_same_source(a.sources()[i], b.sources()[i]);
  ASSERT_EQ(a.index().size(), b.index().size());
  Random ra(5);
  Random rb(5);
  for (int q = 0; q < 200; ++q) {
    const DescriptorTarget t{static_cast<float>(q % 10) / 9.0f, 1.0f, static_cast<float>(q % 7) / 6.0f};
    EXPECT_EQ(a.index().query(t, ra), b.index().query(t, rb));
  }
}

TEST(Corpus, OneAndTwoThreadsBuildTheSameCorpus) {
  test::TempDir dir;
  write_material(dir);
  SourceEntry archive = at(dir / "archive");
  archive.role = SourceRole::kSource;
  archive.tags = {"old"};
  const std::vector<SourceEntry> entries = {archive, demo(io::DemoKind::kPad)};
  const auto one = build(entries, 1);
  const auto two = build(entries, 2);
  ASSERT_EQ(one->size(), 5u);
  expect_same_corpus(*one, *two);
  EXPECT_EQ(one->sources()[4].id, "demo:pad");
  EXPECT_EQ(one->sources()[0].tags, std::vector<std::string>{"old"});
  EXPECT_EQ(one->sample_rate(), kEngineRate);
  EXPECT_EQ(one->sources()[0].audio().sample_rate, kEngineRate);
  EXPECT_EQ(one->sources()[3].audio().channel_count(), 2u);
  EXPECT_FALSE(one->index().empty());
}

TEST(Corpus, SameStemsInDifferentFoldersBothPresent) {
  test::TempDir dir;
  write_material(dir);
  // One folder holding both, and the two subfolders as separate entries.
  const auto whole = build({at(dir / "archive")}, 1);
  ASSERT_NE(whole->find("archive/a/take.wav"), nullptr);
  ASSERT_NE(whole->find("archive/b/take.wav"), nullptr);
  EXPECT_NE(whole->find("archive/a/take.wav")->audio().channels,
            whole->find("archive/b/take.wav")->audio().channels);
  const auto split = build({at(dir / "archive/a"), at(dir / "archive/b")}, 1);
  EXPECT_NE(split->find("a/take.wav"), nullptr);
  EXPECT_NE(split->find("b/take.wav"), nullptr);
  // Files given one by one: the same name twice gets a numbered id.
  const auto files = build(
      {at(dir / "archive/a/take.wav"), at(dir / "archive/b/take.wav"), at(dir / "archive/a/take.wav")}, 1);
  ASSERT_EQ(files->size(), 2u);  // the same file listed twice is analysed once
  EXPECT_EQ(files->sources()[0].id, "take.wav");
  EXPECT_EQ(files->sources()[1].id, "take.wav#2");
  EXPECT_EQ(files->sources()[1].path, dir / "archive/b/take.wav");
}

// An export folder kept inside the archive (recordings, renders) is never read back as material.
TEST(Corpus, TheExportFolderInsideTheArchiveIsNotRead) {
  test::TempDir dir;
  write_material(dir);
  std::filesystem::create_directories(dir / "archive/export/sessions/20261127-101500");
  test::write_fixture(dir / "archive/export/sessions/20261127-101500/session.wav", {test::noise(0.1, 4410, 9)}, 44100);
  const std::vector<SourceEntry> entries{at(dir / "archive")};
  const auto all = expand_sources(entries);
  const std::vector<std::filesystem::path> excluded{dir / "archive" / "export"};
  const auto kept = expand_sources(entries, excluded);
  EXPECT_EQ(all.jobs.size(), kept.jobs.size() + 1) << "without the exclusion the recording is a source";
  for (const SourceJob& job : kept.jobs) EXPECT_EQ(job.path.string().find("/export/"), std::string::npos) << job.path;
  // Through the builder too, and a path spelled differently (…/archive/./export) means the same folder.
  CorpusBuilder builder(params(), 1);
  builder.set_excluded({dir / "archive" / "." / "export"});
  auto corpus = builder.build(entries);
  ASSERT_TRUE(corpus.ok());
  EXPECT_EQ((*corpus)->size(), kept.jobs.size());
}

TEST(Corpus, BadFilesAreReportedAndSkipped) {
  test::TempDir dir;
  write_material(dir);
  dir.write("archive/broken.wav", "RIFF this is not audio at all");
  dir.write("archive/notes.txt", "ignored: not an audio file name");
  log::ScopedCapture capture;
  const auto corpus = build({at(dir / "archive"), at(dir / "missing.wav")}, 2);
  EXPECT_EQ(corpus->size(), 4u);
  ASSERT_EQ(corpus->report().failures.size(), 2u);
  EXPECT_EQ(corpus->report().failures[0].error.kind(), ErrorKind::kNotFound);
  EXPECT_EQ(corpus->report().failures[1].id, "archive/broken.wav");
  EXPECT_EQ(corpus->report().failures[1].error.kind(), ErrorKind::kDecode);
  EXPECT_EQ(corpus->find("archive/broken.wav"), nullptr);
  EXPECT_GE(capture.count(log::Level::kWarning), 2);
}

TEST(Corpus, InvalidParametersAreAnError) {
  CorpusParams p = params();
  p.features.sample_rate = 0.0;
  EXPECT_FALSE(CorpusBuilder(p).build(std::vector<SourceEntry>{}).ok());
  p = params();
  p.features.analysis.windows.hop_sec = 0.0;
  EXPECT_FALSE(CorpusBuilder(p).build(std::vector<SourceEntry>{}).ok());
}

class CorpusCache : public ::testing::Test {
 protected:
  void SetUp() override {
    write_material(dir_);
    cache_ =
        std::make_shared<AnalysisCache>(analysis_cache_dir(dir_ / "export"), io::ExportRoot(dir_ / "export"));
  }
  std::vector<fs::path> entries_on_disk() const {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(cache_->dir())) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  }
  test::TempDir dir_;
  std::shared_ptr<AnalysisCache> cache_;
  std::vector<SourceEntry> entries_{at(dir_ / "archive"), demo(io::DemoKind::kDrums)};
};

TEST_F(CorpusCache, SecondBuildHitsTheCacheWithIdenticalResults) {
  const auto first = build(entries_, 2, cache_);
  EXPECT_EQ(first->report().cache_hits, 0u);
  EXPECT_EQ(first->report().cache_writes, 4u);  // demo material is generated, never cached
  EXPECT_EQ(entries_on_disk().size(), 4u);
  const auto second = build(entries_, 1, cache_);
  EXPECT_EQ(second->report().cache_hits, 4u);
  EXPECT_EQ(second->report().cache_writes, 0u);
  EXPECT_TRUE(second->sources()[0].from_cache);
  expect_same_corpus(*first, *second);
}

TEST_F(CorpusCache, CorruptedOrTruncatedEntriesAreIgnoredAndRebuilt) {
  const auto first = build(entries_, 1, cache_);
  const auto files = entries_on_disk();
  ASSERT_EQ(files.size(), 4u);
  {
    // Flip one byte in the middle of the first entry's payload.
    std::fstream f(files[0], std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(fs::file_size(files[0]) / 2));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5a);
    f.seekp(static_cast<std::streamoff>(fs::file_size(files[0]) / 2));
    f.write(&c, 1);
  }
  fs::resize_file(files[1], fs::file_size(files[1]) - 100);  // truncated
  std::ofstream(files[2], std::ios::binary | std::ios::trunc) << "garbage";

  log::ScopedCapture capture;
  log::set_level(log::Level::kDebug);
  const auto second = build(entries_, 2, cache_);
  EXPECT_EQ(second->report().cache_hits, 1u);
  EXPECT_EQ(second->report().cache_writes, 3u);
  EXPECT_TRUE(second->report().failures.empty());
  EXPECT_NE(capture.text().find("checksum mismatch"), std::string::npos);
  EXPECT_NE(capture.text().find("truncated"), std::string::npos);
  expect_same_corpus(*first, *second);
  // Rewritten: the next build hits everything.
  EXPECT_EQ(build(entries_, 1, cache_)->report().cache_hits, 4u);
}

TEST_F(CorpusCache, OtherParametersUseOtherEntries) {
  build(entries_, 1, cache_);
  CorpusParams p = params();
  p.features.analysis.windows.window_sec = 0.5;
  CorpusBuilder builder(p, 1);
  builder.set_cache(cache_);
  auto other = builder.build(entries_);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)->report().cache_hits, 0u);
  EXPECT_EQ(entries_on_disk().size(), 8u);
  EXPECT_NE(hash_feature_params(p.features), hash_feature_params(params().features));
}

TEST_F(CorpusCache, WritesStayInsideTheExportRoot) {
  // A cache folder outside its export root is refused by containment: analysis goes on, nothing written.
  auto outside = std::make_shared<AnalysisCache>(dir_ / "elsewhere", io::ExportRoot(dir_ / "export"));
  log::ScopedCapture capture;
  const auto corpus = build(entries_, 1, outside);
  EXPECT_EQ(corpus->size(), 5u);
  EXPECT_EQ(corpus->report().cache_write_failures, 4u);
  EXPECT_FALSE(fs::exists(dir_ / "elsewhere"));
}

}  // namespace
}  // namespace afterglow::analysis
