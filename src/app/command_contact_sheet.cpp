// `afterglow contact-sheet DIR [--out FILE]`: an offline index.html showing every sample of an export or
// TR-8S kit folder with its spectrogram, waveform, facts and a player (render/contact_sheet.h).

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/core/log.h"
#include "afterglow/render/contact_sheet.h"

namespace afterglow::app {
namespace {

struct ContactSheetCliOptions {
  std::string dir;
  std::string out;
  std::string title;
  std::size_t jobs = 0;
};

}  // namespace

void register_contact_sheet_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<ContactSheetCliOptions>();
  auto* cmd = root.add_subcommand(
      "contact-sheet",
      "Write an index.html to browse a kit or export folder: pictures, facts and a player per sample");
  cmd->footer(
      R"(DIR is an export folder (afterglow layout and/or ROLAND/TR-8S/SAMPLE/<KIT>), one kit folder, or any
folder of WAV files. Writes DIR/index.html (or --out, which must lie inside DIR) and its images in
contact-sheet/ next to it; images are redrawn only when a WAV is newer. Grade, brightness and key come
from manifest.csv (in DIR or up to four folders above) or are measured. Works offline: open the file
in any browser. Unreadable files are listed with the reason.
Exit 0 when every sample was read, 3 when some were unreadable (the sheet is still written), 1 when the
sheet cannot be written, 2 on a usage error.

Example:
  afterglow contact-sheet export)");
  cmd->add_option("dir", options->dir, "The folder to show")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--out", options->out, "The HTML file to write (default DIR/index.html; inside DIR)");
  cmd->add_option("--title", options->title, "Page title (default: the folder's name)");
  cmd->add_option("--jobs", options->jobs, "Samples drawn at once (default: one per core, at most 8)");

  cmd->callback([&exit_code, options] {
    render::ContactSheetOptions o;
    o.out_file = options->out;
    o.title = options->title;
    o.jobs = options->jobs;
    auto summary = render::write_contact_sheet(options->dir, o);
    if (!summary) {
      log::error("contact sheet: {}", summary.error().what());
      const ErrorKind kind = summary.error().kind();
      exit_code =
          kind == ErrorKind::kPermission || kind == ErrorKind::kInvalidValue ? kExitUsage : kExitFailure;
      return;
    }
    std::fputs(fmt::format("{}: {} samples in {} folders ({} unreadable); {} images drawn, {} up to date; "
                           "{} from manifest.csv; {:.2f} s\n",
                           summary->index_file.string(), summary->samples, summary->groups.size(),
                           summary->unreadable, summary->images_written, summary->images_reused,
                           summary->from_manifest, summary->seconds)
                   .c_str(),
               stdout);
    exit_code = summary->unreadable > 0 ? kExitPartial : kExitOk;
  });
}

}  // namespace afterglow::app
