// `afterglow check FILE...`: validates scene / config files and prints every problem. The report is the
// command's data, so it goes to stdout; the exit code says whether any file had an error.

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/config/scene_loader.h"

namespace afterglow::app {

void register_check_command(CLI::App& root, int& exit_code) {
  auto* cmd =
      root.add_subcommand("check", "Validate scene or afterglow config.yaml files and list every problem");
  cmd->footer(R"(Each problem is printed as  file:line:col: error|warning: key.path: message
Exit 0 when no file has an error (warnings are allowed), 2 when any file has one.

Examples:
  afterglow check scenes/default.yaml
  afterglow check ~/afterglow-engine/config.yaml scenes/*.yaml)");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("files", *files, "Scene or config files")->required()->check(CLI::ExistingFile);

  cmd->callback([&exit_code, files] {
    std::size_t total_errors = 0;
    std::size_t total_warnings = 0;
    for (const std::string& file : *files) {
      config::SceneLoad load = config::load_scene_file(file);
      load.diagnostics.sort_by_position();
      for (const config::Diagnostic& d : load.diagnostics.items())
        std::cout << d.format_with_source() << "\n";
      const std::size_t errors = load.diagnostics.error_count();
      const std::size_t warnings = load.diagnostics.warning_count();
      total_errors += errors;
      total_warnings += warnings;
      std::cout << file << ": " << (errors == 0 ? "ok" : "invalid") << " (" << errors
                << (errors == 1 ? " error, " : " errors, ") << warnings
                << (warnings == 1 ? " warning)" : " warnings)") << "\n";
    }
    if (files->size() > 1) {
      std::cout << files->size() << " files: " << total_errors << " errors, " << total_warnings
                << " warnings\n";
    }
    exit_code = total_errors == 0 ? kExitOk : kExitUsage;
  });
}

}  // namespace afterglow::app
