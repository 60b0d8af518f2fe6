// `afterglow tr8s-check DIR`: validates a TR-8S sample folder and prints every problem. The report is
// the command's data, so it goes to stdout; the exit code says whether the kit would import as meant.

#include <iostream>
#include <memory>
#include <string>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/render/tr8s_check.h"

namespace afterglow::app {

void register_tr8s_check_command(CLI::App& root, int& exit_code) {
  auto* cmd =
      root.add_subcommand("tr8s-check", "Validate a Roland TR-8S sample folder and list every problem");
  cmd->footer(R"(DIR is an export folder (holding ROLAND/TR-8S/SAMPLE/), the SAMPLE folder, or one kit folder.
Checks format (WAV/AIFF, integer PCM, <= 96 kHz, mono/stereo), names (<= 16 of A-Z 0-9 _ -, unique in
the kit), <= 256 files per folder, <= 400 samples, <= 180 s per file and <= 600 s in all (44.1 kHz mono
seconds; stereo counts double, 48 kHz x 48/44.1). See docs/tr8s.md.
Each problem is printed as  path: error|warning: message
Exit 0 when there is no error (warnings are allowed), 1 when there is one, 2 on a usage error.

Example:
  afterglow tr8s-check export)");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("dir", *dir, "The folder to check")->required()->check(CLI::ExistingDirectory);

  cmd->callback([&exit_code, dir] {
    const render::Tr8sCheckReport report = render::check_tr8s_folder(*dir);
    for (const render::Tr8sProblem& p : report.problems) std::cout << p.format() << "\n";
    for (const render::Tr8sKitSummary& kit : report.kits) {
      std::cout << kit.dir.string() << ": " << kit.files << " samples, " << std::fixed;
      std::cout.precision(1);
      std::cout << kit.total_sec << " s (44.1 kHz mono-equivalent)\n";
    }
    const std::size_t errors = report.error_count();
    const std::size_t warnings = report.warning_count();
    std::cout << *dir << ": " << (errors == 0 ? "ok" : "invalid") << " (" << errors
              << (errors == 1 ? " error, " : " errors, ") << warnings
              << (warnings == 1 ? " warning)" : " warnings)") << "\n";
    exit_code = errors == 0 ? kExitOk : kExitFailure;
  });
}

}  // namespace afterglow::app
