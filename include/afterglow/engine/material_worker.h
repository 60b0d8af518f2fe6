#pragma once
// Start-up without waiting (issue 6): a worker thread that analyses the scene's sources, publishes a
// quick bank as soon as the corpus exists (first sound: everything but the drone's stretched
// renderings), then the complete bank, and afterwards frees whatever the audio thread retires. The
// audio stream runs from the first moment; layers fade in as their material arrives.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <vector>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "afterglow/analysis/analysis_cache.h"
#include "afterglow/config/scene.h"
#include "afterglow/core/error.h"
#include "afterglow/engine/engine.h"

namespace afterglow::engine {

class MaterialWorker {
 public:
  enum class Stage { kIdle, kAnalysing, kQuick, kComplete, kFailed };

  struct Options {
    std::size_t threads = 1;  // analysis threads
    std::shared_ptr<const analysis::AnalysisCache> cache;
    bool staged = true;  // publish the quick bank first
    std::vector<std::filesystem::path> excluded;  // never read sources from here (the export folder)
    std::chrono::milliseconds collect_interval{50};
  };

  // The engine must outlive the worker.
  MaterialWorker(Engine& engine, config::Scene scene, Options options);
  MaterialWorker(Engine& engine, config::Scene scene) : MaterialWorker(engine, std::move(scene), Options{}) {}
  ~MaterialWorker();
  MaterialWorker(const MaterialWorker&) = delete;
  MaterialWorker& operator=(const MaterialWorker&) = delete;

  void start();
  // Stops collecting and joins (after the current build step).
  void stop();

  Stage stage() const { return stage_.load(std::memory_order_acquire); }
  // Waits until the complete bank is published or the build failed; false on timeout.
  bool wait_complete(std::chrono::milliseconds timeout);
  // Set when the stage is kFailed.
  std::optional<Error> error() const;

 private:
  void run();

  Engine& engine_;
  config::Scene scene_;
  Options options_;
  std::thread thread_;
  std::atomic<Stage> stage_{Stage::kIdle};
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Error> error_;
};

}  // namespace afterglow::engine
