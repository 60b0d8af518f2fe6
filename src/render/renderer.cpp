#include "afterglow/render/renderer.h"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <optional>
#include <thread>

#include "afterglow/dsp/levels.h"
#include "afterglow/render/phase_clouds.h"
#include "afterglow/render/phase_drones.h"
#include "afterglow/render/phase_hiss.h"
#include "afterglow/render/phase_pads.h"

namespace afterglow::render {

namespace {
constexpr double kSilentRmsDb = -120.0;

struct Task {
  const analysis::CorpusSource* source = nullptr;  // null: the synthetic hiss source
  std::string label;
};

struct Slot {
  PhaseOutput phases[4];
  std::optional<RenderFailure> failure;
  bool done = false;
};

bool wants_synthetic(const analysis::Corpus& corpus, const config::Scene& scene, const PhaseSet& phases) {
  if (!phases.hiss || !scene.hiss.use_synthetic_noise) return false;
  for (const auto& s : corpus.sources()) {
    if (phase_reads(Phase::kHiss, s.role)) return false;
  }
  return true;
}

bool visits(const analysis::CorpusSource& s, const PhaseSet& phases) {
  for (const Phase p : kAllPhases) {
    if (phases.contains(p) && phase_reads(p, s.role)) return true;
  }
  return false;
}

void run_task(const Task& task, const config::Scene& scene, const RenderOptions& options, double rate,
              Slot& slot) {
  auto fail = [&](std::string message) {
    slot.failure =
        RenderFailure{task.source ? task.source->id : std::string("synthetic"), std::move(message)};
  };
  if (task.source == nullptr) {
    PhaseSource ps{nullptr, "synthetic", derive_seed(options.seed, "synthetic", Phase::kHiss)};
    auto r = render_hiss(ps, scene, rate);
    if (!r) return fail(r.error().what());
    slot.phases[static_cast<int>(Phase::kHiss)] = std::move(*r);
    return;
  }
  const analysis::CorpusSource& s = *task.source;
  if (is_silent(s)) return fail("the source is silent: nothing to render from it");
  for (const Phase p : kAllPhases) {
    if (!options.phases.contains(p) || !phase_reads(p, s.role)) continue;
    PhaseSource ps{&s, task.label, derive_seed(options.seed, s.id, p)};
    Result<PhaseOutput> r = Error(ErrorKind::kProcessing, "phase not run");
    try {
      switch (p) {
        case Phase::kPads:
          r = render_pads(ps, scene);
          break;
        case Phase::kDrones:
          r = render_drones(ps, scene);
          break;
        case Phase::kClouds:
          r = render_clouds(ps, scene);
          break;
        case Phase::kHiss:
          r = render_hiss(ps, scene, rate);
          break;
      }
    } catch (const std::exception& e) {  // out of memory and the like: this source fails, the run goes on
      r = Error(ErrorKind::kProcessing, e.what());
    }
    if (!r) {
      // A failed phase discards the whole source, so its outputs are all there or all absent.
      for (auto& out : slot.phases) out = {};
      return fail(fmt::format("{}: {}", to_string(p), r.error().what()));
    }
    slot.phases[static_cast<int>(p)] = std::move(*r);
  }
}
}  // namespace

bool is_silent(const analysis::CorpusSource& source) {
  for (const auto& ch : source.audio().channels) {
    if (dsp::rms_db(ch) > kSilentRmsDb && dsp::peak(ch) > 1e-6) return false;
  }
  return true;
}

PhaseOutput RenderResult::all() && {
  PhaseOutput out;
  for (auto& p : phases) out.append(std::move(p));
  return out;
}

std::size_t render_task_count(const analysis::Corpus& corpus, const config::Scene& scene,
                              const PhaseSet& phases) {
  std::size_t n = wants_synthetic(corpus, scene, phases) ? 1 : 0;
  for (const auto& s : corpus.sources()) n += visits(s, phases) ? 1 : 0;
  return n;
}

Result<RenderResult> render_corpus(const analysis::Corpus& corpus, const config::Scene& scene,
                                   const RenderOptions& options) {
  const double rate = corpus.sample_rate() > 0.0 ? corpus.sample_rate() : scene.global.sample_rate;
  const std::vector<std::string> labels = source_labels(corpus.sources());
  std::vector<Task> tasks;
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    if (visits(corpus.sources()[i], options.phases)) tasks.push_back({&corpus.sources()[i], labels[i]});
  }
  if (wants_synthetic(corpus, scene, options.phases)) tasks.push_back({nullptr, "synthetic"});

  std::vector<Slot> slots(tasks.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex progress_mutex;
  auto worker = [&] {
    for (;;) {
      if (stop.load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= tasks.size()) return;
      run_task(tasks[i], scene, options, rate, slots[i]);
      slots[i].done = true;
      if (options.strict && slots[i].failure) stop.store(true);
      if (options.progress) {
        const std::lock_guard lock(progress_mutex);
        options.progress(tasks[i].source ? tasks[i].source->id : std::string("synthetic"));
      }
    }
  };
  const std::size_t jobs = std::max<std::size_t>(1, std::min(options.jobs, tasks.size()));
  std::vector<std::thread> threads;
  for (std::size_t j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  RenderResult result;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    Slot& slot = slots[i];
    if (!slot.done) continue;
    if (slot.failure) {
      if (options.strict) {
        return Error(ErrorKind::kProcessing,
                     fmt::format("{}: {}", slot.failure->source, slot.failure->message))
            .with("source", slot.failure->source);
      }
      result.failures.push_back(std::move(*slot.failure));
      continue;
    }
    for (int p = 0; p < 4; ++p) {
      for (auto& w : slot.phases[p].warnings) result.warnings.push_back(std::move(w));
      slot.phases[p].warnings.clear();
      result.phases[p].append(std::move(slot.phases[p]));
    }
  }
  return result;
}

}  // namespace afterglow::render
