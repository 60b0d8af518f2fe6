// `afterglow dust`: the original's dust_pads.py (reference §9.3) made right — render/dusting.h — a
// seeded hiss under every pad of a folder, mixed exactly at --mix-db.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/core/log.h"
#include "afterglow/render/dusting.h"

namespace afterglow::app {
namespace {

namespace fs = std::filesystem;

struct DustCliOptions {
  std::string pads;
  std::string hiss;
  std::string out;
  double mix_db = render::kDefaultDustMixDb;
  std::uint64_t seed = render::kDefaultDustSeed;
  bool normalize = false;
  bool dry_run = false;
};

int run_dust(const DustCliOptions& options) {
  const fs::path out = fs::absolute(options.out).lexically_normal();
  const io::ExportRoot root = io::ExportRoot::from_environment(out);
  if (auto inside = root.check(out); !inside) {
    log::error("refusing to write to {}: {}", out.string(), inside.error().what());
    return kExitFailure;
  }
  render::DustOptions dust_options;
  dust_options.mix_db = options.mix_db;
  dust_options.seed = options.seed;
  dust_options.normalize = options.normalize;
  dust_options.dry_run = options.dry_run;
  auto report = render::dust_folder(options.pads, options.hiss, out, dust_options, root);
  if (!report) {
    log::error("{}", report.error().what());
    return report.error().kind() == ErrorKind::kPermission ? kExitFailure : kExitUsage;
  }
  for (const std::string& w : report->warnings) log::warn("{}", w);
  for (const std::string& f : report->failures) log::error("skipped {}", f);
  std::string text = options.dry_run ? "Dry run: nothing is written.\n" : "";
  for (const auto& f : report->written) {
    text += fmt::format("  {}  <-  {} + {}{}\n", f.output.filename().string(), f.pad.filename().string(),
                        f.hiss.filename().string(),
                        f.gain_db != 0.0 ? fmt::format(" ({:+.2f} dB)", f.gain_db) : std::string());
  }
  text += fmt::format("{} dusted pad(s) {} {} at {:g} dB, seed {}; {} file(s) left out\n",
                      report->written.size(), options.dry_run ? "planned for" : "written to", out.string(),
                      options.mix_db, options.seed, report->failures.size());
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
  if (!report->failures.empty()) {
    log::warn("{} file(s) could not be used (listed above); every other pad was dusted",
              report->failures.size());
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace

void register_dust_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<DustCliOptions>();
  auto* cmd = root.add_subcommand("dust", "Lay a hiss under every pad of a folder");
  cmd->footer(R"(Each pad (the .wav files in --pads, by name) gets one hiss from --hiss, picked with --seed:
the same seed gives the same picks. The hiss is tiled or cut to the pad's length and mixed at --mix-db;
the pad keeps its level (no normalisation unless --normalize; a mix that would clip is scaled to
peak at -1 dBFS, with a warning). Writes <out>/<pad>_dust_<hiss>.wav, 24-bit at the pad's rate.
Exit 0 when every pad was dusted, 3 when some files could not be read or were silent (the rest is
written), 1 on a write refused outside the export root, 2 on a usage error or no usable hiss.

Example:
  afterglow dust --pads export/rain/pads --hiss export/kit/hiss --out export/dusted --mix-db -18)");
  cmd->add_option("--pads", options->pads, "Folder of pads (.wav)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--hiss", options->hiss, "Folder of hiss loops (.wav)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--out", options->out, "Output folder")->required();
  cmd->add_option("--mix-db,--mix_db", options->mix_db, "Hiss level under the pad, dB (default -12)")
      ->check(CLI::Range(-120.0, 24.0));
  cmd->add_option("--seed", options->seed, "Seed of the hiss picks");
  cmd->add_flag("--normalize", options->normalize,
                "Bring every output to -1 dBFS (the original's behaviour)");
  cmd->add_flag("--dry-run", options->dry_run, "Print the picks and write nothing");
  cmd->callback([options, &exit_code] { exit_code = run_dust(*options); });
}

}  // namespace afterglow::app
