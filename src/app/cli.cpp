#include "afterglow/app/cli.h"

#include <CLI/CLI.hpp>

namespace afterglow::app {

int run_cli(int argc, char** argv) {
  CLI::App app{"afterglow: play your own audio archive"};
  app.set_version_flag("--version", AFTERGLOW_VERSION);
  CLI11_PARSE(app, argc, argv);
  return kExitOk;
}

}  // namespace afterglow::app
