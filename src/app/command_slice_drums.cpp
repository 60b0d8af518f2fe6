// `afterglow slice-drums`: the original's mine_drums.py (reference §9.1) as a command over the drum
// phase (render/phase_drums.h): each source cut at its hits into <out>/<source>/drums/.

#include <memory>

#include "afterglow/app/commands.h"
#include "afterglow/app/source_command.h"

namespace afterglow::app {

void register_slice_drums_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<SourceCommandOptions>();
  auto* cmd = root.add_subcommand("slice-drums", "Cut drum recordings into one-shot slices at their hits");
  cmd->footer(R"(Settings come from the scene's drum_miner section (defaults without one) and
global.sample_rate, output_bit_depth and target_peak_dbfs. Writes
<out>/<source>/drums/<source>_drum_NNN.wav and <out>/manifest.csv (with each slice's place in the
source); --layout tr8s or both adds a TR-8S kit with a DRUMS folder.
Exit 0 when every source was sliced (no hit found is a warning), 3 when some sources failed
(unreadable, silent: the rest is written), 1 on a write failure, 2 on a usage or scene error.

Examples:
  afterglow slice-drums --source loops/break.wav --out ./export
  afterglow slice-drums --source drums/ --config config_dytiq_perc.yaml --dry-run)");
  add_source_command_options(*cmd, *options);
  cmd->callback([options, &exit_code] {
    exit_code =
        run_source_command(*options, render::Phase::kDrums, analysis::SourceRole::kDrums, "Drum slices");
  });
}

}  // namespace afterglow::app
