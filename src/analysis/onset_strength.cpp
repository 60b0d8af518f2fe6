#include "afterglow/analysis/onset_strength.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace afterglow::analysis {

void OnsetStrength::begin(const StftLayout& layout) {
  if (filterbank_.bands() != params_.n_mels || filterbank_rate_ != layout.sample_rate ||
      filterbank_fft_ != layout.n_fft) {
    filterbank_ = MelFilterbank(layout.sample_rate, layout.n_fft, params_.n_mels);
    filterbank_rate_ = layout.sample_rate;
    filterbank_fft_ = layout.n_fft;
  }
  lag_frames_ = 1 + layout.n_fft / (2 * layout.hop);
  mel_.assign(params_.n_mels, 0.0f);
  mel_db_.assign(layout.frame_count * params_.n_mels, 0.0f);
  max_db_ = -std::numeric_limits<float>::infinity();
  envelope_.assign(layout.frame_count, 0.0f);
}

void OnsetStrength::consume(const StftFrame& frame) {
  filterbank_.apply(frame.power, mel_);
  float* db = mel_db_.data() + frame.index * params_.n_mels;
  float frame_max = -std::numeric_limits<float>::infinity();
  for (std::size_t b = 0; b < params_.n_mels; ++b) {
    db[b] = 10.0f * std::log10(std::max(params_.amin, mel_[b]));
    frame_max = std::max(frame_max, db[b]);
  }
  max_db_ = std::max(max_db_, frame_max);
}

void OnsetStrength::finish() {
  const std::size_t frames = envelope_.size();
  const std::size_t bands = params_.n_mels;
  const float floor_db = max_db_ - params_.top_db;
  const float inv_bands = bands > 0 ? 1.0f / static_cast<float>(bands) : 0.0f;
  // env[t] = flux between frames t - lag and t - lag + 1 (librosa pads lag frames in front).
  for (std::size_t t = lag_frames_; t < frames; ++t) {
    const std::size_t cur = t - lag_frames_ + 1;
    const float* now = mel_db_.data() + cur * bands;
    const float* before = now - bands;
    float sum = 0.0f;
    for (std::size_t b = 0; b < bands; ++b) {
      const float d = std::max(now[b], floor_db) - std::max(before[b], floor_db);
      sum += std::max(0.0f, d);
    }
    envelope_[t] = sum * inv_bands;
  }
  std::vector<float>().swap(mel_db_);  // the transient buffer goes; only the envelope stays
}

}  // namespace afterglow::analysis
