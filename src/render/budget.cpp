#include "afterglow/render/budget.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>

namespace afterglow::render {
namespace {

// Costs are summed in double; a kit exactly at the limit must not be refused by rounding dust.
constexpr double kEpsilonSec = 1e-9;

std::size_t category_slot(Tr8sCategory category) {
  for (std::size_t k = 0; k < kTr8sCategories.size(); ++k) {
    if (kTr8sCategories[k] == category) return k;
  }
  return 0;
}

// The order in which one grade's candidates are offered: categories in turn, sources in turn inside each.
std::vector<std::size_t> round_robin(std::span<const BudgetCandidate> candidates, Grade grade) {
  using SourceQueues = std::map<std::string, std::deque<std::size_t>>;  // byte order of the stems
  std::array<SourceQueues, kTr8sCategories.size()> by_category;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].grade != grade) continue;
    by_category[category_slot(candidates[i].category)][candidates[i].source].push_back(i);
  }
  // Per category, the sources interleaved into one queue.
  std::array<std::deque<std::size_t>, kTr8sCategories.size()> category_queue;
  for (std::size_t c = 0; c < by_category.size(); ++c) {
    bool any = true;
    while (any) {
      any = false;
      for (auto& [source, queue] : by_category[c]) {
        if (queue.empty()) continue;
        category_queue[c].push_back(queue.front());
        queue.pop_front();
        any = true;
      }
    }
  }
  std::vector<std::size_t> order;
  bool any = true;
  while (any) {
    any = false;
    for (auto& queue : category_queue) {
      if (queue.empty()) continue;
      order.push_back(queue.front());
      queue.pop_front();
      any = true;
    }
  }
  return order;
}

}  // namespace

double BudgetLimits::usable_total_sec() const {
  return max_total_sec * (1.0 - std::clamp(headroom, 0.0, 0.5));
}

bool BudgetPlan::is_kept(std::size_t index) const {
  return std::binary_search(kept.begin(), kept.end(), index);
}

BudgetPlan plan_budget(std::span<const BudgetCandidate> candidates, const BudgetLimits& limits) {
  BudgetPlan plan;
  plan.limits = limits;
  plan.usable_sec = limits.usable_total_sec();
  std::array<std::size_t, kTr8sCategories.size()> folder_counts{};

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const BudgetCandidate& c = candidates[i];
    if (c.grade == Grade::kF) {
      plan.left_out.push_back({i, OmissionReason::kGradeF, "grade F (too quiet, clipped or too spiky)"});
    } else if (c.cost_sec() > limits.max_file_sec + kEpsilonSec) {
      plan.left_out.push_back(
          {i, OmissionReason::kFileTooLong,
           fmt::format("{:.1f} s (44.1 kHz mono) is longer than the {:.0f} s a sample may "
                       "last",
                       c.cost_sec(), limits.max_file_sec)});
    }
  }

  for (Grade grade : {Grade::kA, Grade::kB}) {
    for (std::size_t i : round_robin(candidates, grade)) {
      const BudgetCandidate& c = candidates[i];
      if (c.cost_sec() > limits.max_file_sec + kEpsilonSec) continue;  // listed above
      const std::size_t slot = category_slot(c.category);
      if (plan.kept.size() >= limits.max_samples) {
        plan.left_out.push_back({i, OmissionReason::kCountFull,
                                 fmt::format("the kit already holds {} samples", limits.max_samples)});
      } else if (folder_counts[slot] >= limits.max_files_per_folder) {
        plan.left_out.push_back({i, OmissionReason::kFolderFull,
                                 fmt::format("folder {} already holds {} files", folder_name(c.category),
                                             limits.max_files_per_folder)});
      } else if (plan.used_sec + c.cost_sec() > plan.usable_sec + kEpsilonSec) {
        plan.left_out.push_back(
            {i, OmissionReason::kTotalFull,
             fmt::format("{:.1f} s more would take the kit past {:.1f} s ({:.0f} s less {:.0f} % headroom); "
                         "{:.1f} s used",
                         c.cost_sec(), plan.usable_sec, limits.max_total_sec, limits.headroom * 100.0,
                         plan.used_sec)});
      } else {
        plan.kept.push_back(i);
        plan.used_sec += c.cost_sec();
        ++folder_counts[slot];
      }
    }
  }
  std::sort(plan.kept.begin(), plan.kept.end());
  std::sort(plan.left_out.begin(), plan.left_out.end(),
            [](const Omission& a, const Omission& b) { return a.index < b.index; });
  return plan;
}

}  // namespace afterglow::render
