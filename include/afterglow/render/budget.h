#pragma once
// Fitting a kit into the TR-8S's memory. The unit holds 400 user samples and about 600 s of 44.1 kHz
// mono (a stereo file costs double, a 48 kHz one 48/44.1), at most 180 s per sample and 256 files per
// folder import. The planner keeps a margin of the memory free (10 % by default, so 540 s) because the
// unit fragments memory as samples come and go, and a full kit leaves no room to add a sound later. The
// margin applies to seconds only: the 400-sample count is an exact limit and does not fragment.
//
// When the material does not fit, what stays is chosen in this order:
//   1. grade F never goes in; a file longer than the per-file limit cannot go in;
//   2. every A is considered before any B;
//   3. within a grade, the categories take turns (PADS, DRONES, SWELLS, CLOUDS, HISS, DRUMS, ROOMTONE),
//      and within a category the sources take turns (in byte order of their stems), each source
//      offering its sounds in input order. Round-robin rather than proportional: a source or category
//      with few sounds still gets its best ones in before a large one fills the kit;
//   4. each sound in that order goes in if it fits the remaining seconds, count and folder; a sound that
//      does not fit is left out with the reason, and smaller sounds after it may still fit.
// The plan is a pure function of the candidates in order, so the same material gives the same kit.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "afterglow/render/grading.h"
#include "afterglow/render/tr8s_limits.h"

namespace afterglow::render {

struct BudgetLimits {
  std::size_t max_samples = kTr8sMaxSamples;
  double max_total_sec = kTr8sMaxTotalSec;
  double max_file_sec = kTr8sMaxFileSec;
  std::size_t max_files_per_folder = kTr8sMaxFilesPerFolder;
  double headroom = kTr8sDefaultHeadroom;  // fraction of max_total_sec kept free, 0..0.5

  double usable_total_sec() const;  // max_total_sec x (1 - headroom)
};

struct BudgetCandidate {
  Tr8sCategory category = Tr8sCategory::kPads;
  std::string source;  // the source stem
  Grade grade = Grade::kB;
  double duration_sec = 0.0;  // as exported
  std::size_t channels = 1;
  double sample_rate = kTr8sReferenceRate;

  double cost_sec() const { return mono_equivalent_seconds(duration_sec, channels, sample_rate); }
};

enum class OmissionReason {
  kGradeF,
  kFileTooLong,  // beyond max_file_sec on its own
  kTotalFull,    // would take the kit past usable_total_sec
  kCountFull,    // the kit already holds max_samples
  kFolderFull,   // its category folder already holds max_files_per_folder
};

struct Omission {
  std::size_t index = 0;  // into the candidates
  OmissionReason reason = OmissionReason::kTotalFull;
  std::string message;  // for the musician: what was left out and why, with the figures
};

struct BudgetPlan {
  std::vector<std::size_t> kept;   // indices into the candidates, ascending (input order)
  std::vector<Omission> left_out;  // ascending by index
  double used_sec = 0.0;           // mono-equivalent seconds of the kept sounds
  double usable_sec = 0.0;         // the limit applied (after headroom)
  BudgetLimits limits;

  bool is_kept(std::size_t index) const;
};

BudgetPlan plan_budget(std::span<const BudgetCandidate> candidates, const BudgetLimits& limits = {});

}  // namespace afterglow::render
