#include "afterglow/analysis/tempo.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace afterglow::analysis {
namespace {

// The envelope divided by its standard deviation (ddof 1, as librosa); empty when it is constant.
std::vector<double> normalised(std::span<const float> envelope) {
  const std::size_t n = envelope.size();
  if (n < 2) return {};
  double mean = 0.0;
  for (float v : envelope) mean += v;
  mean /= static_cast<double>(n);
  double var = 0.0;
  for (float v : envelope) var += (v - mean) * (v - mean);
  const double sd = std::sqrt(var / static_cast<double>(n - 1));
  if (!(sd > 0.0) || !std::isfinite(sd)) return {};
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = envelope[i] / sd;
  return out;
}

bool silent(std::span<const float> envelope) {
  for (float v : envelope) {
    if (!std::isfinite(v)) return true;
  }
  return std::all_of(envelope.begin(), envelope.end(), [](float v) { return v == 0.0f; });
}

double estimate_bpm(const std::vector<double>& env, double frame_rate, const TempoParams& p) {
  const std::size_t n = env.size();
  const double mean = std::accumulate(env.begin(), env.end(), 0.0) / static_cast<double>(n);
  const auto min_lag = static_cast<std::size_t>(std::max(1.0, std::floor(frame_rate * 60.0 / p.max_bpm)));
  const auto max_lag = static_cast<std::size_t>(std::ceil(frame_rate * 60.0 / p.min_bpm));
  if (min_lag + 2 >= n) return 0.0;
  const std::size_t last_lag = std::min(max_lag + 1, n - 2);

  auto ac = [&](std::size_t lag) {
    double s = 0.0;
    for (std::size_t t = 0; t + lag < n; ++t) s += (env[t] - mean) * (env[t + lag] - mean);
    return s / static_cast<double>(n - lag);
  };
  std::vector<double> values(last_lag + 2, 0.0);
  for (std::size_t lag = min_lag > 0 ? min_lag - 1 : 0; lag <= last_lag + 1 && lag < n; ++lag)
    values[lag] = ac(lag);

  double floor_value = std::numeric_limits<double>::infinity();
  for (std::size_t lag = min_lag; lag <= std::min(max_lag, last_lag); ++lag)
    floor_value = std::min(floor_value, values[lag]);
  double best_score = -std::numeric_limits<double>::infinity();
  std::size_t best_lag = min_lag;
  for (std::size_t lag = min_lag; lag <= std::min(max_lag, last_lag); ++lag) {
    const double bpm = frame_rate * 60.0 / static_cast<double>(lag);
    const double octaves = std::log2(bpm / p.prior_bpm) / p.prior_octaves;
    const double prior = std::exp(-0.5 * octaves * octaves);
    // The prior multiplies a shifted autocorrelation (minimum 0) so a negative value cannot win by
    // being scaled down less.
    const double score = prior * (values[lag] - floor_value);
    if (score > best_score) {
      best_score = score;
      best_lag = lag;
    }
  }
  double lag = static_cast<double>(best_lag);
  if (best_lag >= 1 && best_lag + 1 < values.size()) {
    const double a = values[best_lag - 1];
    const double b = values[best_lag];
    const double c = values[best_lag + 1];
    const double denom = a - 2.0 * b + c;
    if (denom < 0.0) lag += std::clamp(0.5 * (a - c) / denom, -0.5, 0.5);
  }
  return std::clamp(frame_rate * 60.0 / lag, p.min_bpm, p.max_bpm);
}

}  // namespace

std::vector<std::size_t> track_beats(std::span<const float> envelope, double frame_rate, double bpm,
                                     double tightness) {
  const std::vector<double> env = normalised(envelope);
  const std::size_t n = env.size();
  if (n == 0 || !(bpm > 0.0) || !(frame_rate > 0.0)) return {};
  const double period = frame_rate * 60.0 / bpm;

  // Local score: the envelope smoothed by a Gaussian of period/32 (librosa's beat-tracker kernel).
  const auto reach = static_cast<std::ptrdiff_t>(std::round(period));
  std::vector<double> kernel(static_cast<std::size_t>(2 * reach + 1));
  for (std::ptrdiff_t k = -reach; k <= reach; ++k) {
    const double x = static_cast<double>(k) * 32.0 / period;
    kernel[static_cast<std::size_t>(k + reach)] = std::exp(-0.5 * x * x);
  }
  std::vector<double> local(n, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    double s = 0.0;
    for (std::ptrdiff_t k = -reach; k <= reach; ++k) {
      const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(t) - k;
      if (j >= 0 && j < static_cast<std::ptrdiff_t>(n))
        s += env[static_cast<std::size_t>(j)] * kernel[static_cast<std::size_t>(k + reach)];
    }
    local[t] = s;
  }

  // Dynamic programming over the previous beat, 0.5 to 2 periods back.
  const auto near_gap = static_cast<std::ptrdiff_t>(std::round(period / 2.0));
  const auto far_gap = static_cast<std::ptrdiff_t>(std::round(2.0 * period));
  std::vector<double> penalty(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, far_gap - near_gap + 1)));
  for (std::ptrdiff_t g = near_gap; g <= far_gap; ++g) {
    const double r = std::log(static_cast<double>(g) / period);
    penalty[static_cast<std::size_t>(g - near_gap)] = -tightness * r * r;
  }
  std::vector<double> cumulative(n, 0.0);
  std::vector<std::ptrdiff_t> backlink(n, -1);
  const double threshold = 0.01 * *std::max_element(local.begin(), local.end());
  bool first_beat = true;
  for (std::size_t i = 0; i < n; ++i) {
    double best = -std::numeric_limits<double>::infinity();
    std::ptrdiff_t where = -1;
    for (std::ptrdiff_t g = far_gap; g >= near_gap; --g) {
      const std::ptrdiff_t loc = static_cast<std::ptrdiff_t>(i) - g;
      if (loc < 0) continue;
      const double s =
          cumulative[static_cast<std::size_t>(loc)] + penalty[static_cast<std::size_t>(g - near_gap)];
      if (s > best) {
        best = s;
        where = loc;
      }
    }
    cumulative[i] = local[i] + (where >= 0 ? best : 0.0);
    if (first_beat && local[i] < threshold) {
      backlink[i] = -1;
    } else {
      backlink[i] = where;
      first_beat = false;
    }
  }

  // The last beat: the last local maximum of the cumulative score above half the maxima's median.
  std::vector<double> maxima;
  std::vector<std::size_t> maxima_at;
  for (std::size_t i = 0; i < n; ++i) {
    const bool left = i == 0 || cumulative[i] > cumulative[i - 1];
    const bool right = i + 1 == n || cumulative[i] >= cumulative[i + 1];
    if (left && right) {
      maxima.push_back(cumulative[i]);
      maxima_at.push_back(i);
    }
  }
  if (maxima.empty()) return {};
  std::vector<double> sorted = maxima;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t m = sorted.size();
  const double median = m % 2 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
  std::ptrdiff_t last = -1;
  for (std::size_t j = 0; j < maxima.size(); ++j) {
    if (maxima[j] >= 0.5 * median) last = static_cast<std::ptrdiff_t>(maxima_at[j]);
  }
  std::vector<std::size_t> beats;
  for (std::ptrdiff_t b = last; b >= 0; b = backlink[static_cast<std::size_t>(b)]) {
    beats.push_back(static_cast<std::size_t>(b));
    if (beats.size() > n) break;  // a backlink cycle cannot happen (links go back), but never loop
  }
  std::reverse(beats.begin(), beats.end());
  if (beats.empty()) return beats;

  // Trim weak leading and trailing beats (librosa's trim=True): the local score at the beats smoothed
  // by a 5-point periodic Hann, against half its RMS.
  constexpr double kHann5[5] = {0.0, 0.3454915, 0.9045085, 0.9045085, 0.3454915};
  const std::size_t b = beats.size();
  std::vector<double> smooth(b, 0.0);
  for (std::size_t i = 0; i < b; ++i) {
    for (std::ptrdiff_t k = 0; k < 5; ++k) {
      // numpy.convolve(x, w, 'same') with a 5-tap kernel: output i uses x[i + 2 - k] * w[k].
      const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + 2 - k;
      if (j >= 0 && j < static_cast<std::ptrdiff_t>(b))
        smooth[i] += local[beats[static_cast<std::size_t>(j)]] * kHann5[k];
    }
  }
  double sq = 0.0;
  for (double v : smooth) sq += v * v;
  const double cut = 0.5 * std::sqrt(sq / static_cast<double>(b));
  std::size_t first = 0;
  while (first < b && smooth[first] <= cut) ++first;
  std::size_t end = b;
  while (end > first && smooth[end - 1] <= cut) --end;
  return std::vector<std::size_t>(beats.begin() + static_cast<std::ptrdiff_t>(first),
                                  beats.begin() + static_cast<std::ptrdiff_t>(end));
}

TempoEstimate estimate_tempo(std::span<const float> envelope, double frame_rate, double duration_sec,
                             const TempoParams& params) {
  TempoEstimate e;
  if (envelope.empty() || silent(envelope) || !(frame_rate > 0.0) || !(duration_sec > 0.0)) return e;
  const std::vector<double> env = normalised(envelope);
  if (env.empty()) return e;
  e.bpm = estimate_bpm(env, frame_rate, params);
  if (!(e.bpm > 0.0)) {
    e.bpm = 0.0;
    return e;
  }
  e.beats = track_beats(envelope, frame_rate, e.bpm, params.tightness).size();
  e.confidence = std::min(1.0, static_cast<double>(e.beats) / duration_sec / 4.0);
  return e;
}

TempoEstimate estimate_tempo(const FrameFeatures& frames, const TempoParams& params) {
  if (frames.hop == 0 || !(frames.sample_rate > 0.0)) return {};
  return estimate_tempo(frames.onset_strength, frames.sample_rate / static_cast<double>(frames.hop),
                        static_cast<double>(frames.length) / frames.sample_rate, params);
}

}  // namespace afterglow::analysis
