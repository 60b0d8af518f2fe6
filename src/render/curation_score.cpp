#include "afterglow/render/curation_score.h"

#include <cmath>
#include <string>

#include "afterglow/analysis/frame_rms.h"
#include "afterglow/analysis/spectral_centroid.h"
#include "afterglow/analysis/spectral_flatness.h"
#include "afterglow/analysis/stft.h"
#include "afterglow/io/downmix.h"

namespace afterglow::render {
namespace {

constexpr double kRmsDbEpsilon = 1e-9;
constexpr double kCrestMinRms = 1e-10;
constexpr double kClippedPeak = 0.99;
constexpr std::size_t kSwellMinFrames = 2048;

bool has_any(std::string_view name, std::initializer_list<std::string_view> words) {
  for (const std::string_view w : words) {
    if (name.find(w) != std::string_view::npos) return true;
  }
  return false;
}

template <typename T>
double mean_of(const std::vector<T>& values) {
  if (values.empty()) return 0.0;
  double sum = 0.0;
  for (const T v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

}  // namespace

std::string_view folder_name(CurateCategory category) {
  switch (category) {
    case CurateCategory::kDrums:
      return "drums";
    case CurateCategory::kSilences:
      return "silences";
    case CurateCategory::kHiss:
      return "hiss";
    case CurateCategory::kSwells:
      return "swells";
    case CurateCategory::kClouds:
      return "clouds";
    case CurateCategory::kPads:
      return "pads";
  }
  return "pads";
}

std::optional<CurateCategory> classify_for_curation(std::string_view file_name) {
  std::string name(file_name);
  for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (name.size() < 4 || name.substr(name.size() - 4) != ".wav") return std::nullopt;
  if (has_any(name, {"drum"}) && !has_any(name, {"hiss", "loop", "pad", "silence", "swell"})) {
    return CurateCategory::kDrums;
  }
  if (has_any(name, {"silence"})) return CurateCategory::kSilences;
  if (has_any(name, {"hiss"})) return CurateCategory::kHiss;
  if (has_any(name, {"swell"})) return CurateCategory::kSwells;
  if (has_any(name, {"cloud"})) return CurateCategory::kClouds;
  if (has_any(name, {"pad", "loop"}) && !has_any(name, {"swell", "drum", "hiss", "silence", "cloud"})) {
    return CurateCategory::kPads;
  }
  return std::nullopt;
}

Result<CurationFeatures> measure_for_curation(const io::AudioBuffer& audio) {
  if (audio.empty() || !(audio.sample_rate > 0.0)) {
    return Error(ErrorKind::kInvalidValue, "the file holds no audio");
  }
  const std::vector<float> mono = io::downmix(audio, io::DownmixMethod::kAverage);
  CurationFeatures f;
  f.frames = mono.size();
  f.duration_sec = static_cast<double>(mono.size()) / audio.sample_rate;
  double sum_sq = 0.0;
  for (const float x : mono) {
    f.peak = std::max(f.peak, static_cast<double>(std::fabs(x)));
    sum_sq += static_cast<double>(x) * x;
  }
  f.rms = std::sqrt(sum_sq / static_cast<double>(mono.size()));
  f.rms_db = 20.0 * std::log10(f.rms + kRmsDbEpsilon);
  f.crest = f.rms > kCrestMinRms ? f.peak / f.rms : 0.0;

  auto stft = analysis::Stft::create({2048, 512});
  if (!stft) return stft.error();
  analysis::SpectralFlatness flatness;
  analysis::SpectralCentroid centroid;
  analysis::FrameRms frame_rms;
  analysis::FrameConsumer* consumers[] = {&flatness, &centroid, &frame_rms};
  if (auto status = stft->run(mono, audio.sample_rate, consumers); !status) return status.error();
  f.mean_flatness = mean_of(flatness.values());
  f.mean_centroid_hz = mean_of(centroid.magnitude_weighted());
  const double mean_rms = mean_of(frame_rms.values());
  double var = 0.0;
  for (const float v : frame_rms.values()) var += (v - mean_rms) * (v - mean_rms);
  f.frame_rms_variance =
      frame_rms.values().empty() ? 0.0 : var / static_cast<double>(frame_rms.values().size());
  return f;
}

double curation_score(CurateCategory category, const CurationFeatures& f) {
  double score = 0.0;
  switch (category) {
    case CurateCategory::kDrums:
      if (f.peak >= kClippedPeak) score -= 100.0;
      score += 2.0 * f.crest + 0.1 * f.rms_db;
      break;
    case CurateCategory::kPads:
    case CurateCategory::kClouds:
      score -= 20.0 * f.mean_flatness;
      if (f.rms_db < -50.0) score -= 50.0;
      score += 2.0 * f.duration_sec;
      break;
    case CurateCategory::kSwells:
      score = f.frames > kSwellMinFrames ? 1000.0 * f.frame_rms_variance : -100.0;
      break;
    case CurateCategory::kSilences:
      if (f.rms_db < -70.0) score -= 100.0;
      if (f.rms_db > -30.0) score -= 50.0;
      if (f.mean_centroid_hz > 0.0) score += std::log10(f.mean_centroid_hz);
      break;
    case CurateCategory::kHiss:
      score = f.mean_centroid_hz / 1000.0;
      break;
  }
  return score;
}

}  // namespace afterglow::render
