// drum_miner (the original's transient slicer), room_tone (its room-tone tool, made configurable) and
// the sections the original validates but never reads: drone_maker, granular_maker, swells.

#include <fmt/format.h>

#include "sections.h"

namespace afterglow::config::detail {

void read_drum_miner(SectionReader& r, DrumMinerConfig& out) {
  r.boolean("onset_backtrack", out.onset_backtrack);
  r.integer("pre_max", out.pre_max, non_negative("frames"));
  r.integer("post_max", out.post_max, non_negative("frames"));
  r.integer("pre_avg", out.pre_avg, non_negative("frames"));
  r.integer("post_avg", out.post_avg, non_negative("frames"));
  r.number("delta", out.delta, non_negative());
  r.integer("wait", out.wait, non_negative("frames"));
  r.number("max_length_sec", out.max_length_sec, positive("s"));
  r.number("min_length_sec", out.min_length_sec, non_negative("s"));
  check_order(r, "min_length_sec", out.min_length_sec, "max_length_sec", out.max_length_sec, false);
  r.number("fade_in_ms", out.fade_in_ms, non_negative("ms"));
  r.number("fade_out_ms", out.fade_out_ms, non_negative("ms"));
  r.number("min_peak_db", out.min_peak_db, at_most(0, "dB"));
  r.integer("max_saved_per_file", out.max_saved_per_file, at_least(1));
  for (const char* key : {"enabled", "slice_mode", "fixed_length_sec", "max_peak_db"}) {
    r.take(key);  // registered: parsed by the original, used by none of its code
    r.no_effect(key, "afterglow-engine's drum miner ignores it too");
  }
}

void read_room_tone(SectionReader& r, RoomToneConfig& out) {
  Bounds chunk = positive("s");
  chunk.max = 60.0;
  r.number("chunk_sec", out.chunk_sec, chunk);
  r.number("hop_sec", out.hop_sec, chunk);
  r.number("min_rms_db", out.min_rms_db, at_most(0, "dB"));
  r.number("max_rms_db", out.max_rms_db, at_most(0, "dB"));
  check_order(r, "min_rms_db", out.min_rms_db, "max_rms_db", out.max_rms_db, false);
  // Peak over RMS is at least 1 for any signal: a smaller limit would accept nothing.
  r.number("max_crest", out.max_crest, at_least(1));
  r.number("min_variance", out.min_variance, non_negative());
  r.number("norm_db", out.norm_db, at_most(0, "dBFS"));
  r.number("fade_ms", out.fade_ms, non_negative("ms"));
  r.integer("max_per_file", out.max_per_file, at_least(1));
}

namespace {

const char* const kNeverRead = "afterglow-engine validates it but no part of it reads it";

void read_maker(SectionReader& r, std::optional<std::vector<double>>& durations,
                std::optional<double>& crossfade, std::optional<PitchRange>& range) {
  {
    std::vector<double> list;
    if (r.has("target_durations_sec") && r.numbers("target_durations_sec", list, positive("s"))) {
      if (list.empty()) {
        r.error("target_durations_sec", "must list at least one duration");
      } else {
        durations = list;
      }
    }
    r.no_effect("target_durations_sec", kNeverRead);
    r.number("loop_crossfade_ms", crossfade, non_negative("ms"));
    r.no_effect("loop_crossfade_ms", kNeverRead);
  }
  if (r.has("pitch_shift_range")) {
    PitchRange value;
    if (read_pitch_range(r, "pitch_shift_range", value, 0.0)) range = value;
  }
  r.no_effect("pitch_shift_range", kNeverRead);
}

}  // namespace

void read_drone_maker(SectionReader& r, DroneMakerConfig& out) {
  read_maker(r, out.target_durations_sec, out.loop_crossfade_ms, out.pitch_shift_range);
}

void read_granular_maker(SectionReader& r, GranularMakerConfig& out) {
  read_maker(r, out.target_durations_sec, out.loop_crossfade_ms, out.pitch_shift_range);
}

void read_swells(SectionReader& r, SwellsConfig& out) {
  r.number("attack_sec", out.attack_sec, non_negative("s"));
  r.no_effect("attack_sec", "swells use drones.fade_in_sec");
  r.number("decay_sec", out.decay_sec, non_negative("s"));
  r.no_effect("decay_sec", "swells use drones.fade_out_sec");
  Bounds total = positive("s");
  total.max = 300.0;
  r.number("total_duration_sec", out.total_duration_sec, total);
  r.no_effect("total_duration_sec", "swells use drones.swell_duration_sec");
}

}  // namespace afterglow::config::detail
