#include "afterglow/app/cli.h"

#include <cstdlib>
#include <iostream>
#include <string>

#include "afterglow/app/commands.h"
#include "afterglow/core/error.h"
#include "afterglow/core/log.h"

namespace afterglow::app {
namespace {

constexpr const char* kFooter = R"(Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error,
3 partial success (some inputs failed). See docs/cli.md.
Environment: AFTERGLOW_LOG_LEVEL (debug|info|warning|error), AFTERGLOW_EXPORT_ROOT,
AFTERGLOW_UNSAFE_IO (tests only).)";

struct GlobalOptions {
  bool verbose = false;
  bool quiet = false;
  std::string log_level;
};

// Precedence: --log-level, then -v / -q, then AFTERGLOW_LOG_LEVEL, then info.
void apply_log_level(const GlobalOptions& options) {
  log::Level level = log::Level::kInfo;
  if (const char* env = std::getenv("AFTERGLOW_LOG_LEVEL"); env != nullptr && *env != '\0') {
    if (auto parsed = log::parse_level(env)) {
      level = *parsed;
    } else {
      log::warn("AFTERGLOW_LOG_LEVEL={} is not a level (debug, info, warning, error); using info", env);
    }
  }
  if (options.quiet) level = log::Level::kWarning;
  if (options.verbose) level = log::Level::kDebug;
  if (!options.log_level.empty()) level = *log::parse_level(options.log_level);
  log::set_level(level);
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "afterglow: play your own audio archive live: drones, granular clouds and hiss from your "
      "recordings,\nunder MIDI and OSC control, and render Roland TR-8S sample sets.",
      "afterglow"};
  app.set_version_flag("--version", std::string("afterglow ") + AFTERGLOW_VERSION);
  app.footer(kFooter);
  app.require_subcommand(1);
  app.fallthrough();

  GlobalOptions options;
  app.add_flag("-v,--verbose", options.verbose, "Show debug messages");
  app.add_flag("-q,--quiet", options.quiet, "Show only warnings and errors");
  app.add_option("--log-level", options.log_level, "debug, info, warning or error (overrides -v/-q)")
      ->check(CLI::IsMember({"debug", "info", "warning", "warn", "error"}, CLI::ignore_case));
  app.parse_complete_callback([&options] { apply_log_level(options); });

  int exit_code = kExitOk;
  register_analyze_command(app, exit_code);
  register_check_command(app, exit_code);
  register_demo_material_command(app, exit_code);
  register_tr8s_check_command(app, exit_code);
  register_params_command(app, exit_code);
  register_render_events_command(app, exit_code);
  register_render_command(app, exit_code);
  register_live_command(app, exit_code);
  register_devices_command(app, exit_code);
  register_replay_command(app, exit_code);
  register_touchosc_command(app, exit_code);
  register_slice_drums_command(app, exit_code);
  register_room_tone_command(app, exit_code);
  register_dust_command(app, exit_code);
  register_contact_sheet_command(app, exit_code);
  register_curate_command(app, exit_code);
  register_batch_command(app, exit_code);

  if (argc <= 1) {
    std::cout << app.help();
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  } catch (const Error& e) {
    log::error("{}", e.what());
    return e.kind() == ErrorKind::kInvalidConfig || e.kind() == ErrorKind::kUsage ? kExitUsage : kExitFailure;
  } catch (const std::exception& e) {
    log::error("unexpected failure: {}", e.what());
    return kExitFailure;
  }
  return exit_code;
}

}  // namespace afterglow::app
