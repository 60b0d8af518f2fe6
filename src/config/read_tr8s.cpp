// tr8s: the Roland TR-8S kit export. The limits are the sampler's (400 samples, 600 s in total,
// 180 s per file, 16-character names), so a kit that validates here also imports.

#include <fmt/format.h>

#include "sections.h"

namespace afterglow::config::detail {

void read_tr8s(SectionReader& r, Tr8sConfig& out) {
  std::string name = out.kit_name;
  if (r.text("kit_name", name)) {
    bool valid = !name.empty() && name.size() <= 16;
    for (char c : name) {
      valid = valid && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
    }
    if (!valid) {
      std::string fixed;
      for (char c : name) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (fixed.size() < 16) fixed.push_back(ok ? c : '_');
      }
      r.error("kit_name", fmt::format("must be 1 to 16 characters of A-Z, 0-9, _ and - (got \"{}\"){}", name,
                                      fixed.empty() ? "" : fmt::format("; for example \"{}\"", fixed)));
    } else {
      out.kit_name = name;
    }
  }
  int rate = out.sample_rate;
  if (r.integer("sample_rate", rate)) {
    if (rate != 44100 && rate != 48000) {
      r.error("sample_rate", fmt::format("must be 44100 or 48000 Hz (got {})", rate));
    } else {
      out.sample_rate = rate;
    }
  }
  int depth = out.bit_depth;
  if (r.integer("bit_depth", depth)) {
    if (depth != 16 && depth != 24) {
      r.error("bit_depth", fmt::format("must be 16 or 24 (got {})", depth));
    } else {
      out.bit_depth = depth;
    }
  }
  r.boolean("stereo", out.stereo);
  Bounds loop = positive("s");
  loop.max = 180.0;
  r.number("loop_length_sec", out.loop_length_sec, loop);
  r.number("headroom", out.headroom, between(0, 0.5));
  r.integer("max_samples", out.max_samples, between(1, 400));
  Bounds total = positive("s");
  total.max = 600.0;
  r.number("max_total_sec", out.max_total_sec, total);
  Bounds file = positive("s");
  file.max = 180.0;
  r.number("max_file_sec", out.max_file_sec, file);
  check_order(r, "loop_length_sec", out.loop_length_sec, "max_file_sec", out.max_file_sec, false);
  r.boolean("dither", out.dither);
}

}  // namespace afterglow::config::detail
