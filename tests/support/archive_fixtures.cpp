#include "support/archive_fixtures.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace afterglow::test {

namespace {
constexpr double kPi = std::numbers::pi;

std::size_t at(double seconds, double rate) {
  return static_cast<std::size_t>(seconds * rate);
}
}  // namespace

DrumLoop drum_loop(double rate, std::uint64_t seed) {
  // Intervals chosen by hand: irregular, each longer than the default drum_miner wait (30 frames of
  // 512 samples, 0.35 s at 44.1 kHz) so that every hit is meant to be found.
  const double gaps[] = {0.55, 0.42, 0.71, 0.48, 0.63, 0.44, 0.58, 0.69,
                         0.46, 0.52, 0.67, 0.43, 0.61, 0.50, 0.57};
  const double peaks[] = {0.9, 0.5,  0.7,  0.35, 0.8,  0.45, 0.6, 0.9,
                          0.4, 0.75, 0.55, 0.85, 0.38, 0.65, 0.5, 0.7};
  DrumLoop loop;
  loop.rate = rate;
  double t = 0.3;
  loop.hits.push_back(at(t, rate));
  for (const double g : gaps) {
    t += g;
    loop.hits.push_back(at(t, rate));
  }
  const std::size_t frames = loop.hits.back() + at(1.0, rate);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  loop.audio.resize(frames);
  for (auto& v : loop.audio) v = static_cast<float>(0.001 * gauss(rng));  // -60 dBFS RMS background
  for (std::size_t h = 0; h < loop.hits.size(); ++h) {
    const double decay = 0.03 + 0.01 * static_cast<double>(h % 4);  // 30-60 ms
    const double body_hz = h % 3 == 0 ? 70.0 + 10.0 * static_cast<double>(h % 5) : 0.0;
    const std::size_t length = at(0.35, rate);
    for (std::size_t n = 0; n < length && loop.hits[h] + n < frames; ++n) {
      const double s = static_cast<double>(n) / rate;
      const double env = std::exp(-s / decay);
      double x = 0.6 * gauss(rng) * env;
      if (body_hz > 0.0) x += std::sin(2.0 * kPi * body_hz * s) * std::exp(-s / (2.0 * decay));
      loop.audio[loop.hits[h] + n] += static_cast<float>(peaks[h] * std::clamp(x, -1.0, 1.0));
    }
  }
  return loop;
}

RoomToneRecording room_tone_recording(double rate, std::uint64_t seed) {
  RoomToneRecording rec;
  rec.rate = rate;
  const std::size_t frames = at(12.0, rate);
  rec.quiet = {
      {at(2.0, rate), at(3.0, rate)}, {at(5.5, rate), at(6.3, rate)}, {at(9.0, rate), at(10.6, rate)}};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  rec.audio.resize(frames);
  const double quiet_rms = std::pow(10.0, -55.0 / 20.0);
  std::size_t q = 0;
  for (std::size_t n = 0; n < frames; ++n) {
    while (q < rec.quiet.size() && n >= rec.quiet[q].end) ++q;
    const bool quiet = q < rec.quiet.size() && n >= rec.quiet[q].start;
    const double s = static_cast<double>(n) / rate;
    double x = 0.0;
    if (quiet) {
      x = quiet_rms * gauss(rng);
    } else {
      const double tremolo = 0.75 + 0.25 * std::sin(2.0 * kPi * 3.0 * s);
      x = tremolo * (0.2 * std::sin(2.0 * kPi * 220.0 * s) + 0.15 * std::sin(2.0 * kPi * 277.2 * s) +
                     0.12 * std::sin(2.0 * kPi * 329.6 * s)) +
          0.05 * gauss(rng);
    }
    rec.audio[n] = static_cast<float>(x);
  }
  return rec;
}

}  // namespace afterglow::test
