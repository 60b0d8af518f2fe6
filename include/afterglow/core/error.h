#pragma once
// The one error type of the project: a message a musician understands, a kind that callers and the
// CLI branch on (exit codes, skip-or-abort), and the context that locates it (file, key, line).

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace afterglow {

enum class ErrorKind {
  kInvalidValue,   // a value the operation cannot accept (empty, NaN/Inf, bad bit depth…)
  kInvalidConfig,  // a config or scene that fails validation
  kUsage,          // a command line the CLI cannot act on
  kNotFound,       // a missing file or folder
  kDecode,         // a file that exists but is not audio we can read
  kSilent,         // audio whose level is below the noise floor
  kPermission,     // refused: outside the export root, or the OS said EACCES
  kDiskFull,       // not enough space, before or during a write
  kFilesystem,     // any other OS or library failure on the filesystem
  kProcessing,     // DSP or analysis could not complete
};

std::string_view to_string(ErrorKind kind);

class Error : public std::exception {
 public:
  using Context = std::vector<std::pair<std::string, std::string>>;

  Error(ErrorKind kind, std::string message, Context context = {});

  ErrorKind kind() const noexcept { return kind_; }
  const std::string& message() const noexcept { return message_; }
  const Context& context() const noexcept { return context_; }

  // The value recorded for `key`, or an empty string.
  std::string context_value(std::string_view key) const;
  Error& with(std::string key, std::string value);

  // "message (context: k=v, k2=v2)", or just "message" without context.
  const char* what() const noexcept override { return formatted_.c_str(); }

 private:
  void reformat();

  ErrorKind kind_;
  std::string message_;
  Context context_;
  std::string formatted_;
};

}  // namespace afterglow
