// `afterglow curate --in DIR --out DIR`: the best N sounds of each category copied into a shortlist
// folder (render/curated_selection.h). Never deletes anything but its own earlier selection (--force).

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/core/log.h"
#include "afterglow/render/curated_selection.h"

namespace afterglow::app {
namespace {

struct CurateCliOptions {
  std::string input;
  std::string output;
  std::size_t per_category = render::kDefaultPerCategory;
  bool force = false;
  bool fail_on_empty = false;
};

void print_summary(const render::CurateReport& report, const std::string& output) {
  std::string text;
  for (const render::CurateCategory category : render::kCurateCategories) {
    const std::size_t considered = report.considered_in(category);
    std::size_t kept = 0;
    for (const auto& c : report.copied) kept += c.category == category ? 1 : 0;
    if (considered == 0) continue;
    text += fmt::format("  {:<9} {} of {} kept\n", render::folder_name(category), kept, considered);
  }
  for (const auto& c : report.copied) {
    text += fmt::format("  + {}  (score {:.2f}, from {})\n", c.destination.generic_string(), c.score,
                        c.source.string());
  }
  for (const auto& u : report.unreadable)
    text += fmt::format("  ! {}: {} (skipped)\n", u.path.string(), u.reason);
  for (const auto& s : report.skipped_folders)
    text += fmt::format("  - {} (a curated selection; not read)\n", s.string());
  text += fmt::format("curate: {} files copied into {}", report.copied.size(), output);
  if (report.replaced > 0)
    text += fmt::format(", {} files of the previous selection replaced", report.replaced);
  if (!report.unreadable.empty()) text += fmt::format(", {} unreadable", report.unreadable.size());
  text += "\n";
  std::fputs(text.c_str(), stdout);
}

}  // namespace

void register_curate_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<CurateCliOptions>();
  auto* cmd =
      root.add_subcommand("curate", "Copy the best N sounds of each category into a shortlist folder");
  cmd->footer(
      R"(Categories come from file names: drums (drum), silences (silence), hiss (hiss), swells (swell),
clouds (cloud), pads (pad or loop); scores as afterglow-engine's curate_best (docs/cli.md). Files are
copied unchanged to OUT/<category>/; a name already taken becomes <stem>-2.wav, -3 ...
OUT must be new, empty, or an earlier curate output (then --force replaces exactly the files that run
wrote; nothing else is ever deleted). OUT inside IN, and any earlier selection, is not read again.
Exit 0, 1 with --fail-on-empty when nothing was copied (or on a write failure), 2 on a usage error,
3 when some inputs were unreadable (the rest is copied).

Example:
  afterglow curate --in export --out curated --per-category 8)");
  cmd->add_option("--in", options->input, "Folder to choose from (searched recursively)")->required();
  cmd->add_option("--out", options->output, "Folder for the selection")->required();
  cmd->add_option("--per-category", options->per_category, "How many to keep per category (default 10)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--force", options->force, "Replace the files an earlier curate wrote into --out");
  cmd->add_flag("--fail-on-empty", options->fail_on_empty, "Exit 1 when nothing was copied");

  cmd->callback([&exit_code, options] {
    render::CurateOptions o;
    o.input = options->input;
    o.output = options->output;
    o.per_category = options->per_category;
    o.force = options->force;
    auto report =
        render::curate_best(o, io::ExportRoot::from_environment(std::filesystem::path(options->output)));
    if (!report) {
      log::error("curate: {}", report.error().what());
      const ErrorKind kind = report.error().kind();
      exit_code = kind == ErrorKind::kUsage || kind == ErrorKind::kPermission ? kExitUsage : kExitFailure;
      return;
    }
    print_summary(*report, options->output);
    if (report->copied.empty() && options->fail_on_empty) {
      log::error("curate: nothing was copied (--fail-on-empty)");
      exit_code = kExitFailure;
    } else {
      exit_code = report->unreadable.empty() ? kExitOk : kExitPartial;
    }
  });
}

}  // namespace afterglow::app
