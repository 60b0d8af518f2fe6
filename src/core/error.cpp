#include "afterglow/core/error.h"

namespace afterglow {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidValue:
      return "invalid value";
    case ErrorKind::kInvalidConfig:
      return "invalid configuration";
    case ErrorKind::kUsage:
      return "usage";
    case ErrorKind::kNotFound:
      return "not found";
    case ErrorKind::kDecode:
      return "unreadable audio";
    case ErrorKind::kSilent:
      return "silent audio";
    case ErrorKind::kPermission:
      return "permission denied";
    case ErrorKind::kDiskFull:
      return "disk full";
    case ErrorKind::kFilesystem:
      return "filesystem";
    case ErrorKind::kProcessing:
      return "processing";
  }
  return "error";
}

Error::Error(ErrorKind kind, std::string message, Context context)
    : kind_(kind), message_(std::move(message)), context_(std::move(context)) {
  reformat();
}

std::string Error::context_value(std::string_view key) const {
  for (const auto& [k, v] : context_) {
    if (k == key) return v;
  }
  return {};
}

Error& Error::with(std::string key, std::string value) {
  context_.emplace_back(std::move(key), std::move(value));
  reformat();
  return *this;
}

void Error::reformat() {
  formatted_ = message_;
  if (context_.empty()) return;
  formatted_ += " (context: ";
  for (std::size_t i = 0; i < context_.size(); ++i) {
    if (i > 0) formatted_ += ", ";
    formatted_ += context_[i].first + "=" + context_[i].second;
  }
  formatted_ += ")";
}

}  // namespace afterglow
