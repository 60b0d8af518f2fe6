// clouds and hiss: granular clouds and band-limited noise.

#include <fmt/format.h>

#include "sections.h"

namespace afterglow::config::detail {

void read_clouds(SectionReader& r, CloudsConfig& out) {
  r.number("grain_length_min_ms", out.grain_length_min_ms, positive("ms"), Need::kRequired);
  Bounds max_len = positive("ms");
  max_len.max = 10000.0;
  r.number("grain_length_max_ms", out.grain_length_max_ms, max_len, Need::kRequired);
  check_order(r, "grain_length_min_ms", out.grain_length_min_ms, "grain_length_max_ms",
              out.grain_length_max_ms, false);
  // A pool of 0 grains divides by zero in the original.
  r.integer("grains_per_cloud", out.grains_per_cloud, at_least(1), Need::kRequired);
  r.number("cloud_duration_sec", out.cloud_duration_sec, positive("s"), Need::kRequired);

  const bool has_range = r.has("pitch_shift_range");
  read_pitch_range(r, "pitch_shift_range", out.pitch_shift_range, 8.0);
  if (r.has("max_pitch_shift_semitones")) {
    double legacy = 7.0;
    if (r.number("max_pitch_shift_semitones", legacy, between(0, 48, "semitones")) && !has_range) {
      out.pitch_shift_range = PitchRange{-legacy, legacy};
    }
  }
  r.legacy("max_pitch_shift_semitones", "pitch_shift_range", has_range);

  Bounds overlap = positive();
  overlap.max = 1.0;
  overlap.max_open = true;
  r.number("overlap_ratio", out.overlap_ratio, overlap, Need::kRequired);

  // 0 and null both mean "no low-pass", as in the original.
  if (r.number("lowpass_hz", out.lowpass_hz, non_negative("Hz")) && out.lowpass_hz) {
    if (*out.lowpass_hz == 0.0) {
      out.lowpass_hz.reset();
    } else {
      check_below_nyquist(r, "lowpass_hz", *out.lowpass_hz);
    }
  }
  r.integer("clouds_per_source", out.clouds_per_source, non_negative());
  if (r.number("target_peak_dbfs", out.target_peak_dbfs, any_number("dBFS"))) {
    check_peak_dbfs(r, "target_peak_dbfs", out.target_peak_dbfs);
  }

  Bounds per_sec = positive("grains/s");
  per_sec.max = 1000.0;
  r.number("grains_per_sec", out.grains_per_sec, per_sec);
  r.no_effect("grains_per_sec", "density follows overlap_ratio");
  Bounds filter = positive("samples");
  filter.strict_int = true;
  if (r.integer("filter_length_samples", out.filter_length_samples, filter) && out.filter_length_samples) {
    const int n = *out.filter_length_samples;
    const int rate = r.context().render_rate;
    if (n > rate) {
      r.error("filter_length_samples", fmt::format("({}) exceeds sample_rate ({})", n, rate));
    } else if (n < 64) {
      r.warning("filter_length_samples", fmt::format("({}) is very short (< 64 samples)", n));
    }
  }
  r.no_effect("filter_length_samples");
}

void read_hiss(SectionReader& r, HissConfig& out) {
  r.number("loop_duration_sec", out.loop_duration_sec, positive("s"), Need::kRequired);
  r.boolean("use_bandpass", out.use_bandpass, Need::kRequired);
  if (r.number("highpass_hz", out.highpass_hz, positive("Hz"), Need::kRequired) || !r.has("highpass_hz")) {
    check_below_nyquist(r, "highpass_hz", out.highpass_hz);
  }

  struct Edge {
    const char* key;
    const char* legacy;
    double* field;
  };
  const Edge edges[] = {{"bandpass_low_hz", "band_low_hz", &out.bandpass_low_hz},
                        {"bandpass_high_hz", "band_high_hz", &out.bandpass_high_hz}};
  for (const Edge& e : edges) {
    const bool has_new = r.has(e.key);
    r.number(e.key, *e.field, positive("Hz"));
    if (r.has(e.legacy)) {
      double legacy = *e.field;
      if (r.number(e.legacy, legacy, positive("Hz")) && !has_new) *e.field = legacy;
      // A bad legacy value stands in for the new key in the rules below.
      if (r.failed(e.legacy) && !has_new) r.mark_failed(e.key);
    }
    r.legacy(e.legacy, e.key, has_new);
  }
  // The original aborts the whole run when a band edge is at or above Nyquist; catch it here.
  const char* low_key = r.has("bandpass_low_hz") || !r.has("band_low_hz") ? "bandpass_low_hz" : "band_low_hz";
  const char* high_key =
      r.has("bandpass_high_hz") || !r.has("band_high_hz") ? "bandpass_high_hz" : "band_high_hz";
  check_order(r, low_key, out.bandpass_low_hz, high_key, out.bandpass_high_hz, true);
  if (out.use_bandpass) {
    check_below_nyquist(r, low_key, out.bandpass_low_hz);
    check_below_nyquist(r, high_key, out.bandpass_high_hz);
  }

  r.number("tremolo_rate_hz", out.tremolo_rate_hz, non_negative("Hz"), Need::kRequired);
  r.number("tremolo_depth", out.tremolo_depth, between(0, 1), Need::kRequired);
  r.integer("hiss_loops_per_source", out.hiss_loops_per_source, non_negative(), Need::kRequired);

  // burst_duration_*_ms are the old names of the flicker lengths.
  const bool has_min = r.has("flicker_min_ms");
  const bool has_max = r.has("flicker_max_ms");
  r.number("flicker_min_ms", out.flicker_min_ms, positive("ms"),
           r.has("burst_duration_min_ms") ? Need::kOptional : Need::kRequired);
  r.number("flicker_max_ms", out.flicker_max_ms, positive("ms"),
           r.has("burst_duration_max_ms") ? Need::kOptional : Need::kRequired);
  check_order(r, "flicker_min_ms", out.flicker_min_ms, "flicker_max_ms", out.flicker_max_ms, false);
  double burst_min = out.flicker_min_ms;
  double burst_max = out.flicker_max_ms;
  const bool burst_min_ok = r.number("burst_duration_min_ms", burst_min, positive("ms"));
  const bool burst_max_ok = r.number("burst_duration_max_ms", burst_max, positive("ms"));
  if (r.has("burst_duration_min_ms") && r.has("burst_duration_max_ms")) {
    check_order(r, "burst_duration_min_ms", burst_min, "burst_duration_max_ms", burst_max, false);
  }
  if (burst_min_ok && !has_min) out.flicker_min_ms = burst_min;
  if (burst_max_ok && !has_max) out.flicker_max_ms = burst_max;
  r.legacy("burst_duration_min_ms", "flicker_min_ms", has_min);
  r.legacy("burst_duration_max_ms", "flicker_max_ms", has_max);

  r.integer("flicker_count", out.flicker_count, non_negative(), Need::kRequired);
  r.boolean("use_synthetic_noise", out.use_synthetic_noise, Need::kRequired);
  r.number("synthetic_noise_level_db", out.synthetic_noise_level_db, at_most(0, "dB"), Need::kRequired);
}

}  // namespace afterglow::config::detail
