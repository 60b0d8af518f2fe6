// KIT.txt: what a musician needs beside the sample folders to get the kit into the unit.

#include <fmt/format.h>

#include <array>

#include "afterglow/render/tr8s_kit.h"

namespace afterglow::render {

std::string Tr8sKitPlan::readme(const Tr8sExportOptions& options) const {
  std::string t;
  const auto line = [&t](std::string_view text = {}) {
    t += text;
    t += '\n';
  };
  line(fmt::format("TR-8S sample kit {}", kit_name));
  line(std::string(17 + kit_name.size(), '='));
  line();
  line(fmt::format("{} samples, WAV {} Hz {}-bit {}{}.", kept_count(), options.sample_rate, options.bit_depth,
                   options.stereo ? "mono and stereo" : "mono",
                   options.bit_depth == 16 && options.dither ? ", TPDF dither" : ""));
  line("Loops are baked into long one-shots (user samples cannot loop on the TR-8S):");
  line(fmt::format("each seamless loop is repeated to {} s with a {} ms fade-in and a {} ms fade-out.",
                   fmt::format("{:g}", options.loop_length_sec), fmt::format("{:g}", options.loop_fade_in_ms),
                   fmt::format("{:g}", options.loop_fade_out_ms)));
  line();
  line("Folders");
  line("-------");
  std::array<std::size_t, kTr8sCategories.size()> counts{};
  std::array<double, kTr8sCategories.size()> seconds{};
  for (const auto& s : samples) {
    if (!s.kept) continue;
    for (std::size_t c = 0; c < kTr8sCategories.size(); ++c) {
      if (kTr8sCategories[c] == s.category) {
        ++counts[c];
        seconds[c] += s.cost_sec;
      }
    }
  }
  for (std::size_t c = 0; c < kTr8sCategories.size(); ++c) {
    if (counts[c] == 0) continue;
    line(fmt::format("  {:<8} {:>4} files  {:>7.1f} s", folder_name(kTr8sCategories[c]), counts[c],
                     seconds[c]));
  }
  line();
  line("Budget (seconds of 44.1 kHz mono; a stereo file counts double, a 48 kHz file 48/44.1)");
  line("------");
  line(fmt::format("  used       {:.1f} s of {:.1f} s usable ({:g} s memory less {:g} % kept free)",
                   budget.used_sec, budget.usable_sec, budget.limits.max_total_sec,
                   budget.limits.headroom * 100.0));
  line(fmt::format("  samples    {} of {}", kept_count(), budget.limits.max_samples));
  line(fmt::format("  per file   at most {:g} s; per folder at most {} files", budget.limits.max_file_sec,
                   budget.limits.max_files_per_folder));
  line();
  line("How to import");
  line("-------------");
  line("1. Copy the ROLAND folder of this export to the root of the TR-8S's SD card, so that this kit");
  line(fmt::format("   sits at ROLAND/TR-8S/SAMPLE/{}/ on the card (merge with folders already there).",
                   kit_name));
  line("2. On the TR-8S, insert the card and use the sample import (Reference Manual, user samples) to");
  line("   import one category folder at a time: the unit imports a whole folder (up to 256 files) at once.");
  line("3. Assign the imported samples to instruments as with any user sample.");
  line("4. Free memory by deleting samples you do not use, then run the unit's Optimize command:");
  line("   importing and deleting fragments the sample memory, and Optimize compacts it.");
  line();
  line("Check a kit before copying it:  afterglow tr8s-check <export folder>");

  bool any_left_out = false;
  for (const auto& s : samples) any_left_out = any_left_out || !s.kept;
  if (any_left_out) {
    line();
    line("Left out");
    line("--------");
    for (const auto& s : samples) {
      if (s.kept) continue;
      std::string name = "(unnamed)";
      if (auto it = s.manifest_row.find("filename"); it != s.manifest_row.end())
        name = python_str(it->second);
      line(fmt::format("  {} [{}, grade {}]: {}", name, folder_name(s.category), to_string(s.grade),
                       s.omission));
    }
  }
  return t;
}

}  // namespace afterglow::render
