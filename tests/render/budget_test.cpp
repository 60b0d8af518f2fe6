#include "afterglow/render/budget.h"

#include <gtest/gtest.h>

#include <numeric>

namespace afterglow::render {
namespace {

BudgetCandidate item(Tr8sCategory category, std::string source, Grade grade, double seconds,
                     std::size_t channels = 1, double rate = 44100.0) {
  return {category, std::move(source), grade, seconds, channels, rate};
}

TEST(Budget, DefaultHeadroomLeaves540Seconds) {
  EXPECT_DOUBLE_EQ(BudgetLimits{}.usable_total_sec(), 540.0);
}

// Issue 5, acceptance 3: 900 s of material -> a kit <= 540 s with the best grades, the rest listed.
TEST(Budget, NineHundredSecondsFitIn540KeepingTheBestGrades) {
  std::vector<BudgetCandidate> candidates;
  const Tr8sCategory categories[] = {Tr8sCategory::kPads, Tr8sCategory::kDrones, Tr8sCategory::kClouds,
                                     Tr8sCategory::kHiss};
  for (int i = 0; i < 180; ++i) {  // 180 x 5 s = 900 s; every third one an A, every tenth an F
    const Grade grade = i % 10 == 9 ? Grade::kF : (i % 3 == 0 ? Grade::kA : Grade::kB);
    candidates.push_back(item(categories[i % 4], i % 2 == 0 ? "rain" : "cello", grade, 5.0));
  }
  const double total = std::accumulate(candidates.begin(), candidates.end(), 0.0,
                                       [](double s, const auto& c) { return s + c.cost_sec(); });
  ASSERT_DOUBLE_EQ(total, 900.0);

  const BudgetPlan plan = plan_budget(candidates);
  EXPECT_LE(plan.used_sec, 540.0 + 1e-9);
  EXPECT_DOUBLE_EQ(plan.used_sec, 540.0);  // 108 sounds of 5 s
  EXPECT_EQ(plan.kept.size() + plan.left_out.size(), candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].grade == Grade::kA) {
      EXPECT_TRUE(plan.is_kept(i)) << i;  // every A kept
    }
    if (candidates[i].grade == Grade::kF) {
      EXPECT_FALSE(plan.is_kept(i)) << i;  // no F ever
    }
  }
  for (const Omission& o : plan.left_out) {
    EXPECT_FALSE(o.message.empty());
    if (candidates[o.index].grade == Grade::kB) {
      EXPECT_EQ(o.reason, OmissionReason::kTotalFull);
    }
    if (candidates[o.index].grade == Grade::kF) {
      EXPECT_EQ(o.reason, OmissionReason::kGradeF);
    }
  }
  EXPECT_EQ(plan_budget(candidates).kept, plan.kept);  // deterministic
}

TEST(Budget, BalancesCategoriesAndSources) {
  std::vector<BudgetCandidate> candidates;
  for (int i = 0; i < 100; ++i) candidates.push_back(item(Tr8sCategory::kPads, "big", Grade::kB, 10.0));
  for (int i = 0; i < 5; ++i) candidates.push_back(item(Tr8sCategory::kHiss, "small", Grade::kB, 10.0));
  for (int i = 0; i < 5; ++i) candidates.push_back(item(Tr8sCategory::kPads, "other", Grade::kB, 10.0));
  const BudgetPlan plan = plan_budget(candidates);
  EXPECT_EQ(plan.kept.size(), 54u);
  for (std::size_t i = 100; i < 110; ++i) EXPECT_TRUE(plan.is_kept(i)) << i;  // the small ones all get in
}

TEST(Budget, StereoCountsDouble) {
  std::vector<BudgetCandidate> candidates(10, item(Tr8sCategory::kClouds, "s", Grade::kA, 30.0, 2));
  EXPECT_DOUBLE_EQ(candidates[0].cost_sec(), 60.0);
  const BudgetPlan plan = plan_budget(candidates);
  EXPECT_EQ(plan.kept.size(), 9u);  // 9 x 60 = 540
  EXPECT_DOUBLE_EQ(plan.used_sec, 540.0);
}

TEST(Budget, FortyEightKilohertzIsScaled) {
  const auto c = item(Tr8sCategory::kPads, "s", Grade::kA, 44.1, 1, 48000.0);
  EXPECT_NEAR(c.cost_sec(), 48.0, 1e-12);
  std::vector<BudgetCandidate> candidates(12, c);
  EXPECT_EQ(plan_budget(candidates).kept.size(), 11u);  // 11 x 48 = 528, 12 x 48 = 576
}

TEST(Budget, PerFileLimit) {
  std::vector<BudgetCandidate> candidates = {item(Tr8sCategory::kDrones, "s", Grade::kA, 181.0),
                                             item(Tr8sCategory::kDrones, "s", Grade::kA, 180.0),
                                             item(Tr8sCategory::kDrones, "s", Grade::kA, 91.0, 2)};
  const BudgetPlan plan = plan_budget(candidates);
  EXPECT_EQ(plan.kept, std::vector<std::size_t>{1});
  ASSERT_EQ(plan.left_out.size(), 2u);
  EXPECT_EQ(plan.left_out[0].reason, OmissionReason::kFileTooLong);
  EXPECT_EQ(plan.left_out[1].reason, OmissionReason::kFileTooLong);
}

TEST(Budget, FolderLimit256) {
  std::vector<BudgetCandidate> candidates(300, item(Tr8sCategory::kHiss, "s", Grade::kA, 0.5));
  const BudgetPlan plan = plan_budget(candidates);
  EXPECT_EQ(plan.kept.size(), 256u);
  ASSERT_EQ(plan.left_out.size(), 44u);
  EXPECT_EQ(plan.left_out.front().reason, OmissionReason::kFolderFull);
}

TEST(Budget, SampleLimit400) {
  std::vector<BudgetCandidate> candidates;
  for (int i = 0; i < 500; ++i) {
    candidates.push_back(item(kTr8sCategories[static_cast<std::size_t>(i) % 5], "s", Grade::kB, 0.5));
  }
  const BudgetPlan plan = plan_budget(candidates);
  EXPECT_EQ(plan.kept.size(), 400u);
  EXPECT_EQ(plan.left_out.size(), 100u);
  for (const auto& o : plan.left_out) EXPECT_EQ(o.reason, OmissionReason::kCountFull);
}

TEST(Budget, SmallerSoundsStillFitAfterALargeOneIsRefused) {
  std::vector<BudgetCandidate> candidates = {
      item(Tr8sCategory::kPads, "a", Grade::kA, 170.0), item(Tr8sCategory::kPads, "a", Grade::kA, 170.0),
      item(Tr8sCategory::kPads, "a", Grade::kA, 170.0), item(Tr8sCategory::kPads, "a", Grade::kA, 170.0),
      item(Tr8sCategory::kPads, "a", Grade::kA, 20.0)};
  const BudgetPlan plan = plan_budget(candidates);
  EXPECT_EQ(plan.kept, (std::vector<std::size_t>{0, 1, 2, 4}));
  EXPECT_DOUBLE_EQ(plan.used_sec, 530.0);
}

}  // namespace
}  // namespace afterglow::render
