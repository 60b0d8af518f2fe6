// brightness_tags, pre_analysis, curation, musicality: how material is judged, graded and tuned.

#include <fmt/format.h>

#include <cctype>

#include "scalar.h"
#include "sections.h"

namespace afterglow::config::detail {

void read_brightness_tags(SectionReader& r, BrightnessTagsConfig& out) {
  r.boolean("enabled", out.enabled);
  r.number("centroid_low_hz", out.centroid_low_hz, positive("Hz"));
  r.number("centroid_high_hz", out.centroid_high_hz, positive("Hz"));
  check_order(r, "centroid_low_hz", out.centroid_low_hz, "centroid_high_hz", out.centroid_high_hz, true);
}

void read_pre_analysis(SectionReader& r, PreAnalysisConfig& out) {
  r.boolean("enabled", out.enabled);
  // A non-numeric window or hop crashes the original; here it is an ordinary error.
  r.number("analysis_window_sec", out.analysis_window_sec, positive("s"));
  r.number("analysis_hop_sec", out.analysis_hop_sec, positive("s"));
  r.number("max_onset_rate_hz", out.max_onset_rate_hz, non_negative("onsets/s"));
  r.number("min_rms_db", out.min_rms_db, at_most(0, "dB"));
  r.number("max_rms_db", out.max_rms_db, at_most(0, "dB"));
  check_order(r, "min_rms_db", out.min_rms_db, "max_rms_db", out.max_rms_db, false);
  r.number("max_dc_offset", out.max_dc_offset, non_negative());
  r.number("max_crest_factor", out.max_crest_factor, positive());
  r.number("grain_quality_threshold", out.grain_quality_threshold, between(0, 1));
  Bounds windows = at_least(1);
  windows.strict_int = true;
  r.integer("min_stable_windows", out.min_stable_windows, windows);
  r.number("centroid_low_hz", out.centroid_low_hz, positive("Hz"));
  r.number("centroid_high_hz", out.centroid_high_hz, positive("Hz"));
  if (out.centroid_low_hz && out.centroid_high_hz) {
    check_order(r, "centroid_low_hz", *out.centroid_low_hz, "centroid_high_hz", *out.centroid_high_hz, false);
  }
  r.boolean("skip_clipped_regions", out.skip_clipped_regions);
  r.no_effect("skip_clipped_regions", "clipped windows are always rejected by max_crest_factor");
  r.boolean("skip_transient_regions", out.skip_transient_regions);
  r.no_effect("skip_transient_regions", "transients are always rejected by max_onset_rate_hz");
}

void read_curation(SectionReader& r, CurationConfig& out) {
  r.boolean("auto_delete_grade_f", out.auto_delete_grade_f);
  SectionReader t = r.child("thresholds");
  CurationThresholds& th = out.thresholds;
  t.number("min_rms_db", th.min_rms_db, any_number("dB"));
  if (!t.has("clipping_tolerance") && t.present() && t.context().compat) {
    t.context().warning(
        t.key_path("clipping_tolerance"), r.where("thresholds"),
        "missing; 0.0 is used as in afterglow-engine, so only outputs peaking at full scale grade F "
        "(its shipped config uses 0.01)");
  }
  t.number("clipping_tolerance", th.clipping_tolerance, between(0, 1));
  t.number("max_crest_factor", th.max_crest_factor, positive());
  t.number("max_rms_db", th.max_rms_db, any_number("dB"));
  t.no_effect("max_rms_db", "grading uses min_rms_db, clipping_tolerance and max_crest_factor");
  t.number("max_dc_offset", th.max_dc_offset, non_negative());
  t.no_effect("max_dc_offset", "grading uses min_rms_db, clipping_tolerance and max_crest_factor");
  t.finish();
}

namespace {

// "A", "a min", "F# major", "Bbm": the forms the original's docs use. The original reads only the
// root and maps anything else to C silently; here an unreadable key is at least reported.
bool looks_like_key(const std::string& key) {
  std::size_t i = 0;
  while (i < key.size() && key[i] == ' ') ++i;
  if (i >= key.size() || std::string_view("ABCDEFGabcdefg").find(key[i]) == std::string_view::npos)
    return false;
  ++i;
  if (i < key.size() && (key[i] == '#' || key[i] == 'b')) ++i;
  while (i < key.size() && key[i] == ' ') ++i;
  std::string mode;
  for (; i < key.size(); ++i)
    mode.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(key[i]))));
  while (!mode.empty() && mode.back() == ' ') mode.pop_back();
  return mode.empty() || mode == "m" || mode == "min" || mode == "minor" || mode == "maj" || mode == "major";
}

}  // namespace

void read_musicality(SectionReader& r, MusicalityConfig& out) {
  if (r.text("target_key", out.target_key) && out.target_key && !looks_like_key(*out.target_key)) {
    r.warning("target_key",
              fmt::format("\"{}\" is not a key such as \"A min\" or \"C maj\"; afterglow-engine "
                          "treats it as C",
                          *out.target_key));
  }
  YAML::Node bpm = r.take("reference_bpm");
  Scalar tempo = resolve_scalar(bpm);
  if (tempo.kind == ScalarKind::kString && tempo.text == "detect") {
    out.detect_bpm = true;
  } else if (tempo.is_number() && tempo.number > 0.0 && tempo.number <= 1000.0) {
    out.reference_bpm = tempo.number;
  } else if (tempo.kind != ScalarKind::kNull) {
    r.error("reference_bpm",
            fmt::format("must be null, \"detect\" or a tempo > 0 and <= 1000 BPM (got {})", describe(bpm)));
  }
  YAML::Node snap = r.take("snap_to_grid");
  if (snap.IsDefined() && !snap.IsNull()) r.boolean("snap_to_grid", out.snap_to_grid);
  r.numbers("bar_lengths", out.bar_lengths, positive("bars"));
}

}  // namespace afterglow::config::detail
