#pragma once
// Room tone (reference §9.2, mine_silences.py, as a render phase): the quiet, steady stretches of a
// recording — the air of the room between takes — cut into short files to lay under a kit.
//
//   search    the mono downmix, in chunks of room_tone.chunk_sec taken every hop_sec (starting at every
//             position where a whole chunk fits). A chunk qualifies when min_rms_db <= RMS dB <=
//             max_rms_db, its crest (peak / RMS; 0 when the RMS is <= 1e-10) is <= max_crest and its
//             variance is >= min_variance. Every figure comes from the scene's `room_tone` section (the
//             original hard-coded them).
//   overlap   chunks are taken in time order and a chunk overlapping one already taken is skipped, so a
//             long quiet stretch is tiled by back-to-back chunks rather than yielding a file every
//             hop_sec that repeats half of the previous one. Skipping (rather than merging a stretch into
//             one long file) keeps the original's file length, and every file passes the thresholds on
//             its own.
//   output    each chunk peak-normalised to norm_db, linear fades of fade_ms in and out; at most
//             max_per_file per source; mono, at the render rate (the original always wrote 44.1 kHz
//             whatever the config said, a defect). Deterministic: no randomness.
//
// The phase reads every source but drums (render_plan.h phase_reads). Files:
// <label>/silences/<label>_silence_NNN.wav (NNN from 001); manifest type "silence", with
// source_start_sec and source_end_sec. TR-8S kit: ROOMTONE, code RT.
#include <cstddef>
#include <span>
#include <vector>

#include "afterglow/config/tool_sections.h"
#include "afterglow/render/phase_common.h"

namespace afterglow::render {

// One qualifying chunk of the source, in samples: [start, start + length).
struct RoomToneChunk {
  std::size_t start = 0;
  std::size_t length = 0;
  double rms_db = 0.0;
  double crest = 0.0;
  std::size_t end() const { return start + length; }
};

// The chunks the phase keeps, in time order, non-overlapping, at most max_per_file.
std::vector<RoomToneChunk> find_room_tone(std::span<const float> mono, double rate,
                                          const config::RoomToneConfig& cfg);

// The phase. No chunk found is not an error (a warning in the output).
Result<PhaseOutput> render_room_tone(const PhaseSource& src, const config::Scene& scene);

}  // namespace afterglow::render
