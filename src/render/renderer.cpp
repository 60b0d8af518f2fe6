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
#include "afterglow/render/phase_drums.h"
#include "afterglow/render/phase_hiss.h"
#include "afterglow/render/phase_pads.h"
#include "afterglow/render/phase_room_tone.h"

namespace afterglow::render {

namespace {
constexpr double kSilentRmsDb = -120.0;

// One (source, phase) pair. Sources are split by phase so that two workers share out three long
// sources evenly (whole sources on two workers leave one worker with two and the other idle).
struct Task {
  const analysis::CorpusSource* source = nullptr;  // null: the synthetic hiss source
  std::string label;
  Phase phase = Phase::kHiss;
  std::size_t slot = 0;  // the source's slot
};

struct Slot {
  PhaseOutput phases[kPhaseCount];
  std::optional<RenderFailure> failures[kPhaseCount];  // per phase; the first in phase order is reported
  std::atomic<int> pending{0};               // phases still to finish
  std::atomic<bool> done{false};             // every phase of the source finished
  std::once_flag silence_checked;            // the silence test runs once per source, not per phase
  bool silent = false;

  std::optional<RenderFailure>* first_failure() {
    for (auto& f : failures) {
      if (f) return &f;
    }
    return nullptr;
  }
};

// Rough cost of a phase per source, heaviest first, so the long tasks start first and the short ones
// fill the gaps at the end.
constexpr Phase kScheduleOrder[] = {Phase::kDrones, Phase::kPads,  Phase::kClouds,
                                    Phase::kHiss,   Phase::kDrums, Phase::kRoomTone};

// Whether `phase` reads `s`: by its role, or always when every source feeds every phase.
bool reads(Phase phase, const analysis::CorpusSource& s, bool every_source) {
  return every_source || phase_reads(phase, s.role);
}

bool wants_synthetic(const analysis::Corpus& corpus, const config::Scene& scene, const PhaseSet& phases,
                     bool every_source = false) {
  if (!phases.hiss || !scene.hiss.use_synthetic_noise) return false;
  for (const auto& s : corpus.sources()) {
    if (reads(Phase::kHiss, s, every_source)) return false;
  }
  return true;
}

bool visits(const analysis::CorpusSource& s, const PhaseSet& phases, bool every_source = false) {
  for (const Phase p : kAllPhases) {
    if (phases.contains(p) && reads(p, s, every_source)) return true;
  }
  return false;
}

void run_task(const Task& task, const config::Scene& scene, const RenderOptions& options, double rate,
              Slot& slot) {
  const int p = static_cast<int>(task.phase);
  auto fail = [&](std::string message) {
    slot.failures[p] =
        RenderFailure{task.source ? task.source->id : std::string("synthetic"), std::move(message)};
  };
  if (task.source == nullptr) {
    PhaseSource ps{nullptr, "synthetic", derive_seed(options.seed, "synthetic", Phase::kHiss)};
    auto r = render_hiss(ps, scene, rate);
    if (!r) return fail(r.error().what());
    slot.phases[p] = std::move(*r);
    return;
  }
  const analysis::CorpusSource& s = *task.source;
  std::call_once(slot.silence_checked, [&] { slot.silent = is_silent(s); });
  if (slot.silent) return fail("the source is silent: nothing to render from it");
  PhaseSource ps{&s, task.label, derive_seed(options.seed, s.id, task.phase)};
  Result<PhaseOutput> r = Error(ErrorKind::kProcessing, "phase not run");
  try {
    switch (task.phase) {
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
      case Phase::kDrums:
        r = render_drums(ps, scene);
        break;
      case Phase::kRoomTone:
        r = render_room_tone(ps, scene);
        break;
    }
  } catch (const std::exception& e) {  // out of memory and the like: this source fails, the run goes on
    r = Error(ErrorKind::kProcessing, e.what());
  }
  if (!r) return fail(fmt::format("{}: {}", to_string(task.phase), r.error().what()));
  slot.phases[p] = std::move(*r);
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
  const std::vector<std::string> labels =
      options.labels.empty() ? source_labels(corpus.sources()) : options.labels;
  if (labels.size() != corpus.size()) {
    return Error(ErrorKind::kInvalidValue, "render: one label per source is needed");
  }
  const bool every = options.every_source_feeds_every_phase;
  // One slot per visited source (source order), then the tasks: every (source, phase) pair, heaviest
  // phases first, each writing only its own slot's phase entry.
  std::vector<const analysis::CorpusSource*> visited;
  std::vector<std::string> slot_labels;
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    if (visits(corpus.sources()[i], options.phases, every)) {
      visited.push_back(&corpus.sources()[i]);
      slot_labels.push_back(labels[i]);
    }
  }
  const bool synthetic = wants_synthetic(corpus, scene, options.phases, every);
  if (synthetic) {
    visited.push_back(nullptr);
    slot_labels.push_back("synthetic");
  }
  std::vector<Slot> slots(visited.size());
  std::vector<Task> tasks;
  for (const Phase p : kScheduleOrder) {
    if (!options.phases.contains(p)) continue;
    for (std::size_t i = 0; i < visited.size(); ++i) {
      const bool read = visited[i] != nullptr ? reads(p, *visited[i], every) : p == Phase::kHiss;
      if (!read) continue;
      tasks.push_back({visited[i], slot_labels[i], p, i});
      slots[i].pending.fetch_add(1, std::memory_order_relaxed);
    }
  }

  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex progress_mutex;
  auto worker = [&] {
    for (;;) {
      if (stop.load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= tasks.size()) return;
      const Task& task = tasks[i];
      Slot& slot = slots[task.slot];
      run_task(task, scene, options, rate, slot);
      if (options.strict && slot.failures[static_cast<int>(task.phase)]) stop.store(true);
      if (slot.pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        slot.done.store(true, std::memory_order_release);
        if (options.progress) {
          const std::lock_guard lock(progress_mutex);
          options.progress(task.source ? task.source->id : std::string("synthetic"));
        }
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
    if (auto* failure = slot.first_failure()) {
      // A failed phase discards the whole source, so its outputs are all there or all absent. With
      // --strict the source's other phases may not have run; without it every task has.
      if (options.strict) {
        return Error(ErrorKind::kProcessing, fmt::format("{}: {}", (*failure)->source, (*failure)->message))
            .with("source", (*failure)->source);
      }
      result.failures.push_back(std::move(**failure));
      continue;
    }
    if (!slot.done.load(std::memory_order_acquire)) continue;
    for (std::size_t p = 0; p < kPhaseCount; ++p) {
      for (auto& w : slot.phases[p].warnings) result.warnings.push_back(std::move(w));
      slot.phases[p].warnings.clear();
      result.phases[p].append(std::move(slot.phases[p]));
    }
  }
  return result;
}

}  // namespace afterglow::render
