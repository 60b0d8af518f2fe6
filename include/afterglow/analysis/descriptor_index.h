#pragma once
// "Give me a start position that sounds like this": the lookup the cloud generator makes from the
// audio thread, so a query is O(1), never allocates, never locks and never throws.
//
// Design: the query space is the cube (brightness, stability, loudness) in [0, 1]^3 of the window
// descriptors (descriptors.h). At build time (a worker thread) the cube is cut into G^3 cells (G = 16,
// 4096 cells) and each cell stores the indices of the K (16) acceptable windows nearest to its centre
// (Euclidean distance, ties broken by entry order, so the build is deterministic), keeping only those
// within `radius` (0.15) of the nearest one so a sparse corpus does not mix a cell's true neighbours
// with windows from the far side of the cube. Only acceptable
// windows — stable and of sufficient grain quality — are ever stored, so unstable regions cannot be
// returned. A query clamps the target to the cube, computes its cell (three multiplications), picks
// one of the cell's K windows with the caller's Random, and a frame uniformly inside that window (so
// that a grain of grain_frames still ends inside it when it fits). Picking among K rather than the
// single nearest window gives clouds variety.
//
// Cost: the build is O(G^3 * n) distance evaluations for n acceptable windows (a 60-minute corpus at
// the default 0.5 s hop has ~7200 windows: ~30 M, a fraction of a second); memory is G^3 * K * 4 bytes
// (256 KB) plus 32 bytes per window. The approximation: a target near a cell's corner is served by the
// windows nearest the cell's centre, at most half a cell diagonal (0.054) away from exact.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "afterglow/analysis/descriptors.h"
#include "afterglow/analysis/window_analysis.h"
#include "afterglow/core/random.h"

namespace afterglow::analysis {

struct IndexParams {
  std::size_t cells_per_axis = 16;  // G
  std::size_t neighbours = 16;      // K
  // A cell keeps only the windows within this distance of its nearest one, so a sparse corpus does
  // not fill a cell with windows from the far side of the cube.
  float radius = 0.15f;
};

struct DescriptorTarget {
  float brightness = 0.5f;
  float stability = 1.0f;
  float loudness = 0.5f;
};

// A place in the corpus: source index, analysis window, and the frame (at the corpus rate) to start at.
struct CorpusPosition {
  std::uint32_t source = 0;
  std::uint32_t window = 0;
  std::size_t frame = 0;

  bool operator==(const CorpusPosition&) const = default;
};

// One source's windows as the index sees them.
struct IndexSource {
  std::uint32_t source = 0;
  WindowGrid grid;
  std::span<const WindowDescriptor> descriptors;
};

class DescriptorIndex {
 public:
  struct Entry {
    std::uint64_t start = 0;   // first frame of the window
    std::uint32_t length = 0;  // frames
    std::uint32_t source = 0;
    std::uint32_t window = 0;
    float brightness = 0.0f;
    float stability = 0.0f;
    float loudness = 0.0f;
  };

  DescriptorIndex() = default;  // empty: every query returns nullopt

  // Worker thread only (allocates). Windows that are not acceptable are left out.
  static DescriptorIndex build(std::span<const IndexSource> sources, const IndexParams& params = {});

  // Realtime safe. nullopt when the index holds no acceptable window. `grain_frames` > 0 keeps
  // start + grain_frames inside the window when the window is long enough.
  std::optional<CorpusPosition> query(const DescriptorTarget& target, Random& rng,
                                      std::size_t grain_frames = 0) const noexcept;

  // The candidate entries (indices into entries()) of the cell holding `target`. Realtime safe.
  std::span<const std::uint32_t> candidates(const DescriptorTarget& target) const noexcept;

  std::span<const Entry> entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  const IndexParams& params() const { return params_; }

 private:
  std::size_t cell_of(const DescriptorTarget& target) const noexcept;

  IndexParams params_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> cells_;   // G^3 * K entry indices
  std::vector<std::uint16_t> counts_;  // per cell, <= K
};

}  // namespace afterglow::analysis
