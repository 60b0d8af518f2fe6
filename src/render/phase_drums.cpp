#include "afterglow/render/phase_drums.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "afterglow/analysis/frame_features.h"
#include "afterglow/dsp/crossfade.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/io/downmix.h"

namespace afterglow::render {

namespace {

std::size_t to_frames(int value) {
  return static_cast<std::size_t>(std::max(0, value));
}

std::size_t ms_to_samples(double ms, double rate) {
  return seconds_to_frames(ms / 1000.0, rate);
}

// The attack inside [from, to): the sample where the energy of the next few milliseconds rises most
// above the energy of the few before (prefix sums of x², O(to - from)). `from` when no candidate has a
// whole window before it.
std::size_t find_attack(std::span<const float> x, std::size_t from, std::size_t to, double rate) {
  const std::size_t w = std::max<std::size_t>(16, seconds_to_frames(kAttackWindowSec, rate));
  to = std::min(to, x.size());
  if (from >= to) return from;
  const std::size_t lo = from >= w ? from - w : 0;
  const std::size_t hi = std::min(x.size(), to + w);
  std::vector<double> prefix(hi - lo + 1, 0.0);
  for (std::size_t i = lo; i < hi; ++i)
    prefix[i - lo + 1] = prefix[i - lo] + static_cast<double>(x[i]) * x[i];
  auto energy = [&](std::size_t a, std::size_t b) {  // mean power over [a, b)
    return b > a ? (prefix[b - lo] - prefix[a - lo]) / static_cast<double>(b - a) : 0.0;
  };
  constexpr double kFloor = 1e-12;  // -120 dB: digital silence before a hit must not divide by zero
  std::size_t best = from;
  double best_ratio = -1.0;
  // Only where a whole window lies before the candidate: at the file's start an empty "before" would
  // make any sound look like an attack.
  for (std::size_t i = std::max(from, w); i < to; ++i) {
    const double before = energy(i - w, i);
    const double after = energy(i, std::min(hi, i + w));
    const double ratio = (after + kFloor) / (before + kFloor);
    if (ratio > best_ratio) {
      best_ratio = ratio;
      best = i;
    }
  }
  return best;
}

}  // namespace

Result<std::vector<std::size_t>> detect_drum_onsets(std::span<const float> mono, double rate,
                                                    const config::DrumMinerConfig& cfg) {
  if (!(rate > 0.0) || !std::isfinite(rate)) {
    return Error(ErrorKind::kInvalidValue, fmt::format("sample rate {} is not usable", rate));
  }
  analysis::FrameFeatureParams params;
  params.stft.n_fft = kDrumFft;
  params.stft.hop = kDrumHop;
  // librosa's picker with the miner's windows as given, in frames: no extra rise threshold (min_rise
  // 0), so a config tuned against afterglow-engine finds the same hits.
  analysis::PeakPickParams pick;
  pick.pre_max = to_frames(cfg.pre_max);
  pick.post_max = to_frames(cfg.post_max);
  pick.pre_avg = to_frames(cfg.pre_avg);
  pick.post_avg = to_frames(cfg.post_avg);
  pick.wait = to_frames(cfg.wait);
  pick.delta = static_cast<float>(cfg.delta);
  pick.min_rise = 0.0f;
  params.peak_pick = pick;
  auto features = analysis::compute_frame_features(mono, rate, params);
  if (!features) return features.error();
  // The first frames' windows reach into the zeros of the centring pad, so their flux rises even over
  // steady background noise: a false onset at the file's start that, with the miner's long `wait`,
  // swallows a real hit in the first ~0.35 s (afterglow-engine loses such hits too). Unless the file
  // opens on a hit, those frames are silenced before peak picking.
  std::vector<float> envelope = features->onset_strength;
  const std::size_t lead = std::min(kDrumFft, mono.size());
  if (dsp::peak(mono.first(lead)) < dsp::db_to_lin(cfg.min_peak_db)) {
    for (std::size_t t = 0; t <= kDrumFft / kDrumHop && t < envelope.size(); ++t) envelope[t] = 0.0f;
  }
  const std::vector<std::size_t> peaks = analysis::pick_onsets(envelope, pick);
  std::vector<std::size_t> samples;
  samples.reserve(peaks.size());
  if (!cfg.onset_backtrack) {
    for (const std::size_t f : peaks) samples.push_back(std::min(f * kDrumHop, mono.size()));
    return samples;
  }
  // The envelope's minimum before a peak bounds the attack from below, at frame resolution (and noise
  // can put that minimum several frames early); the peak frame bounds it from above, because the flux
  // at frame t compares windows that end before sample 512·t. The attack itself is found to the sample
  // in between, and the slice opens fade_in_ms before it, so the fade-in lies on the quiet lead-in and
  // the transient is kept whole.
  const std::vector<std::size_t> minima = analysis::backtrack_onsets(peaks, envelope);
  const std::size_t lead_in = ms_to_samples(cfg.fade_in_ms, rate);
  for (std::size_t i = 0; i < peaks.size(); ++i) {
    // Within the first frames the minimum is the centring pad's zeros, which say nothing of where the
    // hit is: a file that opens on a hit is searched from its first sample.
    const std::size_t from =
        minima[i] <= kDrumFft / kDrumHop ? 0 : std::min(minima[i] * kDrumHop, mono.size());
    const std::size_t to = std::min(std::max(peaks[i] * kDrumHop, from + 1), mono.size());
    const std::size_t attack = find_attack(mono, from, to, rate);
    std::size_t start = attack >= lead_in ? attack - lead_in : 0;
    if (!samples.empty()) start = std::max(start, samples.back());
    samples.push_back(start);
  }
  return samples;
}

Result<std::vector<DrumSlice>> find_drum_slices(std::span<const float> mono, double rate,
                                                const config::DrumMinerConfig& cfg) {
  auto onsets = detect_drum_onsets(mono, rate, cfg);
  if (!onsets) return onsets.error();
  const std::size_t max_length = seconds_to_frames(cfg.max_length_sec, rate);
  const std::size_t min_length = seconds_to_frames(cfg.min_length_sec, rate);
  const double min_peak = dsp::db_to_lin(cfg.min_peak_db);
  std::vector<DrumSlice> slices;
  for (std::size_t i = 0; i < onsets->size(); ++i) {
    DrumSlice s;
    s.start = (*onsets)[i];
    s.end = i + 1 < onsets->size() ? (*onsets)[i + 1] : mono.size();
    if (s.end <= s.start) continue;  // two onsets backtracked to the same minimum
    s.end = std::min(s.end, s.start + max_length);
    if (s.length() < min_length || s.length() == 0) continue;
    if (dsp::peak(mono.subspan(s.start, s.length())) < min_peak) continue;
    slices.push_back(s);
  }
  return slices;
}

Result<PhaseOutput> render_drums(const PhaseSource& src, const config::Scene& scene) {
  PhaseOutput out;
  const analysis::CorpusSource& source = *src.source;
  const io::AudioBuffer& audio = source.audio();
  const double rate = audio.sample_rate;
  const config::DrumMinerConfig& cfg = scene.drum_miner;
  const std::vector<float> mono = io::downmix(audio);
  auto slices = find_drum_slices(mono, rate, cfg);
  if (!slices) return slices.error();
  const auto limit = static_cast<std::size_t>(std::max(1, cfg.max_saved_per_file));
  std::size_t index = 0;
  for (const DrumSlice& s : *slices) {
    if (index >= limit) break;
    std::vector<float> x(mono.begin() + static_cast<std::ptrdiff_t>(s.start),
                         mono.begin() + static_cast<std::ptrdiff_t>(s.end));
    // Each fade at most half the slice, so a short slice keeps its shape rather than fading to nothing.
    dsp::fade_in(x, std::min(ms_to_samples(cfg.fade_in_ms, rate), x.size() / 2));
    dsp::fade_out(x, std::min(ms_to_samples(cfg.fade_out_ms, rate), x.size() / 2));
    if (!dsp::normalize_in_place(std::span<float>(x), scene.global.target_peak_dbfs)) {
      out.warnings.push_back(fmt::format("{}: drum slice at {:.3f} s is silent, skipped", source.id,
                                         static_cast<double>(s.start) / rate));
      continue;
    }
    ++index;
    ItemSpec spec;
    spec.kind = SampleKind::kDrumSlice;
    spec.file_name = fmt::format("{}_drum_{:03d}.wav", src.label, index);
    add_item(out, make_buffer({std::move(x)}, rate), spec, src, scene);
    ManifestRow& row = out.items.back().metadata;
    row["source_start_sec"] = static_cast<double>(s.start) / rate;
    row["source_end_sec"] = static_cast<double>(s.end) / rate;
  }
  if (out.items.empty()) out.warnings.push_back(fmt::format("{}: no drum hit found to slice", source.id));
  return out;
}

}  // namespace afterglow::render
