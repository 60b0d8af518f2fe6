#pragma once
// The `afterglow` command line. Exit codes (docs/cli.md): 0 ok, 1 runtime failure, 2 usage or config
// error, 3 partial success (some inputs failed).

namespace afterglow::app {

enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitPartial = 3 };

int run_cli(int argc, char** argv);

}  // namespace afterglow::app
