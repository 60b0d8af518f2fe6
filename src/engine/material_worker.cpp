#include "afterglow/engine/material_worker.h"

#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/core/log.h"
#include "afterglow/engine/scene_material.h"
#include "afterglow/engine/scene_sources.h"

namespace afterglow::engine {

MaterialWorker::MaterialWorker(Engine& engine, config::Scene scene, Options options)
    : engine_(engine), scene_(std::move(scene)), options_(std::move(options)) {}

MaterialWorker::~MaterialWorker() {
  stop();
}

void MaterialWorker::start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { run(); });
}

void MaterialWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  engine_.collect_garbage();
}

bool MaterialWorker::wait_complete(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] {
    const Stage s = stage();
    return s == Stage::kComplete || s == Stage::kFailed;
  });
}

std::optional<Error> MaterialWorker::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void MaterialWorker::run() {
  auto set_stage = [this](Stage s) {
    {
      std::lock_guard lock(mutex_);
      stage_.store(s, std::memory_order_release);
    }
    changed_.notify_all();
  };
  auto fail = [&](const Error& e) {
    log::error("material: {}", e.what());
    {
      std::lock_guard lock(mutex_);
      error_ = e;
    }
    set_stage(Stage::kFailed);
  };

  set_stage(Stage::kAnalysing);
  analysis::CorpusParams params;
  apply_scene(scene_, params);
  params.features.sample_rate = engine_.sample_rate();
  analysis::CorpusBuilder builder(params, options_.threads);
  if (options_.cache) builder.set_cache(options_.cache);
  auto corpus = builder.build(scene_entries(scene_));
  if (!corpus) {
    fail(corpus.error());
  } else {
    for (const analysis::SourceFailure& f : (*corpus)->report().failures) {
      log::warn("material: {} left out: {}", f.id, f.error.what());
    }
    bool ok = true;
    if (options_.staged && !stop_) {
      auto quick = build_bank(*corpus, scene_, engine_, /*complete=*/false);
      if (!quick) {
        fail(quick.error());
        ok = false;
      } else {
        engine_.publish_material(std::move(*quick));
        set_stage(Stage::kQuick);
      }
    }
    if (ok && !stop_) {
      auto complete = build_bank(*corpus, scene_, engine_, /*complete=*/true);
      if (!complete) {
        fail(complete.error());
      } else {
        engine_.publish_material(std::move(*complete));
        set_stage(Stage::kComplete);
      }
    }
  }
  // Retired banks are freed here, off the audio thread, until stopped.
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    engine_.collect_garbage();
    lock.lock();
    changed_.wait_for(lock, options_.collect_interval, [this] { return stop_.load(); });
  }
}

}  // namespace afterglow::engine
