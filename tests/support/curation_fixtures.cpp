#include "support/curation_fixtures.h"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "support/signals.h"

namespace afterglow::test {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A sine at `hz` whose amplitude decays as exp(-n / tau): short tau = a sharp hit with a high crest.
std::vector<float> hit(double peak, double tau, double hz, std::size_t frames) {
  std::vector<float> x(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    x[n] = static_cast<float>(peak * std::exp(-static_cast<double>(n) / tau) *
                              std::sin(2.0 * kPi * hz * static_cast<double>(n) / kTestRate + kPi / 2.0));
  }
  return x;
}

void put(const std::filesystem::path& path, const std::vector<float>& x) {
  std::filesystem::create_directories(path.parent_path());
  write_fixture(path, {x}, static_cast<int>(kTestRate));
}

}  // namespace

CurationArchive write_curation_archive(const std::filesystem::path& root) {
  CurationArchive a;
  constexpr std::size_t kHitFrames = 13230;  // 0.3 s
  for (std::size_t i = 0; i < kArchiveDrums; ++i) {
    const std::string rel = fmt::format("{}/hit_{:02}_drum.wav", i % 2 == 0 ? "session_a" : "session_b", i);
    if (i == 2 || i == 7 || i == 13) {
      // Score about 2 x 13 - 2.3 = 24.
      put(root / rel, hit(0.9, 250.0 + 50.0 * static_cast<double>(i), 1000.0, kHitFrames));
      a.best_drums.insert(rel);
    } else if (i == 5) {
      // Peak 1.0 and a crest near 25: the best without the original's clipping penalty.
      put(root / rel, hit(1.0, 90.0, 1000.0, kHitFrames));
      a.clipped_drum = rel;
    } else {
      // Slow decays: crest about 2-3, score under 6.
      put(root / rel, hit(0.3 + 0.02 * static_cast<double>(i), 4000.0 + 300.0 * static_cast<double>(i), 200.0,
                          kHitFrames));
    }
  }
  for (std::size_t i = 0; i < kArchivePads; ++i) {
    const std::string rel = fmt::format("pads/take_{:02}_pad.wav", i);
    if (i == 4 || i == 9) {
      // Long and tonal: 2 x 2.2..2.5 s.
      put(root / rel, sine(330.0, 0.4, static_cast<std::size_t>((i == 4 ? 2.5 : 2.2) * kTestRate)));
      a.best_pads.insert(rel);
    } else if (i == 1) {
      put(root / rel, noise(0.2, static_cast<std::size_t>(2.5 * kTestRate)));  // long but noise
    } else if (i == 6) {
      put(root / rel, sine(330.0, 0.0005, static_cast<std::size_t>(3.0 * kTestRate)));  // long but -70 dB
    } else {
      put(root / rel,
          sine(330.0, 0.4, static_cast<std::size_t>((0.5 + 0.1 * static_cast<double>(i)) * kTestRate)));
    }
  }
  return a;
}

}  // namespace afterglow::test
