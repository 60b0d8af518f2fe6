#pragma once
// Runs a program directly (fork + exec, never a shell) and captures its stdout, stderr and exit code:
// how the CLI tests drive the real `afterglow` binary.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace afterglow::test {

struct ProcessResult {
  int exit_code = -1;  // -1: did not exit normally (signal)
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::filesystem::path cwd;                             // empty: inherit
  std::vector<std::pair<std::string, std::string>> env;  // set (added to the inherited environment)
  std::vector<std::string> unset_env;
};

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const ProcessOptions& options = {});

// Options that contain every write of the program below `root` (AFTERGLOW_EXPORT_ROOT).
ProcessOptions within_export_root(const std::filesystem::path& root);

// run_process on the built `afterglow` binary.
ProcessResult run_afterglow(const std::vector<std::string>& args, const ProcessOptions& options = {});

}  // namespace afterglow::test
