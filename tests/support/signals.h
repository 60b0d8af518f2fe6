#pragma once
// Test signals generated in code (no committed audio), and fixture files written with libsndfile
// directly, so that a reader test never depends on the writer under test.

#include <sndfile.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace afterglow::test {

inline constexpr double kTestRate = 44100.0;

// amplitude * sin(2*pi*freq*n/rate), n = 0..frames-1 (the golden fixtures' time axis).
std::vector<float> sine(double freq_hz, double amplitude, std::size_t frames, double rate = kTestRate);
// Gaussian noise with the given standard deviation, seeded.
std::vector<float> noise(double stddev, std::size_t frames, std::uint64_t seed = 1);
// Uniform noise in [-amplitude, amplitude], seeded.
std::vector<float> uniform_noise(double amplitude, std::size_t frames, std::uint64_t seed = 1);
std::vector<float> silence(std::size_t frames);
// A click of `amplitude` every `interval` samples (first at 0), zero elsewhere.
std::vector<float> clicks(std::size_t frames, std::size_t interval, float amplitude = 1.0f);

// Writes planar `channels` (equal lengths) as a file of `format` (e.g. SF_FORMAT_WAV | SF_FORMAT_PCM_16)
// with libsndfile, bypassing every project writer. Throws std::runtime_error on failure.
void write_fixture(const std::filesystem::path& path, const std::vector<std::vector<float>>& channels,
                   int rate, int format = SF_FORMAT_WAV | SF_FORMAT_PCM_16);

struct RawAudio {
  SF_INFO info{};
  std::vector<std::vector<float>> channels;  // planar float as libsndfile decodes it
  std::vector<int> ints;                     // interleaved sf_read_int codes (top-aligned 32-bit)
};
// Reads a file with libsndfile directly. Throws std::runtime_error on failure.
RawAudio read_fixture(const std::filesystem::path& path);

// A file of the Python original's golden fixtures (AFTERGLOW_GOLDEN_DIR). Fails the calling test (not a
// skip: CI always has them) when the folder or file is missing, and returns an empty path then.
std::filesystem::path golden_file(const std::string& name);

// The file's bytes.
std::string read_bytes(const std::filesystem::path& path);

}  // namespace afterglow::test
