#include "afterglow/io/batch_loader.h"

#include <fmt/format.h>

#include "afterglow/core/log.h"

namespace afterglow::io {

std::string BatchLoadResult::summary() const {
  std::string text =
      fmt::format("Loaded {} of {} audio file{}", loaded.size(), attempted(), attempted() == 1 ? "" : "s");
  if (failures.empty()) return text;
  text += fmt::format("; {} failed:", failures.size());
  for (std::size_t i = 0; i < failures.size(); ++i) {
    text += fmt::format("{} {} ({})", i == 0 ? "" : ",", failures[i].path.filename().string(),
                        to_string(failures[i].error.kind()));
  }
  return text;
}

BatchLoadResult load_batch(const std::vector<std::filesystem::path>& paths, const ReadOptions& options) {
  BatchLoadResult result;
  for (const auto& path : paths) {
    // read_audio reports through its Result; the catch is a last line of defence (e.g. bad_alloc on a
    // huge file) so that the rest of the batch still loads.
    try {
      auto audio = read_audio(path, options);
      if (audio) {
        result.loaded.push_back({path, std::move(audio).value()});
      } else {
        log::warn("Skipping {}: {}", path.string(), audio.error().message());
        result.failures.push_back({path, audio.error()});
      }
    } catch (const std::exception& e) {
      Error error(ErrorKind::kDecode, fmt::format("Cannot load {}: {}", path.string(), e.what()),
                  {{"file", path.string()}});
      log::warn("Skipping {}: {}", path.string(), error.message());
      result.failures.push_back({path, std::move(error)});
    }
  }
  return result;
}

}  // namespace afterglow::io
