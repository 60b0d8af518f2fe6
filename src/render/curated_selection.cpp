#include "afterglow/render/curated_selection.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "afterglow/core/log.h"
#include "afterglow/io/atomic_file.h"
#include "afterglow/io/audio_reader.h"
#include "afterglow/io/disk_space.h"
#include "afterglow/io/text_file.h"
#include "afterglow/render/contact_sheet.h"

namespace afterglow::render {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMarkerHeader =
    "# afterglow curate: the files this selection wrote; `curate --force` replaces only these\n";

Error usage(std::string message, const fs::path& path) {
  return Error(ErrorKind::kUsage, std::move(message), {{"folder", path.string()}});
}

bool is_inside(const fs::path& path, const fs::path& folder) {
  const fs::path rel = path.lexically_relative(folder);
  return !rel.empty() && *rel.begin() != ".." && rel != ".";
}

// The relative paths a marker lists, keeping only plain <category>/<name> entries: the marker is a
// file anyone can edit, and it must never steer a deletion outside the selection's own folders.
std::vector<fs::path> read_marker(const fs::path& marker) {
  std::vector<fs::path> listed;
  std::ifstream in(marker);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const fs::path p = fs::path(line).lexically_normal();
    if (p.is_absolute() || std::distance(p.begin(), p.end()) != 2) continue;
    const std::string folder = p.begin()->string();
    const bool known = std::any_of(kCurateCategories.begin(), kCurateCategories.end(),
                                   [&](CurateCategory c) { return folder_name(c) == folder; });
    if (known && p.filename() != ".." && p.filename() != ".") listed.push_back(p);
  }
  return listed;
}

std::vector<fs::path> walk_inputs(const fs::path& input, const fs::path& output, CurateReport& report) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
  for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec)) {
      const fs::path dir = fs::weakly_canonical(it->path(), type_ec);
      if (dir == output || fs::exists(it->path() / kCurateMarker, type_ec)) {
        report.skipped_folders.push_back(it->path());
        it.disable_recursion_pending();
      } else if (fs::exists(it->path() / kContactSheetMarker, type_ec)) {
        it.disable_recursion_pending();  // a contact sheet's pictures: never material
      }
      continue;
    }
    if (it->is_regular_file(type_ec) && classify_for_curation(it->path().filename().string())) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A byte-identical copy that appears complete or not at all, keeping the source's modification time
// (the original's shutil.copy2 kept it too).
Status copy_file(const fs::path& source, const fs::path& target, const io::ExportRoot& root) {
  std::error_code ec;
  const auto size = fs::file_size(source, ec);
  if (ec) return Error(ErrorKind::kFilesystem, "cannot read " + source.string() + ": " + ec.message());
  auto resolved = io::prepare_write(target, size, root);
  if (!resolved) return resolved.error();
  const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return io::error_from_errno(errno, source, "open");
  auto status = io::write_file_atomically(*resolved, [&](int out) -> Status {
    char buffer[1 << 16];
    for (;;) {
      const ssize_t n = ::read(in, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return io::error_from_errno(errno, source, "read");
      if (n == 0) return Ok{};
      if (auto w = io::write_all(out, std::string_view(buffer, static_cast<std::size_t>(n)), target); !w)
        return w;
    }
  });
  ::close(in);
  if (!status) return status;
  fs::last_write_time(*resolved, fs::last_write_time(source, ec), ec);
  return Ok{};
}

}  // namespace

std::size_t CurateReport::considered_in(CurateCategory category) const {
  return static_cast<std::size_t>(
      std::count_if(considered.begin(), considered.end(),
                    [&](const CurateCandidate& c) { return c.category == category; }));
}

std::vector<CurateCandidate> select_best(const std::vector<CurateCandidate>& candidates,
                                         std::size_t per_category) {
  std::vector<CurateCandidate> selection;
  for (const CurateCategory category : kCurateCategories) {
    std::vector<CurateCandidate> group;
    for (const CurateCandidate& c : candidates) {
      if (c.category == category) group.push_back(c);
    }
    std::stable_sort(group.begin(), group.end(),
                     [](const CurateCandidate& a, const CurateCandidate& b) { return a.score > b.score; });
    if (group.size() > per_category) group.resize(per_category);
    selection.insert(selection.end(), group.begin(), group.end());
  }
  return selection;
}

std::vector<fs::path> plan_destinations(const std::vector<CurateCandidate>& selection,
                                        const std::vector<fs::path>& taken) {
  std::set<std::string> used;
  for (const fs::path& t : taken) used.insert(t.lexically_normal().generic_string());
  std::vector<fs::path> out;
  out.reserve(selection.size());
  for (const CurateCandidate& c : selection) {
    const fs::path folder(std::string(folder_name(c.category)));
    const std::string stem = c.source.stem().string();
    const std::string ext = c.source.extension().string();
    fs::path name = folder / c.source.filename();
    for (int n = 2; used.count(name.generic_string()) != 0; ++n)
      name = folder / fmt::format("{}-{}{}", stem, n, ext);
    used.insert(name.generic_string());
    out.push_back(name);
  }
  return out;
}

Result<CurateReport> curate_best(const CurateOptions& options, const io::ExportRoot& root) {
  std::error_code ec;
  if (!fs::is_directory(options.input, ec)) return usage("the input folder does not exist", options.input);
  if (options.per_category == 0) return usage("--per-category must be at least 1", options.output);
  const fs::path input = fs::weakly_canonical(fs::absolute(options.input), ec);
  const fs::path output = fs::weakly_canonical(fs::absolute(options.output), ec);
  if (output == input) return usage("the output folder must not be the input folder", output);
  if (is_inside(input, output)) return usage("the input folder lies inside the output folder", input);
  if (auto contained = root.check(output); !contained) return contained.error();

  const fs::path marker = output / kCurateMarker;
  const bool has_marker = fs::is_regular_file(marker, ec);
  if (fs::exists(output, ec)) {
    if (!fs::is_directory(output, ec)) return usage("the output is a file, not a folder", output);
    if (!has_marker && !fs::is_empty(output, ec)) {
      return usage(
          "the output folder is not empty and was not written by curate; choose a new or empty folder "
          "(nothing was changed)",
          output);
    }
    if (has_marker && !options.force) {
      return usage("the output folder already holds a curated selection; --force replaces it", output);
    }
  }

  CurateReport report;
  std::vector<CurateCandidate> candidates;
  for (const fs::path& file : walk_inputs(input, output, report)) {
    auto audio = io::read_audio(file);
    if (!audio) {
      report.unreadable.push_back({file, audio.error().message()});
      continue;
    }
    auto features = measure_for_curation(*audio);
    if (!features) {
      report.unreadable.push_back({file, features.error().message()});
      continue;
    }
    const CurateCategory category = *classify_for_curation(file.filename().string());
    candidates.push_back({file, category, curation_score(category, *features)});
  }
  report.considered = candidates;
  const std::vector<CurateCandidate> selection = select_best(candidates, options.per_category);

  // Only now, with everything read, is anything removed: the previous selection's own files.
  if (has_marker && options.force) {
    for (const fs::path& listed : read_marker(marker)) {
      const fs::path path = output / listed;
      if (fs::is_regular_file(fs::symlink_status(path, ec)) && fs::remove(path, ec)) ++report.replaced;
    }
  }
  std::vector<fs::path> taken;
  for (const CurateCategory category : kCurateCategories) {
    const fs::path folder = output / std::string(folder_name(category));
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      taken.push_back(it->path().lexically_relative(output));
    }
    ec.clear();
  }
  const std::vector<fs::path> destinations = plan_destinations(selection, taken);

  // The marker first: if the run is interrupted, the next --force still knows which files are its own.
  std::string listing = kMarkerHeader;
  for (const fs::path& d : destinations) listing += d.generic_string() + "\n";
  if (auto w = io::write_text_file(marker, listing, root); !w) return w.error();

  for (std::size_t i = 0; i < selection.size(); ++i) {
    if (auto c = copy_file(selection[i].source, output / destinations[i], root); !c) return c.error();
    report.copied.push_back(
        {selection[i].source, destinations[i], selection[i].category, selection[i].score});
  }
  return report;
}

}  // namespace afterglow::render
