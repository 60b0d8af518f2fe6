#pragma once
// Drum-derived hiss material, built off the audio thread (reference §8 "hiss loop"): random slices of
// a drum source, seeded, high-passed to take away the kick and tom bodies, made into seamless loops
// (dsp/loop: the tail is blended into the head and removed, so the wrap has no seam and no dip) and
// brought to a common RMS so that switching loops or sources keeps the level.
//
// A silent or near-silent source gives no slices and says so (the original appends a missing loop and
// crashes when saving it, §8 step 7); a source with NaN or Inf is refused whole. Nothing here runs on
// the audio thread: only view() reaches the Hiss, by pointer.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "afterglow/core/random.h"

namespace afterglow::gen {

// Every hiss source (noise or drum loop) is scaled to this RMS before the filter, so a source switch
// changes the colour, not the level.
inline constexpr float kHissSourceRms = 0.25f;

struct HissLoopView {
  const float* samples = nullptr;
  std::size_t frames = 0;
};

// What the Hiss reads: loops at the engine rate, each wrapping seamlessly onto its own start.
struct HissMaterialView {
  std::span<const HissLoopView> loops;
  double sample_rate = 0.0;

  bool empty() const { return loops.empty(); }
};

enum class HissSliceStatus : std::uint8_t {
  kOk,         // at least one loop was added
  kEmpty,      // no audio
  kTooShort,   // shorter than two crossfades plus 100 ms: nothing that could loop
  kSilent,     // every slice was below the silence threshold: no loops
  kNonFinite,  // NaN or Inf in the source: refused
};

// A musician-readable sentence for a status (logs and the CLI).
std::string_view describe(HissSliceStatus status);

struct HissSliceOptions {
  double loop_seconds = 1.5;   // hiss.loop_duration_sec
  std::size_t slices = 2;      // hiss.hiss_loops_per_source
  double crossfade_ms = 50.0;  // the original's fixed loop crossfade
  // Order-4 Butterworth high-pass before slicing; 0 switches it off. Low enough that the live band
  // filter still has material to shape, high enough that a kick does not dominate the RMS.
  double highpass_hz = 1000.0;
  // A slice whose peak (after the high-pass) is below this is silence, not hiss: skipped.
  double silence_dbfs = -60.0;
  std::uint64_t seed = 1;
};

struct HissSourceReport {
  HissSliceStatus status = HissSliceStatus::kEmpty;
  std::size_t loops_added = 0;
  std::size_t slices_silent = 0;  // drawn but skipped as silent
};

class HissMaterial {
 public:
  explicit HissMaterial(double sample_rate, HissSliceOptions options = {});

  // The view points into this object; moving it keeps the view valid (vectors move their buffers).
  HissMaterial(HissMaterial&&) noexcept = default;
  HissMaterial& operator=(HissMaterial&&) noexcept = default;
  HissMaterial(const HissMaterial&) = delete;
  HissMaterial& operator=(const HissMaterial&) = delete;

  // Cuts options.slices random slices from a mono source at the material's rate. Each source draws
  // from its own stream of the seed, so adding sources in the same order reproduces every loop.
  HissSourceReport add_source(std::span<const float> mono);
  // Planar channels (equal lengths) are averaged to mono first: hiss is a mono texture, the Hiss
  // decorrelates its two channels itself.
  HissSourceReport add_source(std::span<const std::span<const float>> channels);

  std::size_t loop_count() const { return loops_.size(); }
  std::span<const float> loop(std::size_t i) const { return loops_[i]; }
  const HissMaterialView& view() const { return view_; }
  double sample_rate() const { return sample_rate_; }

 private:
  void bind();

  double sample_rate_;
  HissSliceOptions options_;
  std::uint64_t sources_ = 0;
  std::vector<std::vector<float>> loops_;
  std::vector<HissLoopView> views_;
  HissMaterialView view_;
};

}  // namespace afterglow::gen
