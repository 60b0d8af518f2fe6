// pad_miner and drones: mining sustained pads and turning them into loops, swells and variants.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sections.h"
#include "suggest.h"

namespace afterglow::config::detail {

void read_pad_miner(SectionReader& r, PadMinerConfig& out) {
  const bool has_list = r.has("target_durations_sec");
  if (r.numbers("target_durations_sec", out.target_durations_sec, positive("s"), Need::kOptional, true) &&
      out.target_durations_sec.empty()) {
    r.warning("target_durations_sec", "is empty: no pads will be mined");
  }
  if (r.has("target_duration_sec")) {
    double legacy = 2.0;
    if (r.number("target_duration_sec", legacy, positive("s")) && !has_list) {
      out.target_durations_sec = {legacy};
    }
  }
  r.legacy("target_duration_sec", "target_durations_sec", has_list);

  r.number("min_rms_db", out.min_rms_db, at_most(0, "dB"), Need::kRequired);
  r.number("max_rms_db", out.max_rms_db, at_most(0, "dB"), Need::kRequired);
  check_order(r, "min_rms_db", out.min_rms_db, "max_rms_db", out.max_rms_db, false);
  r.number("max_onset_rate_per_second", out.max_onset_rate_per_second, non_negative("onsets/s"),
           Need::kRequired);
  r.number("spectral_flatness_threshold", out.spectral_flatness_threshold, between(0, 1), Need::kRequired);
  r.integer("max_candidates_per_file", out.max_candidates_per_file, at_least(1), Need::kRequired);

  const bool has_crossfade = r.has("loop_crossfade_ms");
  r.number("loop_crossfade_ms", out.loop_crossfade_ms, non_negative("ms"));
  if (r.has("crossfade_ms")) {
    double legacy = out.loop_crossfade_ms;
    if (r.number("crossfade_ms", legacy, non_negative("ms")) && !has_crossfade)
      out.loop_crossfade_ms = legacy;
  }
  r.legacy("crossfade_ms", "loop_crossfade_ms", has_crossfade);

  r.number("window_hop_sec", out.window_hop_sec, positive("s"), Need::kRequired);

  Bounds min_duration = positive("s");
  min_duration.max = 3600.0;
  r.number("min_duration_sec", out.min_duration_sec, min_duration);
  r.no_effect("min_duration_sec", "the pad miner uses target_durations_sec");
  r.number("expand_segment_sec", out.expand_segment_sec, non_negative("s"));
  r.no_effect("expand_segment_sec");
}

namespace {

void read_pitch_list(SectionReader& r, std::vector<int>& out) {
  std::vector<double> values;
  for (int v : out) values.push_back(v);
  if (!r.numbers("pitch_shift_semitones", values, between(-36, 36, "semitones"), Need::kRequired)) return;
  std::vector<int> ints;
  for (double v : values) {
    if (std::floor(v) != v) {
      r.error("pitch_shift_semitones",
              fmt::format("must list whole semitones (got {}); round it", format_number(v)));
      return;
    }
    ints.push_back(static_cast<int>(v));
  }
  out = std::move(ints);
}

void read_stretch_list(SectionReader& r, std::vector<double>& out) {
  if (!r.numbers("time_stretch_factors", out, any_number(), Need::kRequired)) return;
  for (double f : out) {
    // The original's behaviour, kept, but said out loud instead of silently.
    if (f <= 0.0) {
      r.warning("time_stretch_factors", fmt::format("factor {} is not > 0 and is skipped", format_number(f)));
    } else if (f > 4.0) {
      r.warning("time_stretch_factors",
                fmt::format("factor {} is above 4 and is used as 4", format_number(f)));
    }
  }
}

// The explicit length factors. Unlike the rates, a factor outside [0.25, 8] is an error: the key is
// new, so no existing config relies on silently skipping or capping; 0.25 mirrors the rates' cap of 4.
void read_length_factors(SectionReader& r, DronesConfig& out) {
  if (!r.has("stretch_factors")) return;
  std::vector<double> factors;
  if (!r.numbers("stretch_factors", factors, between(kMinLengthFactor, kMaxLengthFactor))) return;
  std::vector<double> distinct;
  for (double f : factors) {
    if (std::find(distinct.begin(), distinct.end(), f) != distinct.end()) {
      r.warning("stretch_factors",
                fmt::format("factor {} is listed twice; it is rendered once", format_number(f)));
      continue;
    }
    distinct.push_back(f);
  }
  out.stretch_factors = std::move(factors);
  if (r.has("time_stretch_factors")) {
    r.warning("time_stretch_factors",
              "has no effect here because stretch_factors is given (stretch_factors: 2.0 = twice as long; "
              "time_stretch_factors: playback rates, kept for afterglow-engine)");
  }
}

}  // namespace

void read_drones(SectionReader& r, DronesConfig& out) {
  r.number("pad_loop_duration_sec", out.pad_loop_duration_sec, positive("s"), Need::kRequired);
  if (r.texts("pad_variants", out.pad_variants, Need::kRequired)) {
    const std::vector<std::string> known{"warm", "airy", "dark"};
    for (const auto& v : out.pad_variants) {
      if (std::find(known.begin(), known.end(), v) != known.end()) continue;
      auto near = closest(v, known);
      r.warning("pad_variants", fmt::format("`{}` is not warm, airy or dark, so it is written unfiltered{}",
                                            v, near ? fmt::format("; did you mean `{}`?", *near) : ""));
    }
  }
  auto listed = [&](const char* name) {
    return std::find(out.pad_variants.begin(), out.pad_variants.end(), name) != out.pad_variants.end();
  };
  struct Filter {
    const char* key;
    const char* variant;
    double* field;
  };
  const Filter filters[] = {{"warm_lowpass_hz", "warm", &out.warm_lowpass_hz},
                            {"airy_highpass_hz", "airy", &out.airy_highpass_hz},
                            {"dark_high_cut_hz", "dark", &out.dark_high_cut_hz}};
  for (const Filter& f : filters) {
    // The original needs a filter's frequency only when that variant is listed.
    const bool used = listed(f.variant);
    r.number(f.key, *f.field, positive("Hz"), used ? Need::kRequired : Need::kOptional);
    if (used) check_below_nyquist(r, f.key, *f.field);
  }
  r.number("swell_duration_sec", out.swell_duration_sec, positive("s"), Need::kRequired);
  r.number("fade_in_sec", out.fade_in_sec, non_negative("s"), Need::kRequired);
  r.number("fade_out_sec", out.fade_out_sec, non_negative("s"), Need::kRequired);
  read_pitch_list(r, out.pitch_shift_semitones);
  // time_stretch_factors stays required when stretch_factors replaces it: the original still reads it
  // from the same config.
  read_stretch_list(r, out.time_stretch_factors);
  read_length_factors(r, out);
  r.boolean("enable_reversal", out.enable_reversal, Need::kRequired);

  Bounds target = positive("s");
  target.max = 600.0;
  r.number("target_duration_sec", out.target_duration_sec, target);
  r.no_effect("target_duration_sec", "drones use pad_loop_duration_sec and swell_duration_sec");
}

}  // namespace afterglow::config::detail
