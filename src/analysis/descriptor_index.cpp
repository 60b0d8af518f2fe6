#include "afterglow/analysis/descriptor_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace afterglow::analysis {
namespace {

float clamp_unit(float x) {
  // NaN becomes 0: a bad control value must still give a valid cell.
  if (!(x >= 0.0f)) return 0.0f;
  return x > 1.0f ? 1.0f : x;
}

}  // namespace

DescriptorIndex DescriptorIndex::build(std::span<const IndexSource> sources, const IndexParams& params) {
  DescriptorIndex index;
  index.params_ = params;
  index.params_.cells_per_axis = std::max<std::size_t>(1, params.cells_per_axis);
  index.params_.neighbours =
      std::clamp<std::size_t>(params.neighbours, 1, std::numeric_limits<std::uint16_t>::max());
  for (const IndexSource& s : sources) {
    const std::size_t n = std::min(s.descriptors.size(), s.grid.count);
    for (std::size_t w = 0; w < n; ++w) {
      const WindowDescriptor& d = s.descriptors[w];
      if (!d.acceptable) continue;
      const SampleRange r = s.grid.range(w);
      if (r.size() == 0) continue;
      index.entries_.push_back(
          Entry{r.start, static_cast<std::uint32_t>(std::min<std::size_t>(r.size(), UINT32_MAX)), s.source,
                static_cast<std::uint32_t>(w), d.brightness, d.stability, d.loudness});
    }
  }
  if (index.entries_.empty()) return index;

  const std::size_t g = index.params_.cells_per_axis;
  const std::size_t k = std::min(index.params_.neighbours, index.entries_.size());
  const std::size_t cell_count = g * g * g;
  index.cells_.assign(cell_count * index.params_.neighbours, 0);
  index.counts_.assign(cell_count, 0);
  std::vector<std::pair<float, std::uint32_t>> scratch(index.entries_.size());
  const float step = 1.0f / static_cast<float>(g);
  for (std::size_t b = 0; b < g; ++b) {
    for (std::size_t s = 0; s < g; ++s) {
      for (std::size_t l = 0; l < g; ++l) {
        const float cb = (static_cast<float>(b) + 0.5f) * step;
        const float cs = (static_cast<float>(s) + 0.5f) * step;
        const float cl = (static_cast<float>(l) + 0.5f) * step;
        for (std::size_t e = 0; e < index.entries_.size(); ++e) {
          const Entry& en = index.entries_[e];
          const float db = en.brightness - cb;
          const float ds = en.stability - cs;
          const float dl = en.loudness - cl;
          scratch[e] = {db * db + ds * ds + dl * dl, static_cast<std::uint32_t>(e)};
        }
        // Pairs compare by distance, then by entry index: the K chosen are the same on every run.
        std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(k - 1),
                         scratch.end());
        std::sort(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(k));
        const std::size_t cell = (b * g + s) * g + l;
        const float nearest = std::sqrt(scratch[0].first);
        std::size_t kept = 0;
        for (std::size_t j = 0; j < k; ++j) {
          if (std::sqrt(scratch[j].first) > nearest + index.params_.radius) break;
          index.cells_[cell * index.params_.neighbours + kept++] = scratch[j].second;
        }
        index.counts_[cell] = static_cast<std::uint16_t>(kept);
      }
    }
  }
  return index;
}

std::size_t DescriptorIndex::cell_of(const DescriptorTarget& target) const noexcept {
  const std::size_t g = params_.cells_per_axis;
  auto axis = [g](float x) {
    const auto i = static_cast<std::size_t>(clamp_unit(x) * static_cast<float>(g));
    return i < g ? i : g - 1;
  };
  return (axis(target.brightness) * g + axis(target.stability)) * g + axis(target.loudness);
}

std::span<const std::uint32_t> DescriptorIndex::candidates(const DescriptorTarget& target) const noexcept {
  if (entries_.empty()) return {};
  const std::size_t cell = cell_of(target);
  return {cells_.data() + cell * params_.neighbours, counts_[cell]};
}

std::optional<CorpusPosition> DescriptorIndex::query(const DescriptorTarget& target, Random& rng,
                                                     std::size_t grain_frames) const noexcept {
  const std::span<const std::uint32_t> list = candidates(target);
  if (list.empty()) return std::nullopt;
  const Entry& e = entries_[list[rng.below(static_cast<std::uint32_t>(list.size()))]];
  std::size_t offset = 0;
  if (e.length > grain_frames) {
    const auto room = static_cast<std::uint32_t>(e.length - (grain_frames > 0 ? grain_frames - 1 : 0));
    offset = rng.below(room);
  }
  return CorpusPosition{e.source, e.window, static_cast<std::size_t>(e.start) + offset};
}

}  // namespace afterglow::analysis
