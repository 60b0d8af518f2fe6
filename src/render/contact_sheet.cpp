#include "afterglow/render/contact_sheet.h"

#include <fmt/format.h>
#include <sndfile.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

#include "afterglow/analysis/chroma.h"
#include "afterglow/analysis/key_detection.h"
#include "afterglow/analysis/stft.h"
#include "afterglow/core/log.h"
#include "afterglow/io/audio_reader.h"
#include "afterglow/io/downmix.h"
#include "afterglow/io/export_root.h"
#include "afterglow/io/png_writer.h"
#include "afterglow/io/text_file.h"
#include "afterglow/render/grading.h"
#include "afterglow/render/html_text.h"
#include "afterglow/render/manifest_lookup.h"
#include "afterglow/render/spectrogram_image.h"
#include "afterglow/render/tr8s_limits.h"
#include "afterglow/render/waveform_svg.h"
#include "contact_sheet_html.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxJobs = 8;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

bool is_wav(const fs::path& p) {
  return lower(p.extension().string()) == ".wav";
}

// Every .wav below `dir` (any case), sorted by path, skipping hidden folders, the sheet's own image
// folder and any folder that carries the image-folder marker (a sheet written elsewhere below).
std::vector<fs::path> scan_samples(const fs::path& dir, const fs::path& image_dir) {
  std::vector<fs::path> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with(".") || entry.path() == image_dir ||
          fs::exists(entry.path() / kContactSheetMarker, type_ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (entry.is_regular_file(type_ec) && is_wav(entry.path())) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

// The group a file is shown in: its folder below the sheet's, without the card prefix ROLAND/TR-8S/SAMPLE.
std::string group_title(const fs::path& relative, const std::string& top_title) {
  std::string folder = relative.parent_path().generic_string();
  const std::string prefix = std::string(kTr8sSamplePath);
  if (folder == prefix) return top_title;
  if (folder.starts_with(prefix + "/")) folder.erase(0, prefix.size() + 1);
  return folder.empty() ? top_title : folder;
}

// A stable, collision-free image name: the readable path plus a hash of the exact relative path.
std::string image_stem(const fs::path& relative) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  std::string readable;
  for (const char c : relative.generic_string()) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
    const bool safe =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    readable += c == '/' ? '~' : (safe ? c : '_');
  }
  if (readable.size() > 80) readable.erase(0, readable.size() - 80);
  return fmt::format("{}-{:08x}", readable, static_cast<std::uint32_t>(h ^ (h >> 32)));
}

struct Header {
  double duration_sec = 0.0;
  std::string format;
};

// Length and format from the header alone (cheap: up-to-date samples are never decoded).
Result<Header> read_header(const fs::path& file) {
  SF_INFO info{};
  SNDFILE* f = sf_open(file.c_str(), SFM_READ, &info);
  if (f == nullptr) return Error(ErrorKind::kDecode, sf_strerror(nullptr), {{"file", file.string()}});
  sf_close(f);
  if (info.samplerate <= 0 || info.frames <= 0) {
    return Error(ErrorKind::kInvalidValue, "holds no audio", {{"file", file.string()}});
  }
  static const std::map<int, const char*> kBits = {
      {SF_FORMAT_PCM_U8, "8-bit"},       {SF_FORMAT_PCM_S8, "8-bit"},  {SF_FORMAT_PCM_16, "16-bit"},
      {SF_FORMAT_PCM_24, "24-bit"},      {SF_FORMAT_PCM_32, "32-bit"}, {SF_FORMAT_FLOAT, "32-bit float"},
      {SF_FORMAT_DOUBLE, "64-bit float"}};
  const auto bits = kBits.find(info.format & SF_FORMAT_SUBMASK);
  const std::string channels = info.channels == 1   ? "mono"
                               : info.channels == 2 ? "stereo"
                                                    : fmt::format("{} ch", info.channels);
  Header h;
  h.duration_sec = static_cast<double>(info.frames) / info.samplerate;
  h.format = fmt::format("{:g} kHz · {}{}", info.samplerate / 1000.0,
                         bits != kBits.end() ? std::string(bits->second) + " · " : std::string(), channels);
  return h;
}

bool up_to_date(const fs::path& image, const fs::path& wav) {
  std::error_code ec;
  const auto image_time = fs::last_write_time(image, ec);
  if (ec) return false;
  const auto wav_time = fs::last_write_time(wav, ec);
  return !ec && image_time >= wav_time;
}

// True for a name the sheet gives its pictures: <readable>-<8 hex digits>.png or .svg.
bool is_sheet_image_name(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot < 9 || name[dot - 9] != '-') return false;
  const std::string ext = name.substr(dot);
  if (ext != ".png" && ext != ".svg" && ext != ".facts") return false;
  for (std::size_t i = dot - 8; i < dot; ++i) {
    const char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Pictures of samples that are gone. Only in a folder an earlier sheet marked, and only files named
// the way the sheet names its pictures: a folder of the user's that happens to be called
// contact-sheet is never pruned.
std::size_t prune_orphans(const fs::path& image_dir, const std::set<std::string>& current) {
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(image_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec) || current.count(name) != 0 || !is_sheet_image_name(name)) continue;
    if (fs::remove(it->path(), type_ec)) ++removed;
  }
  return removed;
}

// What a sample without a manifest row was measured as, kept beside its pictures so that an unchanged
// file is not decoded again: three lines, grade, brightness and key.
bool read_facts(const fs::path& path, SheetEntry& e) {
  std::ifstream in(path);
  std::string grade, brightness, key;
  if (!std::getline(in, grade) || !std::getline(in, brightness) || !std::getline(in, key)) return false;
  e.grade = grade;
  e.brightness = brightness;
  e.key = key;
  return true;
}

std::string message_of(const Error& e) {
  std::string text = e.message();
  if (auto detail = e.context_value("detail"); !detail.empty()) text += " (" + detail + ")";
  return text;
}

struct SampleContext {
  fs::path dir;
  fs::path index_dir;
  fs::path image_dir;
  const ManifestIndex* manifest = nullptr;
  const ContactSheetOptions& options;
  const io::ExportRoot& root;
  SpectrogramOptions spectro;
  WaveformOptions wave;
};

struct SampleOutcome {
  SheetEntry entry;
  bool from_manifest = false;
  bool drawn = false;               // pictures (re)rendered
  bool reused = false;              // pictures up to date
  std::vector<std::string> images;  // the picture file names this sample uses
};

// One sample: its facts (manifest or measured), its pictures (drawn when stale). An unreadable file is
// an outcome with entry.error set; only a failed write is an error.
Result<SampleOutcome> draw_sample(const SampleContext& ctx, const fs::path& file) {
  SampleOutcome out;
  SheetEntry& e = out.entry;
  e.name = file.filename().string();
  e.audio_url = url_path(file.lexically_relative(ctx.index_dir));
  auto header = read_header(file);
  if (!header) {
    e.error = message_of(header.error());
    return out;
  }
  e.duration_sec = header->duration_sec;
  e.format = header->format;

  const ManifestTextRow* row = ctx.manifest != nullptr ? ctx.manifest->row_for(file) : nullptr;
  const std::string stem = image_stem(file.lexically_relative(ctx.dir));
  const fs::path png = ctx.image_dir / (stem + ".png");
  const fs::path svg = ctx.image_dir / (stem + ".svg");
  const fs::path facts = ctx.image_dir / (stem + ".facts");
  out.images = {png.filename().string(), svg.filename().string()};
  const bool images_fresh = up_to_date(png, file) && up_to_date(svg, file);
  bool known = false;  // grade, brightness and key
  if (row != nullptr) {
    out.from_manifest = true;
    e.grade = cell(*row, "grade").value_or("");
    e.brightness = cell(*row, "brightness").value_or("");
    e.key = cell(*row, "detected_key").value_or("");
    known = true;
  } else {
    out.images.push_back(facts.filename().string());
    known = up_to_date(facts, file) && read_facts(facts, e);
  }
  if (!images_fresh || !known) {
    auto audio = io::read_audio(file);
    if (!audio) {
      e.error = message_of(audio.error());
      return out;
    }
    const std::vector<float> mono = io::downmix(*audio);
    SpectrogramImage picture(ctx.spectro);
    analysis::Chroma chroma;
    std::vector<analysis::FrameConsumer*> consumers;
    if (!images_fresh) consumers.push_back(&picture);
    if (!known) consumers.push_back(&chroma);
    auto stft = analysis::Stft::create();
    if (stft) (void)stft->run(mono, audio->sample_rate, consumers);
    if (!known) {
      const AudioMetrics metrics = measure_audio(*audio);
      e.grade = std::string(to_string(grade_audio(metrics, ctx.options.thresholds)));
      e.brightness = std::string(
          analysis::to_string(analysis::classify_brightness(metrics.centroid_hz, ctx.options.brightness)));
      if (auto key = analysis::detect_key(chroma.mean())) e.key = analysis::key_name(key->key);
      const std::string text = e.grade + "\n" + e.brightness + "\n" + e.key + "\n";
      if (auto w = io::write_text_file(facts, text, ctx.root); !w) return w.error();
    }
    if (!images_fresh) {
      if (auto w = io::write_png(png, picture.image(), ctx.root); !w) return w.error();
      if (auto w = io::write_text_file(svg, waveform_svg(mono, ctx.wave), ctx.root); !w) return w.error();
      out.drawn = true;
    }
  }
  out.reused = images_fresh;
  e.spectrogram_url = url_path(png.lexically_relative(ctx.index_dir));
  e.waveform_url = url_path(svg.lexically_relative(ctx.index_dir));
  return out;
}

}  // namespace

Result<ContactSheetSummary> write_contact_sheet(const fs::path& dir_in, const ContactSheetOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(dir_in, ec)) {
    return Error(ErrorKind::kNotFound, "no such folder", {{"folder", dir_in.string()}});
  }
  const fs::path dir = fs::weakly_canonical(fs::absolute(dir_in), ec);
  // The sheet writes only inside the folder it shows.
  const io::ExportRoot root(dir);
  auto index =
      root.check(options.out_file.empty() ? dir / kContactSheetIndexName : fs::absolute(options.out_file));
  if (!index) {
    return Error(ErrorKind::kPermission, "the contact sheet must be written inside the folder it shows",
                 {{"folder", dir.string()}, {"out", options.out_file.string()}});
  }
  if (fs::is_directory(*index, ec)) {
    return Error(ErrorKind::kInvalidValue, "--out names a folder, not a file", {{"out", index->string()}});
  }
  const fs::path index_dir = index->parent_path();
  const fs::path image_dir = index_dir / kContactSheetImageDir;

  SheetPage page;
  page.title = options.title.empty() ? dir.filename().string() : options.title;
  page.thumb_width = options.thumb_width;
  page.spectrogram_height = options.spectrogram_height;
  page.waveform_height = options.waveform_height;
  const std::optional<ManifestIndex> manifest = ManifestIndex::find_from(dir);
  if (manifest) {
    page.manifest_note = "metadata from " + manifest->file().lexically_relative(dir).generic_string();
  }

  ContactSheetSummary summary;
  summary.index_file = *index;
  // The marker says "this folder is the sheet's": written only into a folder the sheet creates (or
  // finds empty), never into one of the user's that happens to have the name.
  const bool marked_before = fs::is_regular_file(image_dir / kContactSheetMarker, ec);
  const bool users_folder = !marked_before && fs::is_directory(image_dir, ec) && !fs::is_empty(image_dir, ec);
  std::set<std::string> current_images;
  if (!marked_before && !users_folder) {
    if (auto marker =
            io::write_text_file(image_dir / kContactSheetMarker,
                                "Images of the afterglow contact sheet; regenerated as needed.\n", root);
        !marker) {
      return marker.error();
    }
  }

  SampleContext ctx{dir, index_dir, image_dir, manifest ? &*manifest : nullptr, options, root, {}, {}};
  ctx.spectro.width = options.thumb_width;
  ctx.spectro.height = options.spectrogram_height;
  ctx.wave.width = options.thumb_width;
  ctx.wave.height = options.waveform_height;

  // Samples are independent: workers take the next one until none is left or a write fails.
  const std::vector<fs::path> files = scan_samples(dir, image_dir);
  std::vector<std::optional<Result<SampleOutcome>>> outcomes(files.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  const auto work = [&] {
    for (std::size_t i = next++; i < files.size() && !failed; i = next++) {
      outcomes[i] = draw_sample(ctx, files[i]);
      if (!outcomes[i]->ok()) failed = true;
    }
  };
  const std::size_t jobs = std::clamp<std::size_t>(
      options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency()), 1, kMaxJobs);
  std::vector<std::thread> workers;
  for (std::size_t j = 1; j < std::min(jobs, files.size()); ++j) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();

  std::map<std::string, std::vector<SheetEntry>> groups;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!outcomes[i]) continue;  // not reached after a failure
    if (!outcomes[i]->ok()) return outcomes[i]->error();
    SampleOutcome& o = outcomes[i]->value();
    ++summary.samples;
    summary.unreadable += o.entry.error.empty() ? 0 : 1;
    summary.from_manifest += o.from_manifest ? 1 : 0;
    summary.images_written += o.drawn ? 1 : 0;
    summary.images_reused += o.reused ? 1 : 0;
    current_images.insert(o.images.begin(), o.images.end());
    groups[group_title(files[i].lexically_relative(dir), page.title)].push_back(std::move(o.entry));
  }

  for (auto& [title, entries] : groups) {
    summary.groups.push_back(title);
    page.groups.push_back({title, std::move(entries)});
  }
  if (auto w = io::write_text_file(*index, contact_sheet_html(page), root); !w) return w.error();
  if (marked_before) summary.images_removed = prune_orphans(image_dir, current_images);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  log::debug("contact sheet: {} samples, {} images rendered, {} reused, {:.2f} s", summary.samples,
             summary.images_written, summary.images_reused, summary.seconds);
  return summary;
}

}  // namespace afterglow::render
