// `afterglow devices`: the audio output devices of each backend, with the index and name that
// `afterglow live --device` accepts.

#include <cstdio>
#include <utility>
#include <string>

#include "afterglow/app/cli.h"
#include "afterglow/app/commands.h"
#include "afterglow/control/midi_input.h"
#include "afterglow/engine/rtaudio_driver.h"

namespace afterglow::app {
namespace {

int run_devices() {
  for (const engine::BackendListing& b : engine::list_audio_devices()) {
    std::printf("%s (--backend %s)\n", b.display_name.c_str(),
                std::string(engine::to_string(b.backend)).c_str());
    if (b.devices.empty()) {
      std::printf("  none: %s\n", b.problem.c_str());
      continue;
    }
    for (const engine::AudioDeviceListing& d : b.devices) {
      std::string rates;
      for (const unsigned int r : d.rates) rates += (rates.empty() ? "" : ", ") + std::to_string(r);
      std::printf("  %u: %s%s  (%u out, %s Hz)\n", d.index, d.name.c_str(), d.is_default ? " [default]" : "",
                  d.output_channels, rates.empty() ? "?" : rates.c_str());
    }
  }
  std::printf("offline (--backend offline)\n  the engine paced to realtime, no device\n");
  // MIDI inputs, for `afterglow live --midi-in`.
  for (const auto& [api, name] : {std::pair{control::MidiApi::kJack, "JACK MIDI"}, std::pair{control::MidiApi::kAlsa, "ALSA MIDI"}}) {
    control::MidiInputOptions options;
    options.api = api;
    auto ports = control::MidiInput::list_ports(options);
    std::printf("%s inputs (--midi-in)\n", name);
    if (!ports) {
      std::printf("  none: %s\n", ports.error().message().c_str());
      continue;
    }
    if (ports->empty()) std::printf("  none (`--midi-in virtual` opens a port of our own)\n");
    for (std::size_t i = 0; i < ports->size(); ++i) std::printf("  %zu: %s\n", i, (*ports)[i].c_str());
  }
  return kExitOk;
}

}  // namespace

void register_devices_command(CLI::App& root, int& exit_code) {
  auto* cmd = root.add_subcommand("devices", "List audio output devices per backend, and MIDI inputs");
  cmd->footer(R"(Pass an index or a name to `afterglow live --device`. JACK and PulseAudio list devices only
while their server runs. See docs/live.md.)");
  cmd->callback([&exit_code] { exit_code = run_devices(); });
}

}  // namespace afterglow::app
