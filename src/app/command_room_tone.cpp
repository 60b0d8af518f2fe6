// `afterglow room-tone`: the original's mine_silences.py (reference §9.2) as a command over the room
// tone phase (render/phase_room_tone.h): the quiet, steady stretches of each source cut into
// <out>/<source>/silences/. Every threshold comes from the scene's room_tone section, and each can be
// overridden here for one run.

#include <memory>
#include <optional>

#include "afterglow/app/commands.h"
#include "afterglow/app/source_command.h"
#include "afterglow/core/log.h"

namespace afterglow::app {
namespace {

struct RoomToneOverrides {
  std::optional<double> chunk_sec;
  std::optional<double> hop_sec;
  std::optional<double> min_rms_db;
  std::optional<double> max_rms_db;
  std::optional<double> max_crest;
  std::optional<double> min_variance;
  std::optional<double> norm_db;
  std::optional<double> fade_ms;
  std::optional<int> max_per_file;
};

// The flags over the scene's section. Each flag's own range is checked by CLI11; what spans two values
// (min_rms_db <= max_rms_db, also against the scene's) is checked here, after merging.
bool apply(const RoomToneOverrides& o, config::RoomToneConfig& rt) {
  auto set = [](const std::optional<double>& v, double& field) {
    if (v) field = *v;
  };
  set(o.chunk_sec, rt.chunk_sec);
  set(o.hop_sec, rt.hop_sec);
  set(o.min_rms_db, rt.min_rms_db);
  set(o.max_rms_db, rt.max_rms_db);
  set(o.max_crest, rt.max_crest);
  set(o.min_variance, rt.min_variance);
  set(o.norm_db, rt.norm_db);
  set(o.fade_ms, rt.fade_ms);
  if (o.max_per_file) rt.max_per_file = *o.max_per_file;
  if (rt.min_rms_db > rt.max_rms_db) {
    log::error("the room-tone RMS range is empty: --min-rms-db {} is above --max-rms-db {}", rt.min_rms_db,
               rt.max_rms_db);
    return false;
  }
  return true;
}

}  // namespace

void register_room_tone_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<SourceCommandOptions>();
  auto overrides = std::make_shared<RoomToneOverrides>();
  auto* cmd = root.add_subcommand("room-tone", "Find the quiet, steady room tone in recordings");
  cmd->footer(R"(Settings come from the scene's room_tone section (defaults without one: 0.3 s chunks every
0.15 s, RMS -80..-45 dB, crest <= 5, variance >= 1e-9, -12 dBFS peak, 4.5 ms fades, 50 per file); each
flag below overrides one key for this run. Files are written at global.sample_rate:
<out>/<source>/silences/<source>_silence_NNN.wav and <out>/manifest.csv (with each chunk's place in
the source); --layout tr8s or both adds a TR-8S kit with a ROOMTONE folder.
Exit 0 when every source was read (none found is a warning), 3 when some sources failed (unreadable,
silent: the rest is written), 1 on a write failure, 2 on a usage or scene error.

Examples:
  afterglow room-tone --source takes/session1.wav --out ./export
  afterglow room-tone --source takes/ --max-rms-db -50 --norm-db -18)");
  add_source_command_options(*cmd, *options);
  const CLI::Range level(-200.0, 0.0);
  cmd->add_option("--chunk-sec", overrides->chunk_sec, "Chunk length, s")->check(CLI::Range(0.001, 60.0));
  cmd->add_option("--hop-sec", overrides->hop_sec, "Step between chunks, s")->check(CLI::Range(0.001, 60.0));
  cmd->add_option("--min-rms-db", overrides->min_rms_db, "Quietest chunk RMS, dB")->check(level);
  cmd->add_option("--max-rms-db", overrides->max_rms_db, "Loudest chunk RMS, dB")->check(level);
  cmd->add_option("--max-crest", overrides->max_crest, "Largest peak/RMS (steadiness)")
      ->check(CLI::Range(1.0, 1000.0));
  cmd->add_option("--min-variance", overrides->min_variance,
                  "Smallest variance (digital silence is not room tone)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--norm-db,--norm_db", overrides->norm_db, "Peak of each file, dBFS")->check(level);
  cmd->add_option("--fade-ms", overrides->fade_ms, "Fade in and out, ms")->check(CLI::Range(0.0, 10000.0));
  cmd->add_option("--max-per-file", overrides->max_per_file, "Most files per source")
      ->check(CLI::Range(1, 1000000));
  cmd->callback([options, overrides, &exit_code] {
    exit_code =
        run_source_command(*options, render::Phase::kRoomTone, analysis::SourceRole::kSource, "Room tone",
                           [&](config::Scene& scene) { return apply(*overrides, scene.room_tone); });
  });
}

}  // namespace afterglow::app
