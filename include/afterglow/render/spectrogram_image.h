#pragma once
// A spectrogram thumbnail as an RGB image, fed by the shared streaming STFT (analysis/stft.h) so that it
// rides on the same pass as the key detection and never holds the full spectrogram: only width x height
// cells are kept, whatever the file's length.
//
// Time runs left to right: each column holds the loudest of the frames that fall in it (a click is
// never averaged away); a short file's frames are stretched over several columns. Frequency runs bottom
// to top on a log axis from min_hz to Nyquist, the way a musician hears octaves: a row spanning several
// bins takes their maximum, a row finer than one bin (the bass) interpolates between the two nearest.
// Level is magnitude in dB relative to the loudest cell (the original's "ref=np.max"), floor_db below it
// is black, mapped through magma.

#include <cstddef>
#include <vector>

#include "afterglow/analysis/stft.h"
#include "afterglow/io/png_writer.h"

namespace afterglow::render {

struct SpectrogramOptions {
  int width = 320;
  int height = 120;
  double min_hz = 30.0;
  double floor_db = -80.0;
};

// The image row (0 = top) that shows `hz` for a file at `sample_rate`; clamped to the image.
int spectrogram_row(double hz, double sample_rate, const SpectrogramOptions& options);

class SpectrogramImage final : public analysis::FrameConsumer {
 public:
  explicit SpectrogramImage(SpectrogramOptions options = {}) : options_(options) {}

  void begin(const analysis::StftLayout& layout) override;
  void consume(const analysis::StftFrame& frame) override;

  // The picture of everything consumed so far (all black for silence).
  io::RgbImage image() const;

 private:
  struct RowSource {
    std::size_t first = 0;  // bins first..last (inclusive) when `interpolate` is false
    std::size_t last = 0;
    bool interpolate = false;  // else: bins first and first+1 weighted by `frac`
    double frac = 0.0;
  };

  SpectrogramOptions options_;
  std::vector<RowSource> rows_;  // index 0 = bottom row
  std::vector<float> cells_;     // column-major: cells_[col * height + row], linear magnitude
  std::vector<float> column_;    // scratch: this frame's rows
  std::size_t frame_count_ = 1;
};

// One STFT pass over `mono` for just the picture (tests and callers without other features).
Result<io::RgbImage> render_spectrogram(std::span<const float> mono, double sample_rate,
                                        const SpectrogramOptions& options = {});

}  // namespace afterglow::render
