#include "afterglow/render/spectrogram_image.h"

#include <algorithm>
#include <cmath>

#include "afterglow/render/magma.h"

namespace afterglow::render {
namespace {

// The frequency at the centre of row r counted from the bottom (0) on the log axis.
double row_hz(int r_from_bottom, int height, double min_hz, double nyquist) {
  if (height <= 1) return min_hz;
  const double fraction = static_cast<double>(r_from_bottom) / static_cast<double>(height - 1);
  return min_hz * std::pow(nyquist / min_hz, fraction);
}

}  // namespace

int spectrogram_row(double hz, double sample_rate, const SpectrogramOptions& options) {
  const double nyquist = sample_rate / 2.0;
  const int h = std::max(options.height, 1);
  if (!(hz > options.min_hz) || nyquist <= options.min_hz) return h - 1;
  const double fraction = std::log(hz / options.min_hz) / std::log(nyquist / options.min_hz);
  const int from_bottom = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * (h - 1)));
  return h - 1 - from_bottom;
}

void SpectrogramImage::begin(const analysis::StftLayout& layout) {
  const int h = std::max(options_.height, 1);
  const int w = std::max(options_.width, 1);
  const double nyquist = layout.sample_rate / 2.0;
  const double min_hz = std::min(options_.min_hz, nyquist / 2.0);
  const double bin_hz = layout.sample_rate / static_cast<double>(layout.n_fft);
  const std::size_t top_bin = layout.bins - 1;
  rows_.assign(static_cast<std::size_t>(h), RowSource{});
  for (int r = 0; r < h; ++r) {
    // The row covers the geometric midpoints to its neighbours.
    const double centre = row_hz(r, h, min_hz, nyquist);
    const double lo = std::sqrt(centre * row_hz(std::max(r - 1, 0), h, min_hz, nyquist));
    const double hi = std::sqrt(centre * row_hz(std::min(r + 1, h - 1), h, min_hz, nyquist));
    const auto first = static_cast<std::size_t>(std::ceil(lo / bin_hz));
    const auto last = std::min(static_cast<std::size_t>(std::floor(hi / bin_hz)), top_bin);
    RowSource& s = rows_[static_cast<std::size_t>(r)];
    if (first <= last && last - first >= 1) {
      s.first = first;
      s.last = last;
    } else {
      const double position = std::min(centre / bin_hz, static_cast<double>(top_bin));
      s.interpolate = true;
      s.first = std::min(static_cast<std::size_t>(position), top_bin > 0 ? top_bin - 1 : 0);
      s.frac = std::clamp(position - static_cast<double>(s.first), 0.0, 1.0);
    }
  }
  cells_.assign(static_cast<std::size_t>(w) * h, 0.0f);
  column_.assign(static_cast<std::size_t>(h), 0.0f);
  frame_count_ = std::max<std::size_t>(layout.frame_count, 1);
}

void SpectrogramImage::consume(const analysis::StftFrame& frame) {
  const std::span<const float> mag = frame.magnitude;
  if (mag.size() < 2 || rows_.empty()) return;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const RowSource& s = rows_[r];
    if (s.interpolate) {
      const double a = mag[s.first];
      const double b = mag[std::min(s.first + 1, mag.size() - 1)];
      column_[r] = static_cast<float>(a + (b - a) * s.frac);
    } else {
      column_[r] = *std::max_element(mag.begin() + static_cast<std::ptrdiff_t>(s.first),
                                     mag.begin() + static_cast<std::ptrdiff_t>(s.last) + 1);
    }
  }
  const auto w = static_cast<std::size_t>(std::max(options_.width, 1));
  const std::size_t h = rows_.size();
  const std::size_t col_begin = frame.index * w / frame_count_;
  const std::size_t col_end = std::min(w, std::max(col_begin + 1, (frame.index + 1) * w / frame_count_));
  for (std::size_t c = col_begin; c < col_end; ++c) {
    float* cell = &cells_[c * h];
    for (std::size_t r = 0; r < h; ++r) cell[r] = std::max(cell[r], column_[r]);
  }
}

io::RgbImage SpectrogramImage::image() const {
  const int w = std::max(options_.width, 1);
  const int h = std::max(options_.height, 1);
  io::RgbImage out(w, h);
  if (cells_.empty()) return out;
  const float peak = *std::max_element(cells_.begin(), cells_.end());
  const double range = -options_.floor_db;
  for (int c = 0; c < w; ++c) {
    for (int r = 0; r < h; ++r) {
      const float v = cells_[static_cast<std::size_t>(c) * h + r];
      double t = 0.0;
      if (peak > 0.0f && v > 0.0f) {
        const double db = 20.0 * std::log10(static_cast<double>(v) / peak);
        t = (db + range) / range;
      }
      const auto rgb = magma(t);
      std::copy(rgb.begin(), rgb.end(), out.at(c, h - 1 - r));
    }
  }
  return out;
}

Result<io::RgbImage> render_spectrogram(std::span<const float> mono, double sample_rate,
                                        const SpectrogramOptions& options) {
  auto stft = analysis::Stft::create();
  if (!stft) return stft.error();
  SpectrogramImage picture(options);
  analysis::FrameConsumer* consumers[] = {&picture};
  if (auto status = stft->run(mono, sample_rate, consumers); !status) return status.error();
  return picture.image();
}

}  // namespace afterglow::render
