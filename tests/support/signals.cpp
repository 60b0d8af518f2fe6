#include "support/signals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <random>
#include <stdexcept>

namespace afterglow::test {

std::vector<float> sine(double freq_hz, double amplitude, std::size_t frames, double rate) {
  std::vector<float> out(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    out[n] = static_cast<float>(amplitude *
                                std::sin(2.0 * std::numbers::pi * freq_hz * static_cast<double>(n) / rate));
  }
  return out;
}

std::vector<float> noise(double stddev, std::size_t frames, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> dist(0.0, stddev);
  std::vector<float> out(frames);
  for (auto& v : out) v = static_cast<float>(dist(rng));
  return out;
}

std::vector<float> uniform_noise(double amplitude, std::size_t frames, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(-amplitude, amplitude);
  std::vector<float> out(frames);
  for (auto& v : out) v = static_cast<float>(dist(rng));
  return out;
}

std::vector<float> silence(std::size_t frames) {
  return std::vector<float>(frames, 0.0f);
}

std::vector<float> clicks(std::size_t frames, std::size_t interval, float amplitude) {
  std::vector<float> out(frames, 0.0f);
  for (std::size_t n = 0; interval > 0 && n < frames; n += interval) out[n] = amplitude;
  return out;
}

void write_fixture(const std::filesystem::path& path, const std::vector<std::vector<float>>& channels,
                   int rate, int format) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = static_cast<int>(channels.size());
  info.format = format;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  if (f == nullptr) throw std::runtime_error("write_fixture: " + std::string(sf_strerror(nullptr)));
  const std::size_t frames = channels.empty() ? 0 : channels[0].size();
  std::vector<float> interleaved(frames * channels.size());
  for (std::size_t n = 0; n < frames; ++n) {
    for (std::size_t c = 0; c < channels.size(); ++c) interleaved[n * channels.size() + c] = channels[c][n];
  }
  const sf_count_t done = sf_writef_float(f, interleaved.data(), static_cast<sf_count_t>(frames));
  sf_close(f);
  if (done != static_cast<sf_count_t>(frames)) throw std::runtime_error("write_fixture: short write");
}

RawAudio read_fixture(const std::filesystem::path& path) {
  RawAudio raw;
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &raw.info);
  if (f == nullptr) throw std::runtime_error("read_fixture: " + std::string(sf_strerror(nullptr)));
  const auto frames = static_cast<std::size_t>(raw.info.frames);
  const auto ch = static_cast<std::size_t>(raw.info.channels);
  raw.ints.resize(frames * ch);
  sf_readf_int(f, raw.ints.data(), static_cast<sf_count_t>(frames));
  sf_seek(f, 0, SEEK_SET);
  std::vector<float> interleaved(frames * ch);
  sf_readf_float(f, interleaved.data(), static_cast<sf_count_t>(frames));
  sf_close(f);
  raw.channels.assign(ch, std::vector<float>(frames));
  for (std::size_t n = 0; n < frames; ++n) {
    for (std::size_t c = 0; c < ch; ++c) raw.channels[c][n] = interleaved[n * ch + c];
  }
  return raw;
}

std::filesystem::path golden_file(const std::string& name) {
  const std::filesystem::path dir = AFTERGLOW_GOLDEN_DIR;
  const auto path = dir / name;
  if (!std::filesystem::is_regular_file(path)) {
    ADD_FAILURE()
        << "Golden fixture missing: " << path.string()
        << " (the shared golden folder must sit next to the repository: ../shared/golden/afterglow)";
    return {};
  }
  return path;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace afterglow::test
