#include "afterglow/render/phase_room_tone.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "afterglow/dsp/crossfade.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/io/downmix.h"

namespace afterglow::render {

namespace {

// The original's guard: below this RMS the crest is meaningless and reported as 0.
constexpr double kCrestRmsFloor = 1e-10;

struct ChunkStats {
  double rms = 0.0;
  double peak = 0.0;
  double variance = 0.0;
};

ChunkStats measure(std::span<const float> x) {
  double sum = 0.0;
  double sum_sq = 0.0;
  double peak = 0.0;
  for (const float v : x) {
    sum += v;
    sum_sq += static_cast<double>(v) * v;
    peak = std::max(peak, static_cast<double>(std::fabs(v)));
  }
  const auto n = static_cast<double>(x.size());
  const double mean = sum / n;
  return {std::sqrt(sum_sq / n), peak, std::max(0.0, sum_sq / n - mean * mean)};
}

}  // namespace

std::vector<RoomToneChunk> find_room_tone(std::span<const float> mono, double rate,
                                          const config::RoomToneConfig& cfg) {
  std::vector<RoomToneChunk> found;
  const std::size_t chunk = seconds_to_frames(cfg.chunk_sec, rate);
  const std::size_t hop = std::max<std::size_t>(1, seconds_to_frames(cfg.hop_sec, rate));
  const auto limit = static_cast<std::size_t>(std::max(0, cfg.max_per_file));
  if (chunk == 0 || limit == 0) return found;
  std::size_t taken_end = 0;  // end of the last chunk kept: later chunks may not overlap it
  for (std::size_t start = 0; start + chunk < mono.size() && found.size() < limit; start += hop) {
    if (!found.empty() && start < taken_end) continue;
    const ChunkStats st = measure(mono.subspan(start, chunk));
    const double rms_db = dsp::lin_to_db(st.rms);
    const double crest = st.rms > kCrestRmsFloor ? st.peak / st.rms : 0.0;
    if (rms_db < cfg.min_rms_db || rms_db > cfg.max_rms_db) continue;
    if (crest > cfg.max_crest || st.variance < cfg.min_variance) continue;
    found.push_back({start, chunk, rms_db, crest});
    taken_end = start + chunk;
  }
  return found;
}

Result<PhaseOutput> render_room_tone(const PhaseSource& src, const config::Scene& scene) {
  PhaseOutput out;
  const analysis::CorpusSource& source = *src.source;
  const io::AudioBuffer& audio = source.audio();
  const double rate = audio.sample_rate;
  const config::RoomToneConfig& cfg = scene.room_tone;
  const std::vector<float> mono = io::downmix(audio);
  const std::size_t fade = seconds_to_frames(cfg.fade_ms / 1000.0, rate);
  std::size_t index = 0;
  for (const RoomToneChunk& c : find_room_tone(mono, rate, cfg)) {
    std::vector<float> x(mono.begin() + static_cast<std::ptrdiff_t>(c.start),
                         mono.begin() + static_cast<std::ptrdiff_t>(c.end()));
    if (!dsp::normalize_in_place(std::span<float>(x), cfg.norm_db)) {
      out.warnings.push_back(fmt::format("{}: room tone at {:.3f} s is silent, skipped", source.id,
                                         static_cast<double>(c.start) / rate));
      continue;
    }
    dsp::fade_in(x, std::min(fade, x.size() / 2));
    dsp::fade_out(x, std::min(fade, x.size() / 2));
    ++index;
    ItemSpec spec;
    spec.kind = SampleKind::kRoomTone;
    spec.file_name = fmt::format("{}_silence_{:03d}.wav", src.label, index);
    add_item(out, make_buffer({std::move(x)}, rate), spec, src, scene);
    ManifestRow& row = out.items.back().metadata;
    row["source_start_sec"] = static_cast<double>(c.start) / rate;
    row["source_end_sec"] = static_cast<double>(c.end()) / rate;
  }
  if (out.items.empty()) {
    out.warnings.push_back(fmt::format("{}: no quiet, steady stretch found for room tone", source.id));
  }
  return out;
}

}  // namespace afterglow::render
