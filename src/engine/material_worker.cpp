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
  const auto corpus_of = [&](std::vector<analysis::SourceEntry> entries) {
    return build_scene_corpus(scene_, engine_, options_.threads, options_.cache, options_.excluded,
                              std::move(entries));
  };
  const auto t0 = std::chrono::steady_clock::now();
  const auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  // A large archive: a first bank of one source per role, so it sounds while the rest is analysed.
  if (options_.staged && !stop_) {
    std::vector<analysis::SourceEntry> first = first_source_per_role(scene_, options_.excluded);
    if (!first.empty()) {
      const std::size_t count = first.size();
      auto small = corpus_of(std::move(first));
      auto bank = small ? build_bank(*small, scene_, engine_, MaterialStage::kFirst)
                        : Result<std::unique_ptr<MaterialBank>>(small.error());
      if (bank) {
        engine_.publish_material(std::move(*bank));
        set_stage(Stage::kQuick);
        log::debug("material: first bank ({} sources) published {:.2f} s after the start", count,
                   seconds_since(t0));
      } else {
        log::warn("material: the first sources could not be prepared ({}); waiting for all of them",
                  bank.error().what());
      }
    }
  }
  auto corpus = corpus_of({});
  log::debug("material: corpus of {} sources in {:.2f} s", corpus ? (*corpus)->size() : 0, seconds_since(t0));
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
        log::debug("material: quick bank published {:.2f} s after the start", seconds_since(t0));
      }
    }
    if (ok && !stop_) {
      auto complete = build_bank(*corpus, scene_, engine_, /*complete=*/true);
      if (!complete) {
        fail(complete.error());
      } else {
        engine_.publish_material(std::move(*complete));
        set_stage(Stage::kComplete);
        log::debug("material: complete bank published {:.2f} s after the start", seconds_since(t0));
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
