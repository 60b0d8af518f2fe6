#pragma once
// What a generator plays from: read-only views of audio owned elsewhere (the engine's material bank,
// built from the analysed corpus on a worker thread). Generators never own, load or free audio; a view
// is swapped in by pointer and stays valid until the engine retires it off the audio thread.

#include <cstddef>
#include <cstdint>
#include <span>

#include "afterglow/core/random.h"

namespace afterglow::gen {

// One source's audio at the engine rate, 1 or 2 planar channels, plus band-limited copies at half and
// quarter rate (dsp/halfband) so that a read pitched up by one or two octaves takes its samples from a
// copy that has nothing above the new Nyquist: upward shifts do not alias, and the read stays cheap.
struct MaterialView {
  static constexpr int kMaxLevels = 3;  // full rate, 1/2, 1/4

  struct Level {
    const float* left = nullptr;
    const float* right = nullptr;  // == left for mono material
    std::size_t frames = 0;
  };

  Level levels[kMaxLevels];
  int level_count = 0;
  // Optional copy at twice the engine rate (same band as levels[0]; frames ≈ 2 × levels[0].frames).
  // A read pitched down walks between the source's samples; with Hermite interpolation on the plain
  // full-rate level the top octave droops by up to ~1.2 dB and images faintly. On this copy the
  // audio band sits in the lower half of its spectrum, where Hermite is flat within ~0.2 dB.
  // Empty (frames == 0) when the owner chose not to spend the memory; readers then use levels[0].
  Level oversampled;
  double sample_rate = 0.0;
  // Root of the material as a MIDI note (69 = A4), from analysis; NaN when unknown.
  float root_note = 69.0f;

  bool empty() const { return level_count == 0 || levels[0].frames == 0; }
  std::size_t frames() const { return levels[0].frames; }
};

// Where a grain should start, chosen by what the material sounds like. Implemented over the corpus's
// descriptor index; must not allocate, lock or block (it is called on the audio thread).
struct GrainTarget {
  float brightness = 0.5f;   // 0 dark … 1 bright
  float stability = 0.5f;    // 0 anything … 1 only the steadiest material
  float loudness = 0.5f;     // 0 quiet … 1 loud
  float min_quality = 0.4f;  // skip windows whose grain-quality score (reference §7.4) is below this
};

struct GrainPick {
  std::uint32_t source = 0;  // index into the material list the generator was given
  std::size_t frame = 0;     // start frame at full rate
};

class GrainPicker {
 public:
  virtual ~GrainPicker() = default;
  // False when nothing acceptable exists (the caller falls back to its position/spray rule).
  virtual bool pick(const GrainTarget& target, Random& rng, GrainPick& out) const noexcept = 0;
};

}  // namespace afterglow::gen
