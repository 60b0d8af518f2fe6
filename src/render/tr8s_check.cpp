#include "afterglow/render/tr8s_check.h"

// The header is read with libsndfile directly: the check needs the stored encoding (integer or float,
// bits) and length of up to 400 files, which io::read_audio would decode in full and then hide.
#include <fmt/format.h>
#include <sndfile.h>

#include <algorithm>
#include <map>
#include <system_error>

#include "afterglow/render/sample_name.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

bool is_audio_extension(const fs::path& p) {
  const std::string ext = lower(p.extension().string());
  return ext == ".wav" || ext == ".aif" || ext == ".aiff";
}

bool is_category_folder(const std::string& name) {
  return std::any_of(kTr8sCategories.begin(), kTr8sCategories.end(),
                     [&](Tr8sCategory c) { return folder_name(c) == name; });
}

// Sorted entries of a folder (the report's order must not depend on the filesystem's).
std::vector<fs::directory_entry> entries_of(const fs::path& dir, std::vector<Tr8sProblem>& problems) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  if (ec) problems.push_back({Severity::kError, dir, "cannot read the folder: " + ec.message()});
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  return entries;
}

struct FileInfo {
  double cost_sec = 0.0;
  bool counted = false;  // opened as audio: counts against the kit's number and memory
};

// The stored encoding as the unit sees it; empty when acceptable.
std::string encoding_problem(int format) {
  switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8:
    case SF_FORMAT_PCM_16:
    case SF_FORMAT_PCM_24:
    case SF_FORMAT_PCM_32:
      return {};
    case SF_FORMAT_FLOAT:
      return "32-bit float: export 16- or 24-bit integer PCM (float takes twice the memory of 16-bit, and "
             "this program's kits are integer PCM)";
    case SF_FORMAT_DOUBLE:
      return "64-bit float: the TR-8S reads 8/16/24/32-bit integer or 32-bit float only";
    default:
      return "compressed or unusual encoding: the TR-8S reads 8/16/24/32-bit integer PCM";
  }
}

FileInfo check_file(const fs::path& path, const BudgetLimits& limits, std::vector<Tr8sProblem>& problems) {
  FileInfo info;
  const auto error = [&](std::string message) {
    problems.push_back({Severity::kError, path, std::move(message)});
  };

  const std::string name = path.stem().string();
  if (name.size() > kTr8sMaxNameLength) {
    error(fmt::format("name \"{}\" has {} characters; the TR-8S shows at most {}", name, name.size(),
                      kTr8sMaxNameLength));
  }
  if (!std::all_of(name.begin(), name.end(), is_tr8s_name_char) || name.empty()) {
    error(fmt::format("name \"{}\" may hold only A-Z, 0-9, _ and - (try \"{}\")", name,
                      sanitize_name(name).empty() ? "SAMPLE" : sanitize_name(name)));
  }

  SF_INFO sf{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &sf);
  if (file == nullptr) {
    error(fmt::format("not a readable audio file ({})", sf_strerror(nullptr)));
    return info;
  }
  sf_close(file);
  const int major = sf.format & SF_FORMAT_TYPEMASK;
  if (major != SF_FORMAT_WAV && major != SF_FORMAT_AIFF && major != SF_FORMAT_WAVEX) {
    error("not a WAV or AIFF file: the TR-8S imports only those");
  }
  if (auto problem = encoding_problem(sf.format); !problem.empty()) error(problem);
  if (sf.samplerate <= 0 || static_cast<double>(sf.samplerate) > kTr8sMaxSampleRate) {
    error(
        fmt::format("sample rate {} Hz: the TR-8S reads at most {:g} Hz", sf.samplerate, kTr8sMaxSampleRate));
  }
  if (sf.channels < 1 || sf.channels > 2)
    error(fmt::format("{} channels: the TR-8S reads mono or stereo", sf.channels));
  if (sf.frames <= 0) error("holds no audio");
  if (sf.samplerate > 0 && sf.channels > 0) {
    const double seconds = static_cast<double>(sf.frames) / sf.samplerate;
    info.cost_sec = mono_equivalent_seconds(seconds, static_cast<std::size_t>(sf.channels), sf.samplerate);
    info.counted = true;
    if (info.cost_sec > limits.max_file_sec) {
      error(fmt::format("{:.1f} s long (44.1 kHz mono-equivalent): a TR-8S sample may last at most {:g} s",
                        info.cost_sec, limits.max_file_sec));
    }
  }
  return info;
}

class KitChecker {
 public:
  KitChecker(const BudgetLimits& limits, std::vector<Tr8sProblem>& problems)
      : limits_(limits), problems_(problems) {}

  Tr8sKitSummary check(const fs::path& kit) {
    summary_ = {kit, 0, 0.0};
    names_.clear();
    if (!is_valid_tr8s_name(kit.filename().string())) {
      warn(kit, "the kit folder's name is not a TR-8S name (at most 16 of A-Z, 0-9, _ and -)");
    }
    for (const auto& entry : entries_of(kit, problems_)) {
      const fs::path& p = entry.path();
      const std::string name = p.filename().string();
      if (entry.is_directory()) {
        if (!is_category_folder(name))
          warn(p, "not one of the kit's category folders (PADS DRONES SWELLS CLOUDS HISS DRUMS ROOMTONE)");
        check_folder(p);
      } else if (is_audio_extension(p)) {
        warn(p, "audio outside a category folder: import goes by folder");
        add_file(p);
      } else if (name != "KIT.txt") {
        other_file(p);
      }
    }
    if (summary_.files > limits_.max_samples) {
      error(kit, fmt::format("{} samples: the TR-8S holds at most {}", summary_.files, limits_.max_samples));
    }
    if (summary_.total_sec > limits_.max_total_sec) {
      error(kit, fmt::format("{:.1f} s of samples (44.1 kHz mono-equivalent): the TR-8S holds about {:g} s",
                             summary_.total_sec, limits_.max_total_sec));
    } else if (summary_.total_sec > limits_.usable_total_sec()) {
      warn(kit, fmt::format("{:.1f} s of samples leaves less than {:g} % of the {:g} s memory free",
                            summary_.total_sec, limits_.headroom * 100.0, limits_.max_total_sec));
    }
    return summary_;
  }

 private:
  void check_folder(const fs::path& folder) {
    std::size_t audio = 0;
    for (const auto& entry : entries_of(folder, problems_)) {
      const fs::path& p = entry.path();
      if (entry.is_directory()) {
        warn(p, "a folder inside a category folder is not imported with it");
      } else if (is_audio_extension(p) && p.filename().string().front() != '.') {
        ++audio;
        add_file(p);
      } else {
        other_file(p);
      }
    }
    if (audio > limits_.max_files_per_folder) {
      error(folder, fmt::format("{} files: the TR-8S imports at most {} from one folder", audio,
                                limits_.max_files_per_folder));
    }
  }

  void add_file(const fs::path& p) {
    const FileInfo info = check_file(p, limits_, problems_);
    if (info.counted) {
      ++summary_.files;
      summary_.total_sec += info.cost_sec;
    }
    const std::string key = upper(p.stem().string());
    if (auto [it, inserted] = names_.try_emplace(key, p); !inserted) {
      error(p, fmt::format("same name as {}: names must be unique within the kit", it->second.string()));
    }
  }

  void other_file(const fs::path& p) {
    if (p.filename().string().front() == '.') {
      warn(p, "hidden file (e.g. a macOS \"._\" fork): delete it before import");
    } else {
      warn(p, "not a WAV or AIFF file: the import skips it");
    }
  }

  void error(const fs::path& p, std::string m) { problems_.push_back({Severity::kError, p, std::move(m)}); }
  void warn(const fs::path& p, std::string m) { problems_.push_back({Severity::kWarning, p, std::move(m)}); }

  const BudgetLimits& limits_;
  std::vector<Tr8sProblem>& problems_;
  Tr8sKitSummary summary_;
  std::map<std::string, fs::path> names_;
};

}  // namespace

std::string Tr8sProblem::format() const {
  return fmt::format("{}: {}: {}", path.string(), severity == Severity::kError ? "error" : "warning",
                     message);
}

std::size_t Tr8sCheckReport::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      problems.begin(), problems.end(), [](const auto& p) { return p.severity == Severity::kError; }));
}

std::size_t Tr8sCheckReport::warning_count() const {
  return problems.size() - error_count();
}

bool Tr8sCheckReport::mentions(std::string_view text) const {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const auto& p) { return p.message.find(text) != std::string::npos; });
}

Tr8sCheckReport check_tr8s_folder(const fs::path& dir, const BudgetLimits& limits) {
  Tr8sCheckReport report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    report.problems.push_back({Severity::kError, dir, "not a folder"});
    return report;
  }
  // Which kits: an export folder holds ROLAND/TR-8S/SAMPLE/<KIT>; the SAMPLE folder holds kits; anything
  // else is taken as one kit.
  fs::path sample_dir;
  if (fs::is_directory(dir / fs::path(std::string(kTr8sSamplePath)), ec)) {
    sample_dir = dir / fs::path(std::string(kTr8sSamplePath));
  } else if (upper(dir.filename().string()) == "SAMPLE" ||
             (dir.filename().empty() && upper(dir.parent_path().filename().string()) == "SAMPLE")) {
    sample_dir = dir;
  }
  std::vector<fs::path> kits;
  if (sample_dir.empty()) {
    kits.push_back(dir);
  } else {
    for (const auto& entry : entries_of(sample_dir, report.problems)) {
      if (entry.is_directory()) {
        kits.push_back(entry.path());
      } else {
        report.problems.push_back(
            {Severity::kWarning, entry.path(), "a file directly in SAMPLE/ belongs in a kit folder"});
      }
    }
    if (kits.empty()) report.problems.push_back({Severity::kError, sample_dir, "holds no kit folder"});
  }

  KitChecker checker(limits, report.problems);
  double all = 0.0;
  for (const fs::path& kit : kits) {
    report.kits.push_back(checker.check(kit));
    all += report.kits.back().total_sec;
  }
  if (kits.size() > 1 && all > limits.max_total_sec) {
    report.problems.push_back(
        {Severity::kWarning, sample_dir,
         fmt::format("the kits together hold {:.1f} s: more than the unit's {:g} s, so not "
                     "all of them fit at once",
                     all, limits.max_total_sec)});
  }
  return report;
}

}  // namespace afterglow::render
