#include "afterglow/render/phase_common.h"

#include <algorithm>
#include <cmath>

#include "afterglow/render/grading.h"
#include "afterglow/render/manifest.h"

namespace afterglow::render {

void PhaseOutput::append(PhaseOutput&& other) {
  for (auto& item : other.items) items.push_back(std::move(item));
  for (auto& path : other.paths) paths.push_back(std::move(path));
  for (auto& w : other.warnings) warnings.push_back(std::move(w));
}

std::string_view layout_folder(SampleKind kind) {
  switch (kind) {
    case SampleKind::kSwell:
      return "swells";
    case SampleKind::kCloud:
      return "clouds";
    case SampleKind::kHissLoop:
    case SampleKind::kFlicker:
      return "hiss";
    case SampleKind::kDrumSlice:
      return "drums";
    case SampleKind::kRoomTone:
      return "silences";
    case SampleKind::kPad:
    case SampleKind::kDroneLoop:
    case SampleKind::kReversed:
      return "pads";
  }
  return "pads";
}

std::string_view manifest_type(SampleKind kind) {
  switch (kind) {
    case SampleKind::kSwell:
      return "swell";
    case SampleKind::kCloud:
      return "cloud";
    case SampleKind::kHissLoop:
    case SampleKind::kFlicker:
      return "hiss";
    case SampleKind::kDrumSlice:
      return "drum";
    case SampleKind::kRoomTone:
      return "silence";
    case SampleKind::kPad:
    case SampleKind::kDroneLoop:
    case SampleKind::kReversed:
      return "pad";
  }
  return "pad";
}

std::vector<float> centre(std::span<const float> x, std::size_t length) {
  if (x.size() <= length) return {x.begin(), x.end()};
  const std::size_t start = (x.size() - length) / 2;
  return {x.begin() + static_cast<std::ptrdiff_t>(start),
          x.begin() + static_cast<std::ptrdiff_t>(start + length)};
}

io::AudioBuffer make_buffer(std::vector<std::vector<float>> samples, double rate) {
  io::AudioBuffer b;
  b.sample_rate = rate;
  b.channels = std::move(samples);
  return b;
}

void add_musical_columns(ManifestRow& row, const analysis::CorpusSource& source) {
  const auto& sum = source.summary;
  row["detected_key"] = sum.key ? ManifestValue{analysis::key_name(sum.key->key)} : ManifestValue{};
  if (sum.tempo.confidence && *sum.tempo.confidence > 0.4) {
    row["detected_bpm"] = sum.tempo.bpm;
  } else {
    row["detected_bpm"] = ManifestValue{};
  }
}

analysis::Brightness brightness_of(const io::AudioBuffer& audio, const config::Scene& scene) {
  const AudioMetrics m = measure_audio(audio);
  return analysis::classify_brightness(
      m.centroid_hz, {scene.brightness_tags.centroid_low_hz, scene.brightness_tags.centroid_high_hz});
}

void add_item(PhaseOutput& out, io::AudioBuffer audio, const ItemSpec& spec, const PhaseSource& src,
              const config::Scene& scene) {
  MeasureOptions mo;
  mo.estimate_pitch = spec.estimate_pitch;
  mo.is_loop = spec.is_loop;
  const AudioMetrics metrics = measure_audio(audio, mo);
  const Grade grade = grade_audio(metrics, scene.curation.thresholds);

  KitItem item;
  item.audio = std::move(audio);
  item.kind = spec.kind;
  item.source_stem = src.source ? src.source->name : std::string("synthetic");
  item.variant = spec.variant;
  item.descriptive_name = spec.file_name;
  item.grade = grade;
  item.is_loop = spec.is_loop;
  ManifestRow& row = item.metadata;
  add_metrics(row, metrics, grade);
  row["filename"] = spec.file_name;
  row["source"] = item.source_stem;
  row["type"] = std::string(manifest_type(spec.kind));
  if (spec.brightness) row["brightness"] = std::string(analysis::to_string(*spec.brightness));
  if (src.source != nullptr) {
    add_musical_columns(row, *src.source);
  } else {
    row["detected_key"] = ManifestValue{};
    row["detected_bpm"] = ManifestValue{};
  }
  out.paths.push_back(std::filesystem::path(src.label) / std::string(layout_folder(spec.kind)) /
                      spec.file_name);
  out.items.push_back(std::move(item));
}

std::size_t seconds_to_frames(double seconds, double rate) {
  const double f = seconds * rate;
  return f > 0.0 && std::isfinite(f) ? static_cast<std::size_t>(f) : 0;
}

}  // namespace afterglow::render
