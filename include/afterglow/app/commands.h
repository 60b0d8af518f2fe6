#pragma once
// Each subcommand lives in its own file (src/app/command_<name>.cpp) and registers itself here. A
// command's callback stores its exit code in the shared `int`.

#include <CLI/CLI.hpp>

namespace afterglow::app {

void register_analyze_command(CLI::App& root, int& exit_code);
void register_check_command(CLI::App& root, int& exit_code);
void register_demo_material_command(CLI::App& root, int& exit_code);
void register_tr8s_check_command(CLI::App& root, int& exit_code);
void register_params_command(CLI::App& root, int& exit_code);
void register_render_events_command(CLI::App& root, int& exit_code);
void register_render_command(CLI::App& root, int& exit_code);
void register_live_command(CLI::App& root, int& exit_code);
void register_devices_command(CLI::App& root, int& exit_code);
void register_replay_command(CLI::App& root, int& exit_code);
void register_touchosc_command(CLI::App& root, int& exit_code);
void register_slice_drums_command(CLI::App& root, int& exit_code);
void register_room_tone_command(CLI::App& root, int& exit_code);
void register_dust_command(CLI::App& root, int& exit_code);
void register_contact_sheet_command(CLI::App& root, int& exit_code);
void register_curate_command(CLI::App& root, int& exit_code);
void register_batch_command(CLI::App& root, int& exit_code);

}  // namespace afterglow::app
