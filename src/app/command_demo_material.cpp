// `afterglow demo-material DIR`: writes the embedded demo material as WAV files, with a summary table on
// stdout. It is also what `scripts/run.sh` runs by default until a full render exists for the scene.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/app/progress.h"
#include "afterglow/core/log.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/io/demo_material.h"
#include "afterglow/io/export_root.h"
#include "afterglow/io/wav_writer.h"

namespace afterglow::app {
namespace {

struct DemoMaterialOptions {
  std::string dir;
  double rate = 48000.0;
  int bit_depth = 24;
  std::vector<std::string> kinds;
};

int run_demo_material(const DemoMaterialOptions& options) {
  std::vector<io::DemoKind> kinds;
  for (const std::string& name : options.kinds) kinds.push_back(*io::parse_demo_kind(name));
  if (kinds.empty()) kinds.assign(io::kAllDemoKinds.begin(), io::kAllDemoKinds.end());

  const std::filesystem::path dir = std::filesystem::absolute(options.dir);
  const io::ExportRoot root = io::ExportRoot::from_environment(dir);
  io::WavWriteOptions write_options;
  write_options.bit_depth = options.bit_depth;

  std::string table = fmt::format("{:<16} {:>8} {:>3} {:>7} {:>9} {:>9}  {}\n", "file", "seconds", "ch",
                                  "rate", "peak dBFS", "rms dBFS", "content");
  int failures = 0;
  Progress progress("demo material", kinds.size());
  for (io::DemoKind kind : kinds) {
    const io::DemoFacts facts = io::demo_facts(kind);
    const std::string name = fmt::format("demo_{}.wav", facts.name);
    const io::AudioBuffer audio = io::render_demo(kind, options.rate);
    auto written = io::write_wav(dir / name, audio, write_options, root);
    progress.advance(name);
    if (!written.ok()) {
      log::error("{}: {}", name, written.error().what());
      ++failures;
      continue;
    }
    double peak = 0.0;
    double rms_sum = 0.0;
    for (const auto& channel : audio.channels) {
      peak = std::max(peak, dsp::peak(channel));
      rms_sum += dsp::rms(channel) * dsp::rms(channel);
    }
    const double rms = std::sqrt(rms_sum / static_cast<double>(audio.channel_count()));
    std::string content(facts.description);
    if (!facts.key.empty()) content += fmt::format(" (key {})", facts.key);
    if (facts.tempo_bpm > 0) content += fmt::format(" ({:.0f} BPM)", facts.tempo_bpm);
    table += fmt::format("{:<16} {:>8.2f} {:>3} {:>7.0f} {:>9.2f} {:>9.2f}  {}\n", name,
                         audio.duration_seconds(), audio.channel_count(), audio.sample_rate,
                         dsp::lin_to_db(peak), dsp::lin_to_db(rms), content);
  }
  progress.finish();
  std::fputs(table.c_str(), stdout);
  std::printf("%zu of %zu files written to %s (%d-bit)\n", kinds.size() - static_cast<std::size_t>(failures),
              kinds.size(), dir.c_str(), options.bit_depth);
  if (failures == 0) return kExitOk;
  return failures == static_cast<int>(kinds.size()) ? kExitFailure : kExitPartial;
}

}  // namespace

void register_demo_material_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<DemoMaterialOptions>();
  auto* cmd =
      root.add_subcommand("demo-material", "Write the embedded demo material (pad, drums, air) as WAV files");
  cmd->footer(R"(The demo material is about a minute of audio generated in code: an evolving A minor pad,
a 110 BPM drum loop and an airy noise texture. scenes/default.yaml plays it.

Examples:
  afterglow demo-material ./export/demo
  afterglow demo-material --rate 44100 --bit-depth 16 --kind pad /tmp/demo)");
  cmd->add_option("dir", options->dir, "Folder to write into (created if needed)")->required();
  cmd->add_option("--rate", options->rate, "Sample rate in Hz")->check(CLI::Range(8000.0, 192000.0));
  cmd->add_option("--bit-depth", options->bit_depth, "16 (TPDF dithered) or 24")
      ->check(CLI::IsMember({16, 24}));
  cmd->add_option("--kind", options->kinds, "pad, drums or air (repeatable; default all)")
      ->check(CLI::IsMember({"pad", "drums", "air"}));
  cmd->callback([options, &exit_code] { exit_code = run_demo_material(*options); });
}

}  // namespace afterglow::app
