#pragma once
// A 12-bin chroma (pitch-class profile) computed from the shared STFT pass, for key detection.
//
// The original (reference §6) averages librosa's CQT chroma: 36 bins per octave from C1 over 7 octaves,
// each frame max-normalised. A CQT has a constant number of bins per semitone, so a partial counts the
// same in every octave, and its long low-frequency windows resolve semitones in the bass. The STFT has
// constant bins per Hz instead: above ~500 Hz a semitone holds many bins, and at 48 kHz with n_fft 2048
// one bin (23 Hz) spans more than a semitone below ~400 Hz; summing bin magnitudes per pitch class
// over-weights the treble and smears the bass into its neighbours (a C major cadence then reads as
// E minor). This consumer approximates the CQT chroma on the STFT by working on spectral peaks
// (the HPCP approach, Gómez 2006) rather than on bins:
//   - per frame, every local magnitude maximum between min_hz (30 Hz) and max_hz (5 kHz, the CQT's
//     top) and within peak_range_db of the frame's strongest bin is a partial;
//   - its frequency is refined by a parabola through the three bins, which locates an isolated partial
//     to a small fraction of a bin even where a bin is wider than a semitone;
//   - the partial adds its magnitude to the pitch class nearest its frequency, with a cos² weight over
//     a 4/3-semitone window (so a partial between two classes is shared, one a full semitone away is
//     not) — one contribution per partial whatever its octave, the log-frequency weighting of a CQT;
//   - each frame is max-normalised (librosa's norm=inf) and the frames are averaged. Frames whose
//     strongest pitch class is below `floor` are skipped rather than normalised: librosa would blow
//     near-silence up to full scale and let room noise vote on the key.
// Only the running sum is kept (12 doubles), so the consumer costs nothing per file.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "afterglow/analysis/stft.h"

namespace afterglow::analysis {

inline constexpr std::size_t kPitchClasses = 12;
using ChromaVector = std::array<float, kPitchClasses>;  // index 0 = C, 1 = C#, ... 11 = B

struct ChromaParams {
  double min_hz = 30.0;
  double max_hz = 5000.0;
  double peak_range_db = 60.0;
  // Frames whose strongest pitch class (sum of partial magnitudes) is below this are skipped. The
  // unnormalised forward FFT of a full-scale sine in a 2048 Hann frame peaks near 512, so 1e-3 is
  // about -110 dB: only digital silence and dither are skipped.
  float floor = 1e-3f;
};

class Chroma final : public FrameConsumer {
 public:
  explicit Chroma(ChromaParams params = {}) : params_(params) {}

  void begin(const StftLayout& layout) override;
  void consume(const StftFrame& frame) override;

  // Mean of the max-normalised frame chromas; all zeros when no frame was loud enough.
  ChromaVector mean() const;
  std::size_t counted_frames() const { return counted_; }

 private:
  ChromaParams params_;
  std::size_t first_bin_ = 1;
  std::size_t last_bin_ = 0;      // inclusive; peaks need a neighbour on both sides
  std::vector<float> semitones_;  // per bin: semitones above C0 of the bin's centre
  std::array<double, kPitchClasses> sum_{};
  std::size_t counted_ = 0;
};

}  // namespace afterglow::analysis
