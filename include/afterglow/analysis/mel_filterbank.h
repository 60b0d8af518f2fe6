#pragma once
// A Slaney mel filterbank as librosa.filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, htk=False,
// norm="slaney") builds it: triangles on the Slaney mel scale (linear below 1 kHz, logarithmic above),
// each scaled to unit area (2 / bandwidth). Stored sparsely — each band's first bin and its run of
// non-zero weights — because a dense 128 x 1025 matrix is 98 % zeros and the product ran 50x slower.

#include <cstddef>
#include <span>
#include <vector>

namespace afterglow::analysis {

// The Slaney scale (librosa's default, htk=False).
double hz_to_mel_slaney(double hz);
double mel_to_hz_slaney(double mel);

class MelFilterbank {
 public:
  MelFilterbank() = default;
  MelFilterbank(double sample_rate, std::size_t n_fft, std::size_t n_mels = 128);

  std::size_t bands() const { return first_bin_.size(); }
  std::size_t bins() const { return bins_; }

  // mel[b] = sum_k W[b][k] * power[k]; power.size() == bins(), mel.size() == bands().
  void apply(std::span<const float> power, std::span<float> mel) const;

  // The dense weight W[band][bin] (tests compare it with the reference construction).
  float weight(std::size_t band, std::size_t bin) const;
  // Bins with a non-zero weight in `band`: [first, first + count).
  std::size_t first_bin(std::size_t band) const { return first_bin_[band]; }
  std::size_t bin_count(std::size_t band) const { return offset_[band + 1] - offset_[band]; }

 private:
  std::size_t bins_ = 0;
  std::vector<std::size_t> first_bin_;
  std::vector<std::size_t> offset_;  // into weights_, bands() + 1 entries
  std::vector<float> weights_;
};

}  // namespace afterglow::analysis
